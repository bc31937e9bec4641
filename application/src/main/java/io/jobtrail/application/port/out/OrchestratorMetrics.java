package io.jobtrail.application.port.out;

import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the orchestrator counts, for a metrics registry to record. Every method does nothing by
 * default, so an implementation binds only what it wants.
 */
public interface OrchestratorMetrics {

  OrchestratorMetrics NONE = new OrchestratorMetrics() {};

  /** An agent call ended: {@code failure} is null when it succeeded. */
  default void attemptFinished(AgentRole role, @Nullable FailureKind failure, Duration duration) {}

  /** A failed attempt will be tried again. */
  default void retryScheduled(AgentRole role, FailureKind failure) {}

  /** An attempt left in flight by an instance that stopped was closed so the step runs again. */
  default void attemptRecovered(AgentRole role) {}

  /** This instance took over a job whose lease another instance let expire. */
  default void leaseTakenOver(JobId jobId, String previousOwner) {}

  /** A job this instance drove reached an end (COMPLETED or FAILED by the pipeline). */
  default void jobFinished(JobStatus status) {}
}
