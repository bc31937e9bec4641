package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.domain.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * A job this instance holds the lease on, from claim to release. Its ticks never overlap: a tick is
 * queued, runs, then either queues the next, waits on a timer, or ends the run.
 */
final class JobRun {

  enum Phase {
    QUEUED,
    TICKING,
    WAITING,
    DONE
  }

  private final JobId jobId;
  private Phase phase = Phase.QUEUED;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable ActiveCall activeCall;
  private volatile Instant leaseExpiresAt;
  private volatile @Nullable StopReason stopping;
  private boolean wakeRequested;
  private int consecutiveErrors;

  /** The last event this run's own commands recorded: the cause of its next command. */
  @Nullable RecordedEvent lastEvent;

  JobRun(JobId jobId, Instant leaseExpiresAt) {
    this.jobId = jobId;
    this.leaseExpiresAt = leaseExpiresAt;
  }

  JobId jobId() {
    return jobId;
  }

  Instant leaseExpiresAt() {
    return leaseExpiresAt;
  }

  void leaseRenewed(Instant expiresAt) {
    leaseExpiresAt = expiresAt;
  }

  /** Set when the whole run must end: the lease was lost or the instance is stopping. */
  @Nullable StopReason stopping() {
    return stopping;
  }

  /**
   * Ends the run after the current tick, letting a running agent call finish: no next step starts.
   */
  void drain(StopReason reason) {
    stopping = reason;
  }

  void stop(StopReason reason) {
    stopping = reason;
    ActiveCall call = activeCall();
    if (call != null) {
      call.stop(reason);
    }
  }

  synchronized Phase phase() {
    return phase;
  }

  /** QUEUED → TICKING; false if the run has ended meanwhile. */
  synchronized boolean beginTick() {
    if (phase == Phase.DONE) {
      return false;
    }
    phase = Phase.TICKING;
    wakeRequested = false;
    return true;
  }

  synchronized void queued() {
    phase = Phase.QUEUED;
    timer = null;
  }

  /**
   * TICKING → WAITING, before the timer is scheduled (so it cannot fire unnoticed). Returns false,
   * and queues the run instead, if a wake-up came while the tick ran: the tick may have read the
   * job before the news.
   */
  synchronized boolean waiting() {
    timer = null;
    if (wakeRequested) {
      wakeRequested = false;
      phase = Phase.QUEUED;
      return false;
    }
    phase = Phase.WAITING;
    return true;
  }

  /** Remembers the timer that ends the wait, unless the wait already ended. */
  synchronized void waitingOn(ScheduledFuture<?> timer) {
    if (phase == Phase.WAITING) {
      this.timer = timer;
    } else {
      timer.cancel(false);
    }
  }

  /**
   * WAITING → QUEUED, cancelling the timer; false if the run is not waiting. A queued tick will see
   * the news itself; a running one is remembered to look again instead of waiting.
   */
  synchronized boolean wakeFromWait() {
    if (phase != Phase.WAITING) {
      wakeRequested = phase == Phase.TICKING;
      return false;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    queued();
    return true;
  }

  /** Ends the run; returns false if it had ended already. */
  synchronized boolean done() {
    if (phase == Phase.DONE) {
      return false;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    phase = Phase.DONE;
    return true;
  }

  synchronized @Nullable ActiveCall activeCall() {
    return activeCall;
  }

  synchronized void callStarted(ActiveCall call) {
    activeCall = call;
    if (stopping != null) {
      call.stop(stopping);
    }
  }

  synchronized void callEnded() {
    activeCall = null;
  }

  /** The wait before retrying after a tick failed unexpectedly: 0.5 s doubling up to 30 s. */
  Duration errorBackoff() {
    consecutiveErrors++;
    long millis = 500L << Math.min(consecutiveErrors - 1, 6);
    return Duration.ofMillis(Math.min(millis, 30_000));
  }

  /**
   * The wait before looking again while the database is away: 250 ms doubling up to 2 s, so the job
   * resumes within about 2 s of the database's return.
   */
  Duration unavailableBackoff() {
    consecutiveErrors++;
    long millis = 250L << Math.min(consecutiveErrors - 1, 3);
    return Duration.ofMillis(Math.min(millis, 2_000));
  }

  void tickSucceeded() {
    consecutiveErrors = 0;
  }
}
