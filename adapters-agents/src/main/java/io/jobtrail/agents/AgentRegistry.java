package io.jobtrail.agents;

import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.domain.job.AgentResult;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The agent port as the orchestrator sees it: each call goes to the agent of its spec's kind. */
public final class AgentRegistry implements AgentRuntime {

  private final Map<String, AgentRuntime> byKind;

  public AgentRegistry(Map<String, AgentRuntime> byKind) {
    this.byKind = Map.copyOf(byKind);
  }

  public Set<String> kinds() {
    return new TreeMap<>(byKind).keySet();
  }

  @Override
  public AgentResult run(AgentCall call) throws AgentFailure, InterruptedException {
    AgentRuntime agent = byKind.get(call.spec().kind());
    if (agent == null) {
      throw AgentFailure.fatal(
          "no agent of kind '"
              + call.spec().kind()
              + "' on this instance; available: "
              + String.join(", ", kinds()));
    }
    return agent.run(call);
  }
}
