package io.jobtrail.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.agents.command.CommandAgent;
import io.jobtrail.agents.command.CommandPolicy;
import io.jobtrail.agents.simulated.SimulatedAgent;
import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Whole jobs through the orchestrator (in memory) with the real agents behind the registry. */
class PipelineWithRealAgentsTest {

  @TempDir Path dir;

  private final OrchestratorHarness harness = new OrchestratorHarness();

  @BeforeEach
  void startOrchestrator() {
    var json = JsonMapper.builder().build();
    var agents =
        new AgentRegistry(
            Map.of(
                SimulatedAgent.KIND, new SimulatedAgent(),
                CommandAgent.KIND,
                    new CommandAgent(CommandPolicy.allowing(List.of(dir + "/")), json)));
    harness.orchestrator("a", agents);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void givenSimulatedAgentWithScriptedVerdicts_whenTheJobRuns_thenItIteratesAndCompletes() {
    Map<String, Object> parameters =
        Map.of(
            "simulated", Map.of("seed", 42, "verdicts", List.of("CHANGES_REQUESTED", "APPROVED")));

    JobId job = harness.createJob(new JobLimits(3, 3, 5_000, 10, 10), parameters, true).id();
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(end.steps()).hasSize(5);
    assertThat(end.artifact()).startsWith("// Simulated artifact, iteration 2");
    assertThat(harness.logLines(job))
        .extracting(JobLogEntry::message)
        .allMatch(message -> message.startsWith("simulated "));
  }

  @Test
  void givenTheConsolesFailureDemo_whenTheCoderAlwaysFails_thenTheJobFailsAfterItsAttempts() {
    Map<String, Object> parameters = Map.of("simulated", Map.of("failAt", Map.of("role", "CODER")));

    JobId job = harness.createJob(new JobLimits(2, 2, 5_000, 10, 10), parameters, true).id();
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.failureReason())
        .isEqualTo(
            "step code-1 failed after 2 attempts: simulated error injected for CODER (iteration 1,"
                + " attempt 2)");
  }

  @Test
  void givenInjectedTimeoutOnTheFirstAttempt_whenTheStepTimesOut_thenTheRetrySucceeds() {
    Map<String, Object> parameters =
        Map.of(
            "simulated",
            Map.of(
                "failures", List.of(Map.of("role", "PLANNER", "attempt", 1, "kind", "TIMEOUT"))));

    JobId job = harness.createJob(new JobLimits(1, 3, 200, 10, 10), parameters, true).id();
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(harness.eventsOf(job, JobStepFailed.class))
        .extracting(JobStepFailed::kind)
        .containsExactly(FailureKind.TIMEOUT);
  }

  @Test
  void givenCommandAgentsForEveryRole_whenTheJobRuns_thenScriptsDoTheWorkAndTheirStderrIsLogged()
      throws IOException {
    var agents =
        new AgentAssignment(
            command(
                "planner.sh",
                "cat > /dev/null\necho 'planning' >&2\necho '{\"plan\": \"1. reverse\"}'"),
            command(
                "coder.sh",
                "cat > /dev/null\necho 'coding' >&2\necho '{\"artifact\": \"s[::-1]\"}'"),
            command(
                "critique.sh",
                "cat > /dev/null\necho '{\"verdict\": \"APPROVED\", \"feedback\": \"fine\"}'"));

    JobId job = harness.createJob(agents, new JobLimits(1, 1, 10_000, 10, 10), Map.of(), true).id();
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(end.artifact()).isEqualTo("s[::-1]");
    assertThat(harness.logLines(job))
        .extracting(l -> l.stepId() + ": " + l.message())
        .containsExactly("plan: planning", "code-1: coding");
  }

  private AgentSpec command(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return new AgentSpec("command", Map.of("command", List.of(file.toString())));
  }
}
