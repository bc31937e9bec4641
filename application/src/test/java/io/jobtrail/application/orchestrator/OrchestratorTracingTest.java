package io.jobtrail.application.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.Verdict;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrchestratorTracingTest {

  private final OrchestratorHarness harness = new OrchestratorHarness();
  private final ScriptedAgent agent = new ScriptedAgent();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void
      givenARunWithARetryAndAnIteration_whenTraced_thenEveryEventAndLogLineBelongsToARecordedSpan() {
    agent.script(
        AgentRole.CODER,
        ScriptedAgent.failing(AgentFailure.retryable("flaky")),
        ScriptedAgent.code());
    agent.script(
        AgentRole.CRITIQUE,
        ScriptedAgent.verdict(Verdict.CHANGES_REQUESTED, "more"),
        ScriptedAgent.verdict(Verdict.APPROVED, "ok"));
    Orchestrator orchestrator = harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    harness.awaitEnd(job);
    awaitLetGo(orchestrator);

    List<SpanData> spans = harness.spans().getFinishedSpanItems();
    Set<String> spanIds = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    Set<String> traceIds = spans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
    List<RecordedEvent> history = harness.history(job);
    assertThat(history).hasSizeGreaterThan(20);
    assertThat(history)
        .allSatisfy(
            event -> {
              assertThat(event.metadata().traceId()).isIn(traceIds);
              assertThat(event.metadata().spanId()).isIn(spanIds);
            });
    assertThat(harness.logLines(job))
        .isNotEmpty()
        .allSatisfy(
            line -> {
              assertThat(line.traceId()).isIn(traceIds);
              assertThat(line.spanId()).isIn(spanIds);
            });
  }

  @Test
  void givenAStep_whenTraced_thenItsSpanNamesJobStepRoleAndAttemptAndHoldsItsCommands() {
    Orchestrator orchestrator = harness.orchestrator("a", agent);

    JobId job = harness.startJob(OrchestratorHarness.FAST);
    harness.awaitEnd(job);
    awaitLetGo(orchestrator);

    List<SpanData> spans = harness.spans().getFinishedSpanItems();
    List<SpanData> steps = spans.stream().filter(s -> s.getName().equals("job.step")).toList();
    assertThat(steps)
        .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("job.step")))
        .containsExactly("plan", "code-1", "critique-1");
    SpanData coding = steps.get(1);
    assertThat(coding.getAttributes().get(AttributeKey.stringKey("job.id")))
        .isEqualTo(job.toString());
    assertThat(coding.getAttributes().get(AttributeKey.stringKey("job.role"))).isEqualTo("CODER");
    assertThat(coding.getAttributes().get(AttributeKey.longKey("job.attempt"))).isEqualTo(1L);
    assertThat(coding.getAttributes().get(AttributeKey.stringKey("job.attempt.outcome")))
        .isEqualTo("succeeded");
    // StartNextStep and CompleteAttempt run inside the step's span.
    assertThat(spans)
        .filteredOn(s -> s.getParentSpanId().equals(coding.getSpanId()))
        .extracting(SpanData::getName)
        .containsExactly("job.StartNextStep", "job.CompleteAttempt");
    // Each step is a trace of its own, linked to the span of the event that caused it.
    assertThat(coding.getLinks()).hasSize(1);
    assertThat(coding.getLinks().getFirst().getSpanContext().getSpanId())
        .isIn(spans.stream().map(SpanData::getSpanId).toList());
  }

  /** The job's spans have ended once the orchestrator has let go of it. */
  private static void awaitLetGo(Orchestrator orchestrator) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (orchestrator.activeJobs() > 0) {
      assertThat(System.nanoTime()).as("orchestrator lets go within 5 s").isLessThan(deadline);
      OrchestratorHarness.sleep(5);
    }
  }
}
