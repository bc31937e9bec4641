package io.jobtrail.application.orchestrator;

import static io.jobtrail.application.testing.OrchestratorHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent.CoderStarted;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobControlTest {

  private final OrchestratorHarness harness = new OrchestratorHarness();
  private final ScriptedAgent agent = new ScriptedAgent();
  private final CountDownLatch coderStarted = new CountDownLatch(1);
  private final CountDownLatch coderInterrupted = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void givenCoderRunning_whenCancelledOnThisInstance_thenTheAgentIsInterruptedAtOnce()
      throws InterruptedException {
    agent.script(
        AgentRole.CODER, ScriptedAgent.blockUntilInterrupted(coderStarted, coderInterrupted));
    // Control checks so rare that only the wake-up can explain a prompt interrupt.
    Orchestrator orchestrator =
        harness.orchestrator("a", agent, s -> s.withControlCheckInterval(Duration.ofSeconds(30)));
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    JobId job = harness.startJob(OrchestratorHarness.FAST);
    assertThat(coderStarted.await(5, TimeUnit.SECONDS)).isTrue();

    long before = System.nanoTime();
    control.cancel(job, "changed my mind", ALICE);

    assertThat(coderInterrupted.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
    JobState end = harness.job(job);
    assertThat(end.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(end.cancelReason()).isEqualTo("changed my mind");
    awaitLeaseReleased(orchestrator);
    assertThat(harness.eventTypes(job))
        .endsWith("CoderStarted", "JobStepFailed", "JobCancelled")
        .doesNotContain("CoderCompleted");
    assertThat(harness.logLines(job))
        .anySatisfy(
            l -> assertThat(l.message()).isEqualTo("agent call stopped: the job was cancelled"));
  }

  @Test
  void givenCoderRunning_whenCancelledElsewhere_thenTheControlCheckInterruptsTheAgent()
      throws InterruptedException {
    agent.script(
        AgentRole.CODER, ScriptedAgent.blockUntilInterrupted(coderStarted, coderInterrupted));
    Orchestrator orchestrator = harness.orchestrator("a", agent);
    JobId job = harness.startJob(OrchestratorHarness.FAST);
    assertThat(coderStarted.await(5, TimeUnit.SECONDS)).isTrue();

    // Straight through the use case, as another instance would: no wake-up here.
    harness.jobs().cancel(job, null, ALICE);

    assertThat(coderInterrupted.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(harness.job(job).status()).isEqualTo(JobStatus.CANCELLED);
    awaitLeaseReleased(orchestrator);
  }

  @Test
  void givenCoderRunning_whenPaused_thenTheAttemptFinishesAndTheJobWaitsUntilResumed()
      throws InterruptedException {
    var proceed = new CountDownLatch(1);
    agent.script(
        AgentRole.CODER, ScriptedAgent.waitFor(coderStarted, proceed, ScriptedAgent.code()));
    Orchestrator orchestrator = harness.orchestrator("a", agent);
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    JobId job = harness.startJob(OrchestratorHarness.FAST);
    assertThat(coderStarted.await(5, TimeUnit.SECONDS)).isTrue();

    control.pause(job, "lunch", ALICE);
    proceed.countDown();
    harness.await(job, s -> s.step(new io.jobtrail.domain.job.StepId("code-1")).output() != null);
    awaitLeaseReleased(orchestrator);
    OrchestratorHarness.sleep(100);

    JobState paused = harness.job(job);
    assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(paused.pauseReason()).isEqualTo("lunch");
    assertThat(harness.eventTypes(job))
        .endsWith("CoderStarted", "JobPaused", "CoderCompleted", "JobStepCompleted");
    assertThat(agent.calls(AgentRole.CRITIQUE)).isEmpty();

    control.resume(job, ALICE);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(agent.calls(AgentRole.CODER)).hasSize(1);
  }

  @Test
  void givenInterruptMode_whenPausedDuringAStep_thenTheAttemptIsInterruptedAndRunsAgainOnResume()
      throws InterruptedException {
    agent.script(
        AgentRole.CODER,
        ScriptedAgent.blockUntilInterrupted(coderStarted, coderInterrupted),
        ScriptedAgent.code());
    Orchestrator orchestrator =
        harness.orchestrator("a", agent, s -> s.withPauseMode(PauseMode.INTERRUPT));
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    // One attempt only: an interrupted attempt must not use it up.
    JobId job = harness.startJob(new JobLimits(1, 1, 5_000, 10, 10));
    assertThat(coderStarted.await(5, TimeUnit.SECONDS)).isTrue();

    control.pause(job, null, ALICE);

    assertThat(coderInterrupted.await(2, TimeUnit.SECONDS)).isTrue();
    harness.await(job, s -> !harness.eventsOf(job, JobStepFailed.class).isEmpty());
    awaitLeaseReleased(orchestrator);
    JobStepFailed interrupted = harness.eventsOf(job, JobStepFailed.class).getFirst();
    assertThat(interrupted.kind()).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(interrupted.error()).isEqualTo("interrupted: the job was paused");
    assertThat(harness.job(job).status()).isEqualTo(JobStatus.PAUSED);

    control.resume(job, ALICE);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(harness.eventsOf(job, CoderStarted.class))
        .extracting(CoderStarted::attempt)
        .containsExactly(1, 2);
  }

  @Test
  void givenRetryWaiting_whenCancelled_thenTheJobEndsWithoutAnotherAttempt() {
    agent.script(
        AgentRole.PLANNER,
        ScriptedAgent.failing(io.jobtrail.application.port.out.AgentFailure.retryable("down")));
    Orchestrator orchestrator = harness.orchestrator("a", agent);
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    JobId job = harness.startJob(new JobLimits(1, 3, 5_000, 60_000, 60_000));
    harness.await(job, s -> s.lastStep() != null && s.lastStep().retryAt() != null);

    control.cancel(job, null, ALICE);

    awaitLeaseReleased(orchestrator);
    assertThat(harness.job(job).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(agent.calls()).hasSize(1);
  }

  private void awaitLeaseReleased(Orchestrator orchestrator) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (orchestrator.activeJobs() > 0) {
      assertThat(System.nanoTime()).as("lease released within 5 s").isLessThan(deadline);
      OrchestratorHarness.sleep(5);
    }
  }
}
