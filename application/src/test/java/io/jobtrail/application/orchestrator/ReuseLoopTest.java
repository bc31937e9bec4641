package io.jobtrail.application.orchestrator;

import static io.jobtrail.application.testing.OrchestratorHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.analysis.FamilyAnalysis;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.replay.ReplayService;
import io.jobtrail.application.testing.InMemoryJobHeadCheckpoints;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.ReuseMode;
import io.jobtrail.domain.job.ReusedFrom;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays that reuse the original's recorded outputs (ADR 62): the loop records the output of an
 * unchanged step instead of calling its agent, and calls the agent for every step whose input
 * changed.
 */
class ReuseLoopTest {

  /** The critique's new settings: only its input (its agent spec) changes. */
  private static final Map<AgentRole, AgentSpec> STRICTER_CRITIQUE =
      Map.of(AgentRole.CRITIQUE, new AgentSpec("simulated", Map.of("strictness", "high")));

  private final OrchestratorHarness harness = new OrchestratorHarness();
  private final ScriptedAgent agent = new ScriptedAgent();
  private ReplayService replays;
  private JobId original;

  @BeforeEach
  void runTheOriginal() {
    replays =
        new ReplayService(
            harness.events(),
            harness.events().summaries(),
            new InMemoryJobSnapshots(),
            new InMemoryJobHeadCheckpoints(harness.events().summaries()),
            harness.repository(),
            new UuidV7(Clock.systemUTC()),
            Clock.systemUTC(),
            OpenTelemetry.noop().getTracer("test"),
            "replaying-instance");
    harness.orchestrator("a", agent);
    original = harness.createJob(OrchestratorHarness.FAST, Map.of("style", "terse"), true).id();
    assertThat(harness.awaitEnd(original).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  /** Right after JobStarted: every step runs after the fork point. */
  private static final long AFTER_START = 2;

  @Test
  void givenAForkThatChangesOnlyTheCritique_whenItReuses_thenOnlyTheCritiqueIsCalled() {
    JobId fork =
        replays
            .replay(
                original,
                AFTER_START,
                Map.of(),
                STRICTER_CRITIQUE,
                ReuseMode.UNCHANGED_INPUTS,
                ALICE)
            .id();

    JobState end = harness.awaitEnd(fork);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(callsOf(fork)).extracting(AgentCall::role).containsExactly(AgentRole.CRITIQUE);
    assertThat(end.agents().critique().settings()).containsEntry("strictness", "high");
    assertThat(end.replayOf().reuse()).isEqualTo(ReuseMode.UNCHANGED_INPUTS);
    var plan = single(fork, JobEvent.PlannerCompleted.class);
    var code = single(fork, JobEvent.CoderCompleted.class);
    var review = single(fork, JobEvent.CritiqueCompleted.class);
    assertThat(plan.reusedFrom())
        .isEqualTo(new ReusedFrom(original, versionOf(original, JobEvent.PlannerCompleted.class)));
    assertThat(code.reusedFrom())
        .isEqualTo(new ReusedFrom(original, versionOf(original, JobEvent.CoderCompleted.class)));
    assertThat(review.reusedFrom()).as("the critique ran again").isNull();
    assertThat(plan.plan()).isEqualTo(single(original, JobEvent.PlannerCompleted.class).plan());
    assertThat(plan.usage())
        .as("the original call's usage, marked reused")
        .isEqualTo(single(original, JobEvent.PlannerCompleted.class).usage());
    assertThat(end.usage().calls()).as("only the critique's call is the fork's spend").isEqualTo(1);
    assertThat(harness.logLines(fork))
        .anySatisfy(
            line ->
                assertThat(line.message())
                    .contains("reused the output recorded in job " + original));
  }

  @Test
  void givenAForkThatReused_whenItsFamilyIsAnalysed_thenTheReusedStepsAreTheOriginalsRunsOnly() {
    JobId fork =
        replays
            .replay(
                original,
                AFTER_START,
                Map.of(),
                STRICTER_CRITIQUE,
                ReuseMode.UNCHANGED_INPUTS,
                ALICE)
            .id();
    harness.awaitEnd(fork);

    var analysis = new FamilyAnalysis(harness.jobs()).analyseFamily(fork);

    assertThat(analysis.steps())
        .filteredOn(s -> s.stepId().equals("plan"))
        .singleElement()
        .satisfies(
            plan -> assertThat(plan.figures().runs()).as("no call made: reused").isEqualTo(1));
    assertThat(analysis.steps())
        .filteredOn(s -> s.stepId().equals("critique-1"))
        .singleElement()
        .satisfies(critique -> assertThat(critique.figures().runs()).isEqualTo(2));
    assertThat(analysis.replays())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.copiedSteps()).containsExactly("plan", "code-1");
              assertThat(d.rerunSteps()).containsExactly("critique-1");
              assertThat(d.replaySpend().calls()).isEqualTo(1);
            });
  }

  @Test
  void givenTheSameFork_whenItDoesNotReuse_thenEveryStepCallsItsAgent() {
    JobId fork =
        replays
            .replay(original, AFTER_START, Map.of(), STRICTER_CRITIQUE, ReuseMode.NONE, ALICE)
            .id();

    JobState end = harness.awaitEnd(fork);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(callsOf(fork))
        .extracting(AgentCall::role)
        .containsExactly(AgentRole.PLANNER, AgentRole.CODER, AgentRole.CRITIQUE);
    assertThat(harness.eventsOf(fork, JobEvent.PlannerCompleted.class))
        .allSatisfy(c -> assertThat(c.reusedFrom()).isNull());
    assertThat(end.usage().calls()).isEqualTo(3);
  }

  @Test
  void givenAForkWithChangedParameters_whenItReuses_thenNothingMatchesAndEveryStepRuns() {
    JobId fork =
        replays
            .replay(
                original,
                AFTER_START,
                Map.of("style", "verbose"),
                Map.of(),
                ReuseMode.UNCHANGED_INPUTS,
                ALICE)
            .id();

    JobState end = harness.awaitEnd(fork);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(callsOf(fork))
        .extracting(AgentCall::role)
        .containsExactly(AgentRole.PLANNER, AgentRole.CODER, AgentRole.CRITIQUE);
    assertThat(end.usage().calls()).isEqualTo(3);
  }

  @Test
  void givenAnUnchangedFork_whenItReuses_thenNoAgentIsCalledAtAll() {
    JobId fork =
        replays
            .replay(original, AFTER_START, Map.of(), Map.of(), ReuseMode.UNCHANGED_INPUTS, ALICE)
            .id();

    JobState end = harness.awaitEnd(fork);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(callsOf(fork)).isEmpty();
    assertThat(end.usage().calls()).isZero();
    assertThat(end.artifact()).isEqualTo(harness.job(original).artifact());
  }

  private List<AgentCall> callsOf(JobId job) {
    return agent.calls().stream().filter(c -> c.jobId().equals(job)).toList();
  }

  private <E extends JobEvent> E single(JobId job, Class<E> type) {
    List<E> found = harness.eventsOf(job, type);
    assertThat(found).hasSize(1);
    return found.getFirst();
  }

  private long versionOf(JobId job, Class<? extends JobEvent> type) {
    @Nullable RecordedEvent found =
        harness.history(job).stream()
            .filter(e -> type.isInstance(e.event()))
            .findFirst()
            .orElse(null);
    assertThat(found).isNotNull();
    return found.version();
  }
}
