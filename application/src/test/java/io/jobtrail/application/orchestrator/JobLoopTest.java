package io.jobtrail.application.orchestrator;

import static io.jobtrail.application.testing.OrchestratorHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop per job: its bound on agent calls, its waits, and halting. */
class JobLoopTest {

  private final OrchestratorHarness harness = new OrchestratorHarness();
  private final ScriptedAgent agent = new ScriptedAgent();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void givenMoreDueJobsThanWorkers_whenTheyRun_thenAtMostWorkersAgentCallsRunAtOnce() {
    var running = new AtomicInteger();
    var most = new AtomicInteger();
    var release = new CountDownLatch(1);
    agent.script(
        AgentRole.PLANNER,
        call -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            release.await(10, TimeUnit.SECONDS);
            return new AgentResult.Plan("1. do it");
          } finally {
            running.decrementAndGet();
          }
        });
    // Two agent calls at once, eight jobs held at once.
    Orchestrator orchestrator = harness.orchestrator("a", agent, s -> s.withWorkers(2, 8));
    List<JobId> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(harness.startJob(OrchestratorHarness.FAST));
    }
    awaitCondition(() -> orchestrator.activeJobs() == 6 && running.get() == 2);
    OrchestratorHarness.sleep(100);

    assertThat(orchestrator.status().runningAttempts()).isEqualTo(2);
    assertThat(orchestrator.status().queuedJobs()).isEqualTo(4);
    release.countDown();
    for (JobId job : jobs) {
      assertThat(harness.awaitEnd(job).status()).isEqualTo(JobStatus.COMPLETED);
    }
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void givenARetryDueInAMinute_whenResumedAfterAPauseHere_thenTheLoopIsWokenAndLetsGoOfNothing() {
    agent.script(AgentRole.PLANNER, ScriptedAgent.failing(AgentFailure.retryable("down")));
    Orchestrator orchestrator = harness.orchestrator("a", agent);
    var control = new WakingJobControl(harness.jobs(), harness.jobs(), orchestrator);
    JobId job = harness.startJob(new JobLimits(1, 3, 5_000, 60_000, 60_000));
    harness.await(job, s -> s.lastStep() != null && s.lastStep().retryAt() != null);
    assertThat(orchestrator.activeJobs()).as("parked, still held").isEqualTo(1);

    long before = System.nanoTime();
    control.pause(job, null, ALICE);
    awaitCondition(() -> orchestrator.activeJobs() == 0);

    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .as("the pause unparked the loop, which let go at once")
        .isLessThan(Duration.ofSeconds(2));
    assertThat(harness.job(job).status()).isEqualTo(JobStatus.PAUSED);
    assertThat(agent.calls()).hasSize(1);
  }

  /**
   * The loop turns on the state its own commands left, without reading the job: a pause sent
   * through another instance (its own repository, so nothing here knows of it) is found by the next
   * command's version check, which is then rejected, and the loop lets go.
   */
  @Test
  void givenARetryDueSoon_whenPausedElsewhere_thenTheLoopStartsNothingAndLetsGo() {
    agent.script(AgentRole.PLANNER, ScriptedAgent.failing(AgentFailure.retryable("down")));
    Orchestrator orchestrator = harness.orchestrator("a", agent);
    JobId job = harness.startJob(new JobLimits(1, 3, 5_000, 400, 400));
    harness.await(job, s -> s.lastStep() != null && s.lastStep().retryAt() != null);
    assertThat(orchestrator.activeJobs()).as("parked, still held").isEqualTo(1);

    var elsewhere =
        new JobCommandHandler(
            new JobRepository(harness.events(), new InMemoryJobSnapshots(), 20),
            new UuidV7(Clock.systemUTC()),
            harness.tracer(),
            "b",
            10);
    long pausedAt =
        elsewhere
            .handle(job, new JobCommand.PauseJob("elsewhere", "alice", Instant.now()), ALICE)
            .state()
            .version();

    awaitCondition(() -> orchestrator.activeJobs() == 0);
    assertThat(harness.job(job).status()).isEqualTo(JobStatus.PAUSED);
    assertThat(harness.job(job).version()).as("nothing after the pause").isEqualTo(pausedAt);
    assertThat(agent.calls()).hasSize(1);
  }

  @Test
  void givenAStepRunning_whenHalted_thenNothingMoreIsRecordedAndNoLeaseIsReleased()
      throws InterruptedException {
    var started = new CountDownLatch(1);
    var interrupted = new CountDownLatch(1);
    agent.script(AgentRole.CODER, ScriptedAgent.blockUntilInterrupted(started, interrupted));
    Orchestrator orchestrator = harness.orchestrator("a", agent);
    JobId job = harness.startJob(OrchestratorHarness.FAST);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    long version = harness.job(job).version();

    orchestrator.halt();

    assertThat(interrupted.await(2, TimeUnit.SECONDS)).as("the agent is interrupted").isTrue();
    assertThat(orchestrator.activeJobs()).isZero();
    OrchestratorHarness.sleep(200);
    assertThat(harness.job(job).version()).as("nothing recorded").isEqualTo(version);
    assertThat(harness.leases().findDueWithoutLiveLease(Instant.now(), 10))
        .as("the lease is still held by the halted instance")
        .doesNotContain(job);
  }

  private static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 5 s").isLessThan(deadline);
      OrchestratorHarness.sleep(5);
    }
  }
}
