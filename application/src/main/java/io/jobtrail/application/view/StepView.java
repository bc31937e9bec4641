package io.jobtrail.application.view;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One step of the pipeline ({@code plan}, {@code code-N}, {@code critique-N}) and its attempts, in
 * order. {@code wallTimeMs} runs from the step's start to its end, across every attempt and wait;
 * each attempt has its own duration.
 */
public record StepView(
    String id,
    Role role,
    int iteration,
    Status status,
    Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable Instant retryAt,
    List<AttemptView> attempts) {

  public enum Role {
    PLANNER,
    CODER,
    CRITIQUE
  }

  public enum Status {
    RUNNING,
    RETRY_SCHEDULED,
    SUCCEEDED,
    FAILED
  }

  public StepView {
    attempts = List.copyOf(attempts);
  }

  public @Nullable Long wallTimeMs() {
    return endedAt == null ? null : Duration.between(startedAt, endedAt).toMillis();
  }

  public @Nullable AttemptView lastAttempt() {
    return attempts.isEmpty() ? null : attempts.getLast();
  }
}
