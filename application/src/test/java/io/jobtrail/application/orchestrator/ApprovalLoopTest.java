package io.jobtrail.application.orchestrator;

import static io.jobtrail.application.testing.OrchestratorHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.replay.ReplayService;
import io.jobtrail.application.testing.InMemoryJobHeadCheckpoints;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.ApprovalPolicy;
import io.jobtrail.domain.job.ApprovalTimeoutAction;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.RejectionReason;
import io.jobtrail.domain.job.StepId;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The orchestrator with approvals: the loop waits, lets go, and goes on after a decision. */
class ApprovalLoopTest {

  private static final ApprovalPolicy AFTER_PLAN =
      new ApprovalPolicy(true, false, null, ApprovalTimeoutAction.FAIL);
  private static final CommandOrigin OLGA = CommandOrigin.user("olga");

  private final OrchestratorHarness harness = new OrchestratorHarness();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private JobId startJob(ApprovalPolicy policy) {
    return harness
        .jobs()
        .create(
            new NewJob(
                "needs approval",
                "reverse a string",
                Map.of(),
                AgentAssignment.ALL_SIMULATED,
                OrchestratorHarness.FAST,
                policy,
                true),
            ALICE)
        .id();
  }

  private static boolean awaiting(JobState s) {
    return s.status() == JobStatus.AWAITING_APPROVAL;
  }

  @Test
  void givenJobThatNeedsApprovalAfterThePlan_whenApproved_thenTheCoderRunsAndTheJobCompletes() {
    Orchestrator orchestrator = harness.orchestrator("a", new ScriptedAgent());
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    JobId job = startJob(AFTER_PLAN);

    JobState waiting = harness.await(job, ApprovalLoopTest::awaiting);
    assertThat(waiting.steps()).extracting(s -> s.id().value()).containsExactly("plan");
    assertThat(harness.eventTypes(job)).endsWith("JobStepCompleted", "ApprovalRequested");
    harness.await(job, s -> harness.leases().owner(job) == null || !awaiting(s));
    assertThat(harness.leases().owner(job)).as("no lease is held while a person decides").isNull();

    control.approve(job, "go ahead", OLGA);

    JobState end = harness.awaitEnd(job);
    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    List<JobEvent.ApprovalGranted> granted = harness.eventsOf(job, JobEvent.ApprovalGranted.class);
    assertThat(granted)
        .singleElement()
        .extracting(JobEvent.ApprovalGranted::actor)
        .isEqualTo("olga");
    assertThat(harness.history(job))
        .filteredOn(e -> e.event() instanceof JobEvent.ApprovalGranted)
        .singleElement()
        .satisfies(e -> assertThat(e.metadata().userId()).isEqualTo("olga"));
  }

