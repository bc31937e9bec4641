package io.jobtrail.application.event;

import io.jobtrail.domain.job.JobId;
import org.jspecify.annotations.Nullable;

/**
 * Who and what produced an event: the principal (or system component) in {@code userId}, the
 * OpenTelemetry trace and span, the event that caused it and the conversation it belongs to, the
 * instance that wrote it, and, for an event a replay copied from the job it forked, the original
 * event's job and version ({@code copiedFrom}; absent otherwise, and then not part of the hashed
 * form, so events written before it existed verify unchanged).
 */
public record EventMetadata(
    String userId,
    @Nullable String traceId,
    @Nullable String spanId,
    @Nullable String causationId,
    @Nullable String correlationId,
    String instanceId,
    @Nullable CopiedFrom copiedFrom) {

  public EventMetadata(
      String userId,
      @Nullable String traceId,
      @Nullable String spanId,
      @Nullable String causationId,
      @Nullable String correlationId,
      String instanceId) {
    this(userId, traceId, spanId, causationId, correlationId, instanceId, null);
  }

  /** The event of another job this one is a copy of. */
  public record CopiedFrom(JobId jobId, long version) {}

  /** This metadata, marked as a copy of {@code version} of {@code jobId}. */
  public EventMetadata copiedFrom(JobId jobId, long version) {
    return new EventMetadata(
        userId,
        traceId,
        spanId,
        causationId,
        correlationId,
        instanceId,
        new CopiedFrom(jobId, version));
  }
}
