package io.jobtrail.application.port.out;

import io.jobtrail.domain.job.AgentResult;

/**
 * Runs one attempt of one step with the agent its {@link AgentCall#spec()} names. An implementation
 * returns the role's result, or throws {@link AgentFailure} saying whether another attempt may
 * help. It stops promptly, throwing {@link InterruptedException}, when its thread is interrupted or
 * the call's cancellation fires, and it should not run much past the call's timeout (the
 * orchestrator abandons it then anyway).
 */
public interface AgentRuntime {

  AgentResult run(AgentCall call) throws AgentFailure, InterruptedException;
}