  @Test
  void givenPlanAwaitingApproval_whenRejected_thenThePlannerRunsAgainWithTheComment() {
    Orchestrator orchestrator = harness.orchestrator("a", new ScriptedAgent());
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    JobId job = startJob(AFTER_PLAN);
    harness.await(job, ApprovalLoopTest::awaiting);

    control.reject(job, "name the steps", OLGA);

    JobState again = harness.await(job, s -> awaiting(s) && s.approvals().size() == 2);
    assertThat(again.pendingApproval().stepId()).isEqualTo(new StepId("plan-1"));
    assertThat(again.step(new StepId("plan-1")).input().feedback()).isEqualTo("name the steps");
    control.approve(job, null, OLGA);
    assertThat(harness.awaitEnd(job).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void
      givenApprovalWithATimeout_whenNoInstanceHeldTheJob_thenAnotherInstanceRecordsTheTimeoutOnce() {
    var policy = new ApprovalPolicy(true, false, 300L, ApprovalTimeoutAction.APPROVE);
    Orchestrator first = harness.orchestrator("a", new ScriptedAgent());
    JobId job = startJob(policy);
    harness.await(job, ApprovalLoopTest::awaiting);
    first.halt(); // As if the instance died while the job waited.
    harness.orchestrator("b", new ScriptedAgent());
    harness.orchestrator("c", new ScriptedAgent());

    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(harness.eventsOf(job, JobEvent.ApprovalTimedOut.class)).hasSize(1);
    assertThat(harness.eventsOf(job, JobEvent.ApprovalGranted.class))
        .singleElement()
        .extracting(JobEvent.ApprovalGranted::actor)
        .isEqualTo(JobDecider.APPROVAL_TIMEOUT_ACTOR);
  }

  @Test
  void givenJobAwaitingApproval_whenTwoOperatorsDecideAtOnce_thenOneWinsAndTheOtherIsRejected()
      throws Exception {
    // The step after the decision (the coder after a grant, the planner again after a rejection)
    // waits, so the loser, decided again after its conflict, finds the job running, not already
    // finished or waiting for the next plan's approval.
    var hold = new CountDownLatch(1);
    var agent =
        new ScriptedAgent()
            .script(
                AgentRole.PLANNER,
                ScriptedAgent.plan(),
                ScriptedAgent.waitFor(new CountDownLatch(1), hold, ScriptedAgent.plan()))
            .script(
                AgentRole.CODER,
                ScriptedAgent.waitFor(new CountDownLatch(1), hold, ScriptedAgent.code()));
    harness.orchestrator("a", agent);
    JobId job = startJob(AFTER_PLAN);
    harness.await(job, ApprovalLoopTest::awaiting);

    var go = new CountDownLatch(1);
    var outcomes = new ArrayList<Future<String>>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String who : List.of("olga", "pat")) {
        outcomes.add(
            threads.submit(
                () -> {
                  go.await();
                  try {
                    if (who.equals("olga")) {
                      harness.jobs().approve(job, null, CommandOrigin.user(who));
                    } else {
                      harness.jobs().reject(job, "no", CommandOrigin.user(who));
                    }
                    return "won";
                  } catch (JobRejected rejected) {
                    return rejected.reason().name();
                  }
                }));
      }
      go.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get());
      }
      assertThat(results)
          .containsExactlyInAnyOrder("won", RejectionReason.NOT_AWAITING_APPROVAL.name());
    }
    long decisions =
        harness.history(job).stream()
            .filter(
                e ->
                    e.event() instanceof JobEvent.ApprovalGranted
                        || e.event() instanceof JobEvent.ApprovalRejected)
            .count();
    assertThat(decisions).isEqualTo(1);
    hold.countDown();
  }

  @Test
  void givenApprovedJob_whenForkedFromBeforeTheApproval_thenTheForkWaitsForItsOwnApproval() {
    Orchestrator orchestrator = harness.orchestrator("a", new ScriptedAgent());
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    JobId job = startJob(AFTER_PLAN);
    harness.await(job, ApprovalLoopTest::awaiting);
    control.approve(job, null, OLGA);
    harness.awaitEnd(job);
    long requested =
        harness.history(job).stream()
            .filter(e -> e.event() instanceof JobEvent.ApprovalRequested)
            .findFirst()
            .orElseThrow()
            .version();
    var snapshots = new InMemoryJobSnapshots();
    var replays =
        new ReplayService(
            harness.events(),
            harness.events().summaries(),
            snapshots,
            new InMemoryJobHeadCheckpoints(harness.events().summaries()),
            harness.repository(),
            new UuidV7(Clock.systemUTC()),
            Clock.systemUTC(),
            OpenTelemetry.noop().getTracer("test"),
            "replaying-instance");

    JobState fromBefore = replays.replay(job, requested - 1, Map.of(), ALICE);
    JobState fromTheRequest = replays.replay(job, requested, Map.of(), ALICE);
    JobState fromAfter = replays.replay(job, requested + 1, Map.of(), ALICE);

    assertThat(harness.await(fromBefore.id(), ApprovalLoopTest::awaiting).approvals()).hasSize(1);
    assertThat(fromTheRequest.status()).isEqualTo(JobStatus.AWAITING_APPROVAL);
    assertThat(harness.eventTypes(fromTheRequest.id()))
        .as("the copied request, then the fork's own")
        .endsWith("ApprovalRequested", "ApprovalRequested");
    assertThat(harness.awaitEnd(fromAfter.id()).status())
        .as("a fork from after the decision carries it")
        .isEqualTo(JobStatus.COMPLETED);
    assertThat(
            catchThrowableOfType(
                JobRejected.class, () -> harness.jobs().approve(fromAfter.id(), null, OLGA)))
        .isNotNull();
  }
}
