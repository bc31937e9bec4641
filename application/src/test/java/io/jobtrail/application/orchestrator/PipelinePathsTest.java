package io.jobtrail.application.orchestrator;

import static io.jobtrail.application.orchestrator.ScriptedAgent.code;
import static io.jobtrail.application.orchestrator.ScriptedAgent.failing;
import static io.jobtrail.application.orchestrator.ScriptedAgent.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent.CoderStarted;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.JobStepRetryScheduled;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelinePathsTest {

  private final OrchestratorHarness harness = new OrchestratorHarness();
  private final ScriptedAgent agent = new ScriptedAgent();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void givenCritiqueApproves_whenJobRuns_thenPlanCodeCritiqueAndCompleted() {
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(end.artifact()).isEqualTo("artifact of iteration 1");
    assertThat(end.progress()).isEqualTo(1.0);
    assertThat(harness.eventTypes(job))
        .containsExactly(
            "JobCreated",
            "JobStarted",
            "JobStepStarted",
            "PlannerStarted",
            "PlannerCompleted",
            "JobStepCompleted",
            "JobStepStarted",
            "CoderStarted",
            "CoderCompleted",
            "JobStepCompleted",
            "JobStepStarted",
            "CritiqueStarted",
            "CritiqueCompleted",
            "JobStepCompleted",
            "JobCompleted");
    assertThat(agent.calls())
        .extracting(AgentCall::idempotencyKey)
        .containsExactly(job + "/plan/1", job + "/code-1/1", job + "/critique-1/1");
    assertThat(harness.metrics().awaitRecorded("job COMPLETED")).contains("job COMPLETED");
  }

  @Test
  void givenOrchestratorCommands_whenRecorded_thenEachNamesTheEventThatCausedIt() {
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    harness.awaitEnd(job);

    List<RecordedEvent> history = harness.history(job);
    RecordedEvent started = history.get(1);
    assertThat(started.metadata().userId()).isEqualTo("alice");
    for (int i = 2; i < history.size(); i++) {
      RecordedEvent event = history.get(i);
      assertThat(event.metadata().userId()).isEqualTo("orchestrator");
      assertThat(event.metadata().instanceId()).isEqualTo("a");
      assertThat(event.metadata().correlationId()).isEqualTo(job.toString());
      // A command's events share the cause: the last event before the command.
      assertThat(event.metadata().causationId())
          .isIn(history.subList(1, i).stream().map(e -> e.eventId().toString()).toList());
    }
    // The first step was caused by JobStarted.
    assertThat(history.get(2).metadata().causationId()).isEqualTo(started.eventId().toString());
  }

  @Test
  void givenCritiqueRequestsChanges_whenCoderTriesAgain_thenItGetsTheFeedbackAndTheJobCompletes() {
    agent.script(
        AgentRole.CRITIQUE,
        verdict(Verdict.CHANGES_REQUESTED, "add tests"),
        verdict(Verdict.APPROVED, "good"));
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(end.artifact()).isEqualTo("artifact of iteration 2");
    assertThat(end.steps())
        .extracting(s -> s.id().value())
        .containsExactly("plan", "code-1", "critique-1", "code-2", "critique-2");
    AgentCall secondCoding = agent.calls(AgentRole.CODER).get(1);
    assertThat(secondCoding.input().feedback()).isEqualTo("add tests");
    assertThat(secondCoding.input().artifact()).isEqualTo("artifact of iteration 1");
    assertThat(secondCoding.input().plan()).isEqualTo("plan for: reverse a string");
  }

  @Test
  void givenCritiqueNeverApproves_whenIterationsRunOut_thenTheJobFails() {
    agent.script(AgentRole.CRITIQUE, verdict(Verdict.CHANGES_REQUESTED, "still wrong"));
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.failureReason()).isEqualTo("not approved after 2 iterations: still wrong");
    assertThat(agent.calls(AgentRole.CRITIQUE)).hasSize(2);
    assertThat(harness.metrics().awaitRecorded("job FAILED")).contains("job FAILED");
  }

  @Test
  void givenCoderFailsOnce_whenRetried_thenTheSecondAttemptSucceeds() {
    agent.script(AgentRole.CODER, failing(AgentFailure.retryable("flaky network")), code());
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(new JobLimits(2, 3, 5_000, 100, 1_000));
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    List<JobStepFailed> failures = harness.eventsOf(job, JobStepFailed.class);
    assertThat(failures).hasSize(1);
    assertThat(failures.getFirst().kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failures.getFirst().error()).isEqualTo("flaky network");
    JobStepRetryScheduled retry = harness.eventsOf(job, JobStepRetryScheduled.class).getFirst();
    assertThat(retry.nextAttempt()).isEqualTo(2);
    // No jitter in these settings: exactly the job's initial backoff.
    assertThat(Duration.between(retry.at(), retry.notBefore())).isEqualTo(Duration.ofMillis(100));
    CoderStarted second = harness.eventsOf(job, CoderStarted.class).get(1);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.at()).isAfterOrEqualTo(retry.notBefore());
    assertThat(harness.metrics().recorded()).contains("retry CODER ERROR");
    assertThat(harness.logLines(job))
        .anySatisfy(line -> assertThat(line.message()).contains("attempt 1 failed (ERROR)"));
  }

  @Test
  void givenCoderAlwaysFails_whenAttemptsRunOut_thenTheJobFails() {
    agent.script(AgentRole.CODER, failing(AgentFailure.retryable("compiler crashed")));
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.failureReason())
        .isEqualTo("step code-1 failed after 3 attempts: compiler crashed");
    assertThat(harness.eventsOf(job, CoderStarted.class))
        .extracting(CoderStarted::attempt)
        .containsExactly(1, 2, 3);
  }

  @Test
  void givenFatalFailure_whenReported_thenTheJobFailsWithoutRetry() {
    agent.script(AgentRole.PLANNER, failing(AgentFailure.fatal("no such model")));
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.failureReason()).isEqualTo("step plan failed: no such model");
    assertThat(agent.calls()).hasSize(1);
  }

  @Test
  void givenAgentRunsPastTheStepTimeout_whenTimedOut_thenItIsInterruptedAndRetried()
      throws InterruptedException {
    var started = new CountDownLatch(1);
    var interrupted = new CountDownLatch(1);
    agent.script(
        AgentRole.PLANNER,
        ScriptedAgent.blockUntilInterrupted(started, interrupted),
        ScriptedAgent.plan());
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(new JobLimits(1, 3, 200, 10, 10));
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(interrupted.await(1, TimeUnit.SECONDS)).isTrue();
    JobStepFailed timeout = harness.eventsOf(job, JobStepFailed.class).getFirst();
    assertThat(timeout.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(timeout.error()).isEqualTo("timed out after 200 ms (the step timeout)");
    assertThat(agent.calls())
        .first()
        .extracting(AgentCall::timeout)
        .isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void givenPlannerReturnsAnEmptyPlan_whenRecorded_thenTheAttemptFailsAndIsRetried() {
    agent.script(AgentRole.PLANNER, call -> new AgentResult.Plan("  "), ScriptedAgent.plan());
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    JobStepFailed failed = harness.eventsOf(job, JobStepFailed.class).getFirst();
    assertThat(failed.error()).isEqualTo("the planner returned an empty plan");
  }

  @Test
  void givenAgentLogs_whenTheStepRuns_thenTheLinesAreStoredInOrderWithTheirStep() {
    harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    harness.awaitEnd(job);

    assertThat(harness.logLines(job))
        .extracting(l -> l.sequence() + " " + l.stepId() + " " + l.level() + " " + l.message())
        .containsExactly(
            "1 plan INFO PLANNER attempt 1 of plan",
            "2 code-1 INFO CODER attempt 1 of code-1",
            "3 critique-1 INFO CRITIQUE attempt 1 of critique-1");
    assertThat(harness.logLines(job)).allSatisfy(l -> assertThat(l.instanceId()).isEqualTo("a"));
  }

  @Test
  void givenRunningOrchestrator_whenStatusAsked_thenItListsItselfAsAnInstance() {
    Orchestrator orchestrator = harness.orchestrator("a", agent);
    harness.await(harness.startJob(OrchestratorHarness.FAST), s -> s.status().isTerminal());

    var status = orchestrator.status();

    assertThat(status.instanceId()).isEqualTo("a");
    assertThat(status.accepting()).isTrue();
    assertThat(status.instances()).extracting(i -> i.id()).containsExactly("a");
  }
}
