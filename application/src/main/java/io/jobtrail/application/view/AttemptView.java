package io.jobtrail.application.view;

import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.ReusedFrom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One agent call of a step: its own start, end and duration, what it was given and returned or how
 * it failed, the wait before the next attempt, the versions of its events, and the trace, span,
 * instance and principal of the event that started it. {@code copied} marks an attempt a replay
 * took over from the job it was forked from; {@code reusedFrom} one whose output a replay reused
 * from its original (the job and version of the original's completion), with no agent call, its
 * {@code usage} then being the original call's. {@code usage} is what the call used (model,
 * parameters, tokens, latency, cost), when its outcome recorded it; {@code environment} where it
 * ran, from its outcome event's metadata.
 */
public record AttemptView(
    int number,
    Status status,
    Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable Map<String, Object> input,
    @Nullable Map<String, Object> output,
    @Nullable String error,
    @Nullable FailureKind failureKind,
    @Nullable Instant retryAt,
    List<Long> eventVersions,
    @Nullable String traceId,
    @Nullable String spanId,
    String instanceId,
    String userId,
    boolean copied,
    @Nullable ReusedFrom reusedFrom,
    @Nullable AgentUsage usage,
    @Nullable Map<String, Object> environment) {

  public enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  public enum FailureKind {
    ERROR,
    TIMEOUT,
    FATAL,
    INTERRUPTED
  }

  public AttemptView {
    eventVersions = List.copyOf(eventVersions);
  }

  public @Nullable Long durationMs() {
    return endedAt == null ? null : Duration.between(startedAt, endedAt).toMillis();
  }

  /** How long the orchestrator waited after this attempt before the next one was due. */
  public @Nullable Long retryWaitMs() {
    return retryAt == null || endedAt == null
        ? null
        : Duration.between(endedAt, retryAt).toMillis();
  }
}
