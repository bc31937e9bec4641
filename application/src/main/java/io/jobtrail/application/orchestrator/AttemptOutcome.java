package io.jobtrail.application.orchestrator;

import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.FailureKind;

/** How an agent call ended: with a result, with a failure to record, or stopped from outside. */
sealed interface AttemptOutcome {

  record Succeeded(AgentResult result) implements AttemptOutcome {}

  record Failed(FailureKind kind, String error) implements AttemptOutcome {}

  record Stopped(StopReason reason) implements AttemptOutcome {}
}
