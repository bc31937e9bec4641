package io.jobtrail.application.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobEvent.CoderStarted;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.PlannerStarted;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrashRecoveryTest {

  private final OrchestratorHarness harness = new OrchestratorHarness();
  private final ScriptedAgent agent = new ScriptedAgent();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void
      givenAttemptLeftInFlightByADeadInstance_whenAnInstanceStarts_thenTheStepRunsAgainAsANewAttempt() {
    JobId job = harness.createJob(OrchestratorHarness.FAST, Map.of(), true).id();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    // What a crash leaves behind: attempt 1 of the plan started by "dead-1", its lease expired.
    harness
        .handler("dead-1")
        .handle(
            job, new JobCommand.StartNextStep(now), new CommandOrigin("orchestrator", null, null));
    harness.leases().tryAcquire(job, "dead-1", now.minusSeconds(60), Duration.ofSeconds(10));

    harness.orchestrator("b", agent);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    JobStepFailed recovered = harness.eventsOf(job, JobStepFailed.class).getFirst();
    assertThat(recovered.stepId().value()).isEqualTo("plan");
    assertThat(recovered.attempt()).isEqualTo(1);
    assertThat(recovered.kind()).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(recovered.error()).contains("left running by an instance that stopped");
    assertThat(harness.eventsOf(job, PlannerStarted.class))
        .extracting(PlannerStarted::attempt)
        .containsExactly(1, 2);
    assertThat(agent.calls(AgentRole.PLANNER))
        .extracting(c -> c.idempotencyKey())
        .containsExactly(job + "/plan/2");
    assertThat(harness.metrics().recorded()).contains("takeover from dead-1", "recovered PLANNER");
    assertThat(harness.logLines(job))
        .anySatisfy(l -> assertThat(l.message()).startsWith("recovered step plan: interrupted"));
  }

  @Test
  void givenInstanceDiesDuringAStep_whenItsLeaseExpires_thenAnotherInstanceFinishesTheJob()
      throws InterruptedException {
    var started = new CountDownLatch(1);
    var interrupted = new CountDownLatch(1);
    agent.script(
        AgentRole.CODER,
        ScriptedAgent.blockUntilInterrupted(started, interrupted),
        ScriptedAgent.code());
    Orchestrator a = harness.orchestrator("a", agent);
    JobId job = harness.startJob(OrchestratorHarness.FAST);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    harness.orchestrator("b", agent);
    long versionAtCrash = harness.job(job).version();

    long crashedAt = System.nanoTime();
    a.halt();
    harness.await(job, s -> !harness.eventsOf(job, JobStepFailed.class).isEmpty());
    Duration takeover = Duration.ofNanos(System.nanoTime() - crashedAt);
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    // Lease 900 ms, polls every 20 ms: well within the lease plus 5 s.
    assertThat(takeover).isLessThan(Duration.ofMillis(900 + 5_000));
    List<RecordedEvent> history = harness.history(job);
    assertThat(history)
        .extracting(RecordedEvent::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
    assertThat(history.stream().filter(e -> e.version() > versionAtCrash))
        .allSatisfy(e -> assertThat(e.metadata().instanceId()).isEqualTo("b"));
    assertThat(harness.eventsOf(job, CoderStarted.class))
        .extracting(CoderStarted::attempt)
        .containsExactly(1, 2);
    assertThat(harness.metrics().recorded()).contains("takeover from a");
  }

  @Test
  void givenInstanceStopsGracefully_whenAStepIsRunning_thenItHandsTheJobOverAtOnce()
      throws InterruptedException {
    var started = new CountDownLatch(1);
    var interrupted = new CountDownLatch(1);
    agent.script(
        AgentRole.CODER,
        ScriptedAgent.blockUntilInterrupted(started, interrupted),
        ScriptedAgent.code());
    // Long leases: a takeover by expiry would be too slow for this test.
    Orchestrator a = harness.orchestrator("a", agent, s -> s.withLease(Duration.ofSeconds(30)));
    JobId job = harness.startJob(OrchestratorHarness.FAST);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    harness.orchestrator("b", agent, s -> s.withLease(Duration.ofSeconds(30)));

    a.close();
    JobState end = harness.awaitEnd(job);

    assertThat(interrupted.await(1, TimeUnit.SECONDS)).isTrue();
    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    JobStepFailed handedOver = harness.eventsOf(job, JobStepFailed.class).getFirst();
    assertThat(handedOver.kind()).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(handedOver.error()).isEqualTo("interrupted: instance a is stopping");
    assertThat(harness.leases().instances(Instant.EPOCH))
        .extracting(i -> i.id())
        .containsExactly("b");
    assertThat(harness.metrics().recorded()).doesNotContain("takeover from a");
  }

  @Test
  void givenInstanceStopsGracefully_whenTheRunningStepEndsWithinTheGrace_thenItsResultIsKept()
      throws InterruptedException {
    var started = new CountDownLatch(1);
    var proceed = new CountDownLatch(1);
    agent.script(
        AgentRole.CODER,
        ScriptedAgent.waitFor(started, proceed, ScriptedAgent.code()),
        ScriptedAgent.code());
    Orchestrator a =
        harness.orchestrator(
            "a",
            agent,
            s -> s.withLease(Duration.ofSeconds(30)).withShutdownGrace(Duration.ofSeconds(10)));
    JobId job = harness.startJob(OrchestratorHarness.FAST);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    harness.orchestrator("b", agent, s -> s.withLease(Duration.ofSeconds(30)));

    Thread closing = Thread.ofPlatform().start(a::close);
    Thread.sleep(200);
    proceed.countDown();
    closing.join(15_000);
    JobState end = harness.awaitEnd(job);

    assertThat(closing.isAlive()).isFalse();
    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(harness.eventsOf(job, JobStepFailed.class)).as("nothing interrupted").isEmpty();
    assertThat(harness.eventsOf(job, CoderStarted.class))
        .extracting(CoderStarted::attempt)
        .containsExactly(1);
    assertThat(harness.leases().instances(Instant.EPOCH))
        .extracting(i -> i.id())
        .containsExactly("b");
  }

  @Test
  void givenTwoInstances_whenManyJobsRun_thenEachCompletesAndNoneIsDrivenByBothAtOnce() {
    harness.orchestrator("a", agent);
    harness.orchestrator("b", agent);
    var jobs = new ArrayList<JobId>();
    for (int i = 0; i < 30; i++) {
      jobs.add(harness.startJob(new JobLimits(2, 3, 5_000, 10, 10)));
    }

    for (JobId job : jobs) {
      assertThat(harness.awaitEnd(job).status()).isEqualTo(JobStatus.COMPLETED);
      // A job driven by two instances at once shows up as an attempt closed by the other one.
      assertThat(harness.eventsOf(job, JobStepFailed.class)).isEmpty();
      assertThat(agent.calls().stream().filter(c -> c.jobId().equals(job))).hasSize(3);
    }
  }
}
