package io.jobtrail.persistence.event;

import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.event.AppendStatements.Inserted;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;

/**
 * Group commit for appends. An append that finds fewer than {@code batchesInFlight} batches being
 * written is written at once, alone, on its caller's thread: a lone writer never waits for company.
 * Appends that arrive while the batches are full wait; when a batch ends, everything waiting is
 * taken as the next batch and written in one statement and one transaction, each job's expected
 * head checked on its own ({@link AppendStatements}). So batches form only under load, and they
 * grow with it, as PostgreSQL's own group commit does with WAL flushes.
 *
 * <p>A batch of one is written by its own caller. A batch of several is written by one of the
 * store's writer threads (platform threads, at most {@code batchesInFlight}, that end when idle),
 * never by a caller, so that interrupting one caller (halting its job) cannot break the others'
 * transaction; a writer thread that finishes a batch takes the next one at once, so under load
 * batches follow each other without a thread hand-off. A waiting caller ignores interrupts until
 * its append's outcome is known (it may have committed) and then restores its interrupt status.
 *
 * <p>A batch holds at most one append per job: an append whose job is in a batch being written
 * waits for the next one (it would conflict with it, or it is a retry of it). A batch whose
 * statement fails for a reason that one append may have caused (a data error, a constraint, a
 * deadlock or lock timeout) is split: each of its appends is written again alone by its own caller,
 * so a bad append fails alone. Any other failure (the database is gone, the statement timed out) is
 * every member's.
 */
final class AppendCoalescer {

  private static final System.Logger LOG = System.getLogger(AppendCoalescer.class.getName());

  /** Writes appends in one statement; returns where each inserted event landed. */
  interface Writer {
    Map<UUID, Inserted> write(List<PreparedAppend> appends);
  }

  private final Writer writer;
  private final Runnable afterCommit;
  private final int batchesInFlight;
  private final int eventsPerBatch;
  private final ThreadPoolExecutor writers;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final Set<JobId> jobsInFlight = new HashSet<>();
  private int writing;
  private final LongAdder batches = new LongAdder();
  private final LongAdder appends = new LongAdder();

  /**
   * @param afterCommit called once after each batch that wrote something, outside its transaction
   * @param batchesInFlight batches written at the same time, at least 1
   * @param eventsPerBatch events a batch takes at most (a larger append is a batch by itself)
   */
  AppendCoalescer(Writer writer, Runnable afterCommit, int batchesInFlight, int eventsPerBatch) {
    if (batchesInFlight < 1 || eventsPerBatch < 1) {
      throw new IllegalArgumentException("batches in flight and events per batch must be >= 1");
    }
    this.writer = writer;
    this.afterCommit = afterCommit;
    this.batchesInFlight = batchesInFlight;
    this.eventsPerBatch = eventsPerBatch;
    this.writers =
        new ThreadPoolExecutor(
            batchesInFlight,
            batchesInFlight,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name("jobtrail-append-batch-", 1).daemon().factory());
    writers.allowCoreThreadTimeOut(true);
  }

  /**
   * Writes the append, alone or with others; returns where the batch's events landed (this append's
   * are missing if its head had moved).
   *
   * @throws DataAccessException if the statement failed
   */
  Map<UUID, Inserted> append(PreparedAppend append) {
    var pending = new Pending(append);
    lock.lock();
    try {
      waiting.addLast(pending);
    } finally {
      lock.unlock();
    }
    startWhatCan(false);
    return pending.outcome();
  }

  AppendBatches stats() {
    return new AppendBatches(batches.sum(), appends.sum());
  }

  /** Appends waiting for a batch. */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Starts every batch that may start now; returns one of several, if {@code keepOne}. */
  private @Nullable List<Pending> startWhatCan(boolean keepOne) {
    List<Pending> kept = null;
    for (List<Pending> next = nextBatch(); next != null; next = nextBatch()) {
      List<Pending> batch = next;
      if (batch.size() == 1) {
        batch.getFirst().lead();
      } else if (keepOne && kept == null) {
        kept = batch;
      } else {
        writers.execute(() -> writeBatches(batch));
      }
    }
    return kept;
  }

