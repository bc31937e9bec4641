package io.jobtrail.application.event;

import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JsonValues;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who and what produced an event: the principal (or system component) in {@code userId}, the
 * OpenTelemetry trace and span, the event that caused it and the conversation it belongs to, the
 * instance that wrote it, and, for an event a replay copied from the job it forked, the original
 * event's job and version ({@code copiedFrom}; absent otherwise, and then not part of the hashed
 * form, so events written before it existed verify unchanged), and the execution {@code
 * environment} (absent in events written before it, likewise).
 */
public record EventMetadata(
    String userId,
    @Nullable String traceId,
    @Nullable String spanId,
    @Nullable String causationId,
    @Nullable String correlationId,
    String instanceId,
    @Nullable CopiedFrom copiedFrom,
    @Nullable Environment environment) {

  public EventMetadata(
      String userId,
      @Nullable String traceId,
      @Nullable String spanId,
      @Nullable String causationId,
      @Nullable String correlationId,
      String instanceId,
      @Nullable CopiedFrom copiedFrom) {
    this(userId, traceId, spanId, causationId, correlationId, instanceId, copiedFrom, null);
  }

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

  /**
   * Where an event was decided: the Jobtrail release and the host of the instance, and for the
   * outcome of an agent call, the agent that ran it ({@code kind}, and what the agent adds: for
   * {@code command} its {@code executable} and {@code exitStatus}, for {@code openai} its {@code
   * endpointHost}).
   */
  public record Environment(String version, String host, @Nullable Map<String, Object> agent) {

    public Environment {
      agent = agent == null ? null : JsonValues.object(agent);
    }

    /** This environment, naming the agent of a call. */
    public Environment withAgent(@Nullable Map<String, Object> agent) {
      return new Environment(version, host, agent);
    }
  }

  /** This metadata, marked as a copy of {@code version} of {@code jobId}. */
  public EventMetadata copiedFrom(JobId jobId, long version) {
    return new EventMetadata(
        userId,
        traceId,
        spanId,
        causationId,
        correlationId,
        instanceId,
        new CopiedFrom(jobId, version),
        environment);
  }
}
