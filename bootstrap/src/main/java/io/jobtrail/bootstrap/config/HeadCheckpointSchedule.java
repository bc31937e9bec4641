package io.jobtrail.bootstrap.config;

import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every moved job head every {@code jobtrail.store.head-checkpoint-interval}. Each instance
 * does it; they skip each other's rows. Missed while the database is away, done at the next tick.
 */
final class HeadCheckpointSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HeadCheckpointSchedule.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("jobtrail-head-checkpoints").daemon().factory());

  HeadCheckpointSchedule(JobHeadCheckpoints checkpoints, Clock clock, Duration interval) {
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            checkpoints.record(clock.instant());
          } catch (StoreUnavailable e) {
            LOG.debug("head checkpoint skipped: {}", e.getMessage());
          } catch (RuntimeException e) {
            LOG.warn("recording the head checkpoints failed", e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
