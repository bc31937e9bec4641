package io.jobtrail.application.port.out;

import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.StepId;
import java.time.Duration;
import java.util.Objects;

/**
 * One attempt of one step, as given to an agent: who runs it ({@code role}, {@code spec}), what it
 * is given ({@code input}), how long it may take, where its log lines go, how it is told to stop,
 * and where it reports what the call used ({@code meter}).
 */
public record AgentCall(
    JobId jobId,
    StepId stepId,
    int attempt,
    AgentRole role,
    AgentSpec spec,
    AgentInput input,
    Duration timeout,
    AgentLog log,
    AgentCancellation cancellation,
    AgentMeter meter) {

  public AgentCall {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(meter, "meter");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts are numbered from 1");
    }
  }

  /**
   * Names this attempt, and only this one: {@code <job>/<step>/<attempt>}. An agent with side
   * effects uses it to recognise a call it has already served (a retry is a new attempt, so it has
   * a new key).
   */
  public String idempotencyKey() {
    return jobId + "/" + stepId + "/" + attempt;
  }
}
