package io.jobtrail.application.log;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A log line about to be stored for a job: when, how important, which step (if any), the text, the
 * trace and span that produced it and the instance that wrote it.
 */
public record LogLine(
    Instant at,
    LogLevel level,
    @Nullable String stepId,
    String message,
    @Nullable String traceId,
    @Nullable String spanId,
    String instanceId) {

  /** Longer messages are cut, so one runaway line cannot fill the table. */
  public static final int MAX_MESSAGE_LENGTH = 8_000;

  public LogLine {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(instanceId, "instanceId");
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
  }
}