  /** A writer thread's work: the batch, then each next batch of several while there is one. */
  private void writeBatches(List<Pending> first) {
    for (List<Pending> batch = first; batch != null; batch = write(batch, true)) {}
  }

  /** Takes the next batch off the queue, if a batch may start and an append may join it. */
  private @Nullable List<Pending> nextBatch() {
    lock.lock();
    try {
      if (writing >= batchesInFlight || waiting.isEmpty()) {
        return null;
      }
      var batch = new ArrayList<Pending>();
      int events = 0;
      for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
        Pending next = it.next();
        if (jobsInFlight.contains(next.append.jobId())) {
          continue;
        }
        int size = next.append.rows().size();
        if (!batch.isEmpty() && events + size > eventsPerBatch) {
          break;
        }
        it.remove();
        batch.add(next);
        jobsInFlight.add(next.append.jobId());
        events += size;
      }
      if (batch.isEmpty()) {
        return null;
      }
      writing++;
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the batch and completes its appends; starts what may start next, and returns a batch of
   * several for this thread to write next if {@code takeNext} (a writer thread), else null.
   */
  private @Nullable List<Pending> write(List<Pending> batch, boolean takeNext) {
    Map<UUID, Inserted> inserted = null;
    RuntimeException failure = null;
    Error fatal = null;
    try {
      inserted = writer.write(batch.stream().map(p -> p.append).toList());
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      fatal = e;
      failure = new IllegalStateException("the append batch failed: " + e, e);
    }
    lock.lock();
    try {
      writing--;
      for (Pending p : batch) {
        jobsInFlight.remove(p.append.jobId());
      }
    } finally {
      lock.unlock();
    }
    batches.increment();
    appends.add(batch.size());
    List<Pending> next = startWhatCan(takeNext && fatal == null);
    if (inserted != null && !inserted.isEmpty()) {
      try {
        afterCommit.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the after-append hook failed", e);
      }
    }
    boolean split = failure != null && batch.size() > 1 && mayBeOneAppends(failure);
    for (Pending p : batch) {
      p.complete(inserted, failure, batch.size(), split);
    }
    if (fatal != null) {
      throw fatal;
    }
    return next;
  }

  /**
   * Whether one append could have caused the failure: a data exception (class 22, e.g. text jsonb
   * cannot hold), an integrity violation (23), a transaction rollback (40: deadlock, serialization)
   * or a lock not available (55P03, a lock timeout on one job's head).
   */
  private static boolean mayBeOneAppends(RuntimeException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("22")
            || state.startsWith("23")
            || state.startsWith("40")
            || state.equals("55P03");
      }
    }
    return false;
  }

  /** One caller's append and what came of it. */
  private final class Pending {

    private final PreparedAppend append;
    private final Thread caller = Thread.currentThread();
    private volatile boolean leads;
    private volatile boolean done;
    private @Nullable Map<UUID, Inserted> inserted;
    private @Nullable RuntimeException failure;
    private int batchSize;
    private boolean alone;

    Pending(PreparedAppend append) {
      this.append = append;
    }

    /** This append is a batch by itself: its caller writes it. */
    void lead() {
      leads = true;
      if (Thread.currentThread() != caller) {
        LockSupport.unpark(caller);
      }
    }

    void complete(
        @Nullable Map<UUID, Inserted> inserted,
        @Nullable RuntimeException failure,
        int batchSize,
        boolean alone) {
      this.inserted = inserted;
      this.failure = failure;
      this.batchSize = batchSize;
      this.alone = alone;
      done = true;
      if (Thread.currentThread() != caller) {
        LockSupport.unpark(caller);
      }
    }

    Map<UUID, Inserted> outcome() {
      boolean interrupted = false;
      try {
        while (!done) {
          if (leads) {
            leads = false;
            write(List.of(this), false);
            continue;
          }
          LockSupport.park(this);
          if (Thread.interrupted()) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          caller.interrupt();
        }
      }
      if (alone) {
        return writer.write(List.of(append));
      }
      if (failure != null) {
        throw batchSize == 1
            ? failure
            : new DataAccessException(
                "the append failed in a batch of " + batchSize + ": " + failure.getMessage(),
                failure);
      }
      return inserted;
    }
  }
}
