package io.jobtrail.application.orchestrator;

import java.time.Duration;
import java.util.Objects;

/**
 * How one orchestrator instance behaves.
 *
 * @param instanceId names this instance in leases, heartbeats, events and logs; unique among the
 *     instances sharing a database (a new one per process start)
 * @param workers agent calls that may run at once
 * @param maxActiveJobs jobs this instance holds leases on at once (running, queued or waiting for a
 *     retry)
 * @param pollInterval how often it looks for running jobs without a live lease
 * @param leaseDuration how long a lease lives without renewal; another instance takes a job over
 *     within about this plus {@code pollInterval} after its owner stops
 * @param heartbeatInterval how often leases are renewed and the instance's heartbeat written
 * @param controlCheckInterval how often a running agent call looks for a cancel or pause recorded
 *     elsewhere (a command on this instance wakes it at once)
 * @param pauseMode what a pause does to a running agent call
 * @param retryJitter the retry delay is the job's backoff times a random factor in {@code [1 -
 *     jitter, 1 + jitter]}, capped at its maximum
 * @param shutdownGrace how long {@link Orchestrator#close()} lets running agent calls finish by
 *     themselves before it interrupts them and records them interrupted
 */
public record OrchestratorSettings(
    String instanceId,
    int workers,
    int maxActiveJobs,
    Duration pollInterval,
    Duration leaseDuration,
    Duration heartbeatInterval,
    Duration controlCheckInterval,
    PauseMode pauseMode,
    double retryJitter,
    Duration shutdownGrace) {

  public OrchestratorSettings {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(pauseMode, "pauseMode");
    require(!instanceId.isBlank() && instanceId.length() <= 100, "instanceId: 1 to 100 characters");
    require(workers >= 1 && workers <= 1_000, "workers must be between 1 and 1000");
    require(maxActiveJobs >= workers, "maxActiveJobs must be at least workers");
    require(positive(pollInterval), "pollInterval must be positive");
    require(positive(leaseDuration), "leaseDuration must be positive");
    require(
        positive(heartbeatInterval) && heartbeatInterval.compareTo(leaseDuration.dividedBy(2)) <= 0,
        "heartbeatInterval must be positive and at most half the leaseDuration");
    require(positive(controlCheckInterval), "controlCheckInterval must be positive");
    require(retryJitter >= 0 && retryJitter <= 1, "retryJitter must be between 0 and 1");
    require(!shutdownGrace.isNegative(), "shutdownGrace must not be negative");
  }

  /**
   * 128 workers, 256 active jobs, a poll every 250 ms, a 10 s lease renewed every 3 s, control
   * checks every 200 ms, pauses at the step boundary, 20 % jitter, 5 s shutdown grace.
   */
  public static OrchestratorSettings defaults(String instanceId) {
    return new OrchestratorSettings(
        instanceId,
        128,
        256,
        Duration.ofMillis(250),
        Duration.ofSeconds(10),
        Duration.ofSeconds(3),
        Duration.ofMillis(200),
        PauseMode.AT_STEP_BOUNDARY,
        0.2,
        Duration.ofSeconds(5));
  }

  public OrchestratorSettings withWorkers(int workers, int maxActiveJobs) {
    return new OrchestratorSettings(
        instanceId,
        workers,
        maxActiveJobs,
        pollInterval,
        leaseDuration,
        heartbeatInterval,
        controlCheckInterval,
        pauseMode,
        retryJitter,
        shutdownGrace);
  }

  /** A lease of {@code duration}, renewed every third of it. */
  public OrchestratorSettings withLease(Duration duration) {
    return new OrchestratorSettings(
        instanceId,
        workers,
        maxActiveJobs,
        pollInterval,
        duration,
        duration.dividedBy(3),
        controlCheckInterval,
        pauseMode,
        retryJitter,
        shutdownGrace);
  }

  public OrchestratorSettings withPollInterval(Duration interval) {
    return new OrchestratorSettings(
        instanceId,
        workers,
        maxActiveJobs,
        interval,
        leaseDuration,
        heartbeatInterval,
        controlCheckInterval,
        pauseMode,
        retryJitter,
        shutdownGrace);
  }

  public OrchestratorSettings withControlCheckInterval(Duration interval) {
    return new OrchestratorSettings(
        instanceId,
        workers,
        maxActiveJobs,
        pollInterval,
        leaseDuration,
        heartbeatInterval,
        interval,
        pauseMode,
        retryJitter,
        shutdownGrace);
  }

  public OrchestratorSettings withPauseMode(PauseMode mode) {
    return new OrchestratorSettings(
        instanceId,
        workers,
        maxActiveJobs,
        pollInterval,
        leaseDuration,
        heartbeatInterval,
        controlCheckInterval,
        mode,
        retryJitter,
        shutdownGrace);
  }

  public OrchestratorSettings withRetryJitter(double jitter) {
    return new OrchestratorSettings(
        instanceId,
        workers,
        maxActiveJobs,
        pollInterval,
        leaseDuration,
        heartbeatInterval,
        controlCheckInterval,
        pauseMode,
        jitter,
        shutdownGrace);
  }

  public OrchestratorSettings withShutdownGrace(Duration grace) {
    return new OrchestratorSettings(
        instanceId,
        workers,
        maxActiveJobs,
        pollInterval,
        leaseDuration,
        heartbeatInterval,
        controlCheckInterval,
        pauseMode,
        retryJitter,
        grace);
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
