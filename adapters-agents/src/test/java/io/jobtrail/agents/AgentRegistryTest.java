package io.jobtrail.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobtrail.agents.simulated.SimulatedAgent;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.FailureKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {

  private final AgentRegistry registry =
      new AgentRegistry(Map.of(SimulatedAgent.KIND, new SimulatedAgent()));

  @Test
  void givenKnownKind_whenCalled_thenItsAgentAnswers() throws Exception {
    AgentResult result = registry.run(Calls.call(AgentRole.PLANNER, 0, 1, AgentSpec.SIMULATED));

    assertThat(result).isInstanceOf(AgentResult.Plan.class);
  }

  @Test
  void givenUnknownKind_whenCalled_thenTheJobFailsWithTheKindsAvailable() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                registry.run(
                    Calls.call(AgentRole.PLANNER, 0, 1, new AgentSpec("magic", Map.of()))));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage())
        .isEqualTo("no agent of kind 'magic' on this instance; available: simulated");
  }
}
