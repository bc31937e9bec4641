package io.jobtrail.bootstrap.config;

import io.jobtrail.application.event.AppendStats;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.live.LiveEventReader;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Prometheus metrics (at {@code /actuator/prometheus}): events appended, append latency,
 * subscribers, delivery lag, jobs by status, step durations, retries, recoveries, lease takeovers.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

  @Bean
  OrchestratorMetrics orchestratorMetrics(MeterRegistry registry) {
    return new MicrometerOrchestratorMetrics(registry);
  }

  @Bean
  Object jobtrailGauges(
      MeterRegistry registry,
      AppendStats appends,
      EventHub hub,
      LiveEventReader reader,
      JobSummaries summaries) {
    FunctionCounter.builder("jobtrail.events.appended", appends, AppendStats::totalEvents)
        .description("events appended by this instance")
        .register(registry);
    Gauge.builder("jobtrail.append.latency.p95", appends, AppendStats::appendLatencyP95Millis)
        .baseUnit("milliseconds")
        .description("95th percentile of the last 2048 appends on this instance")
        .register(registry);
    Gauge.builder("jobtrail.subscribers", hub, EventHub::subscriberCount)
        .description("live subscriptions served by this instance")
        .register(registry);
    Gauge.builder("jobtrail.delivery.lag", reader, LiveEventReader::lastDeliveryLagMillis)
        .baseUnit("milliseconds")
        .description("from an event's commit time to its hand-over to subscribers, last batch")
        .register(registry);
    var cachedCounts = new JobCounts(summaries);
    for (JobStatus status : JobStatus.values()) {
      Gauge.builder("jobtrail.jobs", cachedCounts, counts -> counts.count(status))
          .tag("status", status.name())
          .description("jobs by status (read model)")
          .register(registry);
    }
    return cachedCounts;
  }

  /** Counts by status, queried at most once a second however many gauges read them. */
  static final class JobCounts {
    private final JobSummaries summaries;
    private volatile Map<JobStatus, Long> counts = Map.of();
    private volatile long readAt;

    JobCounts(JobSummaries summaries) {
      this.summaries = summaries;
    }

    double count(JobStatus status) {
      long now = System.currentTimeMillis();
      if (now - readAt > 1_000) {
        try {
          counts = summaries.countByStatus();
        } catch (RuntimeException e) {
          // The database may be down: report the last counts.
        }
        readAt = now;
      }
      return counts.getOrDefault(status, 0L);
    }
  }

  static final class MicrometerOrchestratorMetrics implements OrchestratorMetrics {
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    MicrometerOrchestratorMetrics(MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public void attemptFinished(AgentRole role, @Nullable FailureKind failure, Duration duration) {
      String outcome = failure == null ? "SUCCEEDED" : failure.name();
      timers
          .computeIfAbsent(
              role + "/" + outcome,
              key ->
                  Timer.builder("jobtrail.step.duration")
                      .tag("role", role.name())
                      .tag("outcome", outcome)
                      .publishPercentiles(0.5, 0.95, 0.99)
                      .register(registry))
          .record(duration);
    }

    @Override
    public void retryScheduled(AgentRole role, FailureKind failure) {
      registry
          .counter("jobtrail.step.retries", "role", role.name(), "kind", failure.name())
          .increment();
    }

    @Override
    public void attemptRecovered(AgentRole role) {
      registry.counter("jobtrail.step.recovered", "role", role.name()).increment();
    }

    @Override
    public void leaseTakenOver(JobId jobId, String previousOwner) {
      registry.counter("jobtrail.lease.takeovers").increment();
    }

    @Override
    public void jobFinished(JobStatus status) {
      registry.counter("jobtrail.jobs.finished", "status", status.name()).increment();
    }
  }
}
