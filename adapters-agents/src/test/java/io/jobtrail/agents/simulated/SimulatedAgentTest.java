package io.jobtrail.agents.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobtrail.agents.Calls;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedAgentTest {

  private final SimulatedAgent agent = new SimulatedAgent();

  private static AgentSpec spec(Map<String, Object> settings) {
    return new AgentSpec("simulated", settings);
  }

  @Test
  void givenSameCall_whenRunTwice_thenTheAnswerIsTheSame() throws Exception {
    var call = Calls.call(AgentRole.PLANNER, 0, 1, spec(Map.of("seed", 7)));

    AgentResult first = agent.run(call);
    AgentResult second = agent.run(call);

    assertThat(first).isEqualTo(second);
    assertThat(((AgentResult.Plan) first).plan()).startsWith("Plan for: reverse a string\n1. ");
  }

  @Test
  void givenAnotherSeedOrAttempt_whenRun_thenTheAnswerDiffers() throws Exception {
    AgentResult seven = agent.run(Calls.call(AgentRole.CODER, 1, 1, spec(Map.of("seed", 7))));
    AgentResult eight = agent.run(Calls.call(AgentRole.CODER, 1, 1, spec(Map.of("seed", 8))));
    AgentResult retry = agent.run(Calls.call(AgentRole.CODER, 1, 2, spec(Map.of("seed", 7))));

    assertThat(seven).isNotEqualTo(eight).isNotEqualTo(retry);
  }

  @Test
  void
      givenScriptedVerdicts_whenTheCritiqueRunsEachIteration_thenItFollowsTheScriptAndRepeatsTheLast()
          throws Exception {
    var verdicts = spec(Map.of("verdicts", List.of("CHANGES_REQUESTED", "approved")));

    var first = (AgentResult.Review) agent.run(Calls.call(AgentRole.CRITIQUE, 1, 1, verdicts));
    var second = (AgentResult.Review) agent.run(Calls.call(AgentRole.CRITIQUE, 2, 1, verdicts));
    var third = (AgentResult.Review) agent.run(Calls.call(AgentRole.CRITIQUE, 3, 1, verdicts));

    assertThat(first.verdict()).isEqualTo(Verdict.CHANGES_REQUESTED);
    assertThat(first.feedback()).startsWith("Changes requested in iteration 1: ");
    assertThat(second.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(third.verdict()).isEqualTo(Verdict.APPROVED);
  }

  @Test
  void givenNoVerdicts_whenTheCritiqueRuns_thenItApproves() throws Exception {
    var review =
        (AgentResult.Review) agent.run(Calls.call(AgentRole.CRITIQUE, 1, 1, AgentSpec.SIMULATED));

    assertThat(review.verdict()).isEqualTo(Verdict.APPROVED);
  }

  @Test
  void givenFailureRules_whenTheMatchingAttemptRuns_thenOnlyItFailsWithTheKindAsked()
      throws Exception {
    var failing =
        spec(
            Map.of(
                "failures",
                List.of(
                    Map.of("role", "coder", "iteration", 2, "attempt", 1),
                    Map.of("role", "PLANNER", "kind", "FATAL", "message", "no model"))));

    var coder =
        catchThrowableOfType(
            AgentFailure.class, () -> agent.run(Calls.call(AgentRole.CODER, 2, 1, failing)));
    var planner =
        catchThrowableOfType(
            AgentFailure.class, () -> agent.run(Calls.call(AgentRole.PLANNER, 0, 3, failing)));

    assertThat(coder.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(coder.getMessage())
        .isEqualTo("simulated error injected for CODER (iteration 2, attempt 1)");
    assertThat(planner.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(planner.getMessage()).isEqualTo("no model");
    assertThat(agent.run(Calls.call(AgentRole.CODER, 2, 2, failing)))
        .isInstanceOf(AgentResult.Artifact.class);
    assertThat(agent.run(Calls.call(AgentRole.CODER, 1, 1, failing)))
        .isInstanceOf(AgentResult.Artifact.class);
  }

  @Test
  void givenFailureInTheSpec_whenTheJobParametersReplaceTheRules_thenTheCallSucceeds()
      throws Exception {
    var failing = spec(Map.of("failures", List.of(Map.of("role", "CODER"))));
    Map<String, Object> parameters = Map.of("simulated", Map.of("failures", List.of()));

    var call =
        Calls.call(
            AgentRole.CODER, 1, 1, failing, parameters, Duration.ofSeconds(5), new Calls.Lines());

    assertThat(agent.run(call)).isInstanceOf(AgentResult.Artifact.class);
  }

  @Test
  void givenFailureInParameters_whenAReplayPatchRemovesIt_thenTheCallSucceeds() throws Exception {
    Map<String, Object> original =
        Map.of("simulated", Map.of("failures", List.of(Map.of("role", "CODER")), "seed", 3));
    var removal = new java.util.HashMap<String, Object>();
    removal.put("failures", null);
    Map<String, Object> replayed =
        io.jobtrail.domain.job.JsonValues.mergePatch(original, Map.of("simulated", removal));

    var failingCall =
        Calls.call(
            AgentRole.CODER,
            1,
            1,
            AgentSpec.SIMULATED,
            original,
            Duration.ofSeconds(5),
            new Calls.Lines());
    var replayedCall =
        Calls.call(
            AgentRole.CODER,
            1,
            1,
            AgentSpec.SIMULATED,
            replayed,
            Duration.ofSeconds(5),
            new Calls.Lines());

    assertThat(catchThrowableOfType(AgentFailure.class, () -> agent.run(failingCall))).isNotNull();
    assertThat(agent.run(replayedCall)).isInstanceOf(AgentResult.Artifact.class);
  }

  @Test
  void givenFailAtShorthandInParameters_whenTheRoleRuns_thenItFails() {
    Map<String, Object> parameters = Map.of("simulated", Map.of("failAt", Map.of("role", "CODER")));
    var call =
        Calls.call(
            AgentRole.CODER,
            1,
            3,
            AgentSpec.SIMULATED,
            parameters,
            Duration.ofSeconds(5),
            new Calls.Lines());

    assertThat(catchThrowableOfType(AgentFailure.class, () -> agent.run(call)).kind())
        .isEqualTo(FailureKind.ERROR);
  }

  @Test
  void givenFailureRate_whenOneOrZero_thenEveryOrNoAttemptFails() throws Exception {
    var always = spec(Map.of("failureRate", 1.0));
    var never = spec(Map.of("failureRate", 0));

    for (int attempt = 1; attempt <= 5; attempt++) {
      int a = attempt;
      assertThat(
              catchThrowableOfType(
                      AgentFailure.class,
                      () -> agent.run(Calls.call(AgentRole.CODER, 1, a, always)))
                  .getMessage())
          .isEqualTo("simulated failure (failureRate 1.0)");
      assertThat(agent.run(Calls.call(AgentRole.CODER, 1, a, never))).isNotNull();
    }
  }

  @Test
  void givenLatencyByRole_whenRun_thenTheCallTakesThatLongAndSaysSo() throws Exception {
    var slowCoder = spec(Map.of("latencyMs", Map.of("coder", 150, "planner", 0)));
    var log = new Calls.Lines();

    long started = System.nanoTime();
    agent.run(Calls.call(AgentRole.CODER, 1, 1, slowCoder, Map.of(), Duration.ofSeconds(5), log));
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(tookMs).isGreaterThanOrEqualTo(150);
    assertThat(log.lines()).containsExactly("INFO simulated coder: attempt 1 of code-1, 150 ms");
  }

  @Test
  void givenQuiet_whenRun_thenNothingIsLogged() throws Exception {
    var log = new Calls.Lines();

    agent.run(
        Calls.call(
            AgentRole.CODER,
            1,
            1,
            spec(Map.of("quiet", true)),
            Map.of(),
            Duration.ofSeconds(5),
            log));

    assertThat(log.lines()).isEmpty();
  }

  @Test
  void givenInstanceDefaults_whenTheSpecSaysNothing_thenTheDefaultsApply() throws Exception {
    var withDefaults = new SimulatedAgent(Map.of("verdicts", List.of("CHANGES_REQUESTED")));

    var review =
        (AgentResult.Review)
            withDefaults.run(Calls.call(AgentRole.CRITIQUE, 1, 1, AgentSpec.SIMULATED));

    assertThat(review.verdict()).isEqualTo(Verdict.CHANGES_REQUESTED);
  }

  @Test
  void givenTimeoutInjected_whenTheCallRuns_thenItHangsUntilInterrupted() throws Exception {
    var hanging = spec(Map.of("failures", List.of(Map.of("role", "PLANNER", "kind", "TIMEOUT"))));
    var call =
        Calls.call(
            AgentRole.PLANNER, 0, 1, hanging, Map.of(), Duration.ofSeconds(30), new Calls.Lines());
    var outcome = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    Thread thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    agent.run(call);
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });

    thread.join(200);
    assertThat(thread.isAlive()).isTrue();
    thread.interrupt();
    thread.join(1_000);

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void givenInvalidSettings_whenRun_thenTheJobFailsWithWhatIsWrong() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () -> agent.run(Calls.call(AgentRole.CODER, 1, 1, spec(Map.of("latencyMs", "slow")))));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage())
        .startsWith("invalid simulated agent settings: latencyMs must be");
  }

  @Test
  void givenACall_whenRunTwice_thenItReportsTheSameSyntheticUsageOfTheSimulatedModel()
      throws Exception {
    var first = Calls.call(AgentRole.CODER, 1, 1, spec(Map.of()));
    var second = Calls.call(AgentRole.CODER, 1, 1, spec(Map.of()));

    agent.run(first);
    agent.run(second);

    var usage = first.meter().usage(0);
    assertThat(usage.model()).isEqualTo(SimulatedAgent.MODEL);
    assertThat(usage.tokens()).isNotNull();
    assertThat(usage.tokens().prompt()).isGreaterThan(40);
    assertThat(usage.tokens().completion()).isPositive();
    assertThat(usage.tokens().total())
        .isEqualTo(usage.tokens().prompt() + usage.tokens().completion());
    assertThat(second.meter().usage(0)).isEqualTo(usage);
  }
}
