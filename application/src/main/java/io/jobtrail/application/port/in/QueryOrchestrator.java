package io.jobtrail.application.port.in;

import io.jobtrail.application.readmodel.OrchestratorStatus;

/** How this orchestrator instance and its peers are doing. */
public interface QueryOrchestrator {

  OrchestratorStatus status();
}
