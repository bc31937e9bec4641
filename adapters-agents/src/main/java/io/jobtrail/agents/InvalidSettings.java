package io.jobtrail.agents;

import io.jobtrail.application.port.out.AgentFailure;

/** An agent's settings are wrong: no retry can help, so it becomes a fatal failure. */
public final class InvalidSettings extends RuntimeException {

  public InvalidSettings(String message) {
    super(message, null, false, false);
  }

  public AgentFailure asFailure(String agentKind) {
    return AgentFailure.fatal("invalid " + agentKind + " agent settings: " + getMessage());
  }
}
