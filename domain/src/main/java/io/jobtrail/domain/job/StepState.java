package io.jobtrail.domain.job;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step as the job sees it: the latest attempt's input, output or error, when the step started
 * and ended, and how many failures count against the attempt limit.
 */
public record StepState(
    StepId id,
    AgentRole role,
    int iteration,
    int attempt,
    StepStatus status,
    @Nullable AgentInput input,
    @Nullable AgentResult output,
    @Nullable String error,
    Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable Instant retryAt,
    int countedFailures) {

  static StepState started(StepId id, AgentRole role, int iteration, Instant at) {
    return new StepState(
        id, role, iteration, 0, StepStatus.RUNNING, null, null, null, at, null, null, 0);
  }

  public boolean attemptInFlight() {
    return status == StepStatus.RUNNING && attempt > 0;
  }

  public @Nullable Duration duration() {
    return endedAt == null ? null : Duration.between(startedAt, endedAt);
  }

  StepState withAttemptStarted(int attempt, AgentInput input) {
    return new StepState(
        id,
        role,
        iteration,
        attempt,
        StepStatus.RUNNING,
        input,
        null,
        null,
        startedAt,
        null,
        null,
        countedFailures);
  }

  StepState withOutput(AgentResult output) {
    return new StepState(
        id,
        role,
        iteration,
        attempt,
        status,
        input,
        output,
        null,
        startedAt,
        endedAt,
        retryAt,
        countedFailures);
  }

  StepState succeeded(Instant at) {
    return new StepState(
        id,
        role,
        iteration,
        attempt,
        StepStatus.SUCCEEDED,
        input,
        output,
        null,
        startedAt,
        at,
        null,
        countedFailures);
  }

  StepState failed(FailureKind kind, String error, Instant at) {
    int counted = countedFailures + (kind.countsTowardLimit() ? 1 : 0);
    return new StepState(
        id,
        role,
        iteration,
        attempt,
        StepStatus.FAILED,
        input,
        null,
        error,
        startedAt,
        at,
        null,
        counted);
  }

  StepState retryScheduled(Instant notBefore) {
    return new StepState(
        id,
        role,
        iteration,
        attempt,
        StepStatus.RETRY_SCHEDULED,
        input,
        null,
        error,
        startedAt,
        null,
        notBefore,
        countedFailures);
  }
}
