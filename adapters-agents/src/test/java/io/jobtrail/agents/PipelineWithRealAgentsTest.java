package io.jobtrail.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jobtrail.agents.command.CommandAgent;
import io.jobtrail.agents.command.CommandPolicy;
import io.jobtrail.agents.openai.ChatCompletionsServer;
import io.jobtrail.agents.openai.OpenAiAgent;
import io.jobtrail.agents.simulated.SimulatedAgent;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.orchestrator.Orchestrator;
import io.jobtrail.application.replay.ReplayService;
import io.jobtrail.application.testing.InMemoryJobHeadCheckpoints;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.OrchestratorHarness;
import io.jobtrail.application.usage.PriceTable;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.Budget;
import io.jobtrail.domain.job.BudgetAction;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent.JobBudgetExceeded;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.PlannerCompleted;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.ReuseMode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Whole jobs through the orchestrator (in memory) with the real agents behind the registry. */
class PipelineWithRealAgentsTest {

  /** The default table and the test server's model, priced by its undated name. */
  private static final PriceTable PRICES =
      new PriceTable(
          Map.of(
              PriceTable.SIMULATED_MODEL,
              new PriceTable.Price(0.15, 0.60),
              "test-model",
              new PriceTable.Price(2.00, 8.00)));

  @TempDir Path dir;

  private final OrchestratorHarness harness = new OrchestratorHarness();
  private final HttpClient http = HttpClient.newHttpClient();
  private ChatCompletionsServer openAi;
  private Orchestrator orchestrator;

  @BeforeEach
  void startOrchestrator() throws IOException {
    openAi = new ChatCompletionsServer();
    var json = JsonMapper.builder().build();
    var agents =
        new AgentRegistry(
            Map.of(
                SimulatedAgent.KIND, new SimulatedAgent(),
                CommandAgent.KIND,
                    new CommandAgent(CommandPolicy.allowing(List.of(dir + "/")), json),
                OpenAiAgent.KIND,
                    new OpenAiAgent(
                        http,
                        json,
                        Map.of("baseUrl", openAi.baseUrl()),
                        new OpenAiAgent.Secrets(name -> null, name -> null))));
    orchestrator =
        new Orchestrator(
            OrchestratorHarness.settings("a"),
            harness.repository(),
            harness.handler("a"),
            harness.events(),
            harness.leases(),
            harness.logs(),
            agents,
            harness.tracer(),
            harness.metrics(),
            Clock.systemUTC(),
            PRICES);
    orchestrator.start();
  }

  @AfterEach
  void tearDown() {
    orchestrator.close();
    harness.close();
    openAi.close();
    http.close();
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

  @Test
  void
      givenStreamingOpenAiAgents_whenTheSecondCallPassesTheCostBudget_thenUsageIsPricedAndTheJobStops() {
    // Ten chunks of content, 400 prompt tokens: 400 * 2.00 + 10 * 8.00 USD per million a call.
    List<String> pieces =
        List.of("1. Rev", "erse ", "the ", "string", "\n", "2. ", "Test ", "it", "\n", "3. Done");
    openAi.stream(
        ChatCompletionsServer.completionChunks(pieces, 400), ChatCompletionsServer.StreamEnd.DONE);
    var streaming = new AgentSpec("openai", Map.of("model", "test-model", "stream", true));
    var limits = new JobLimits(2, 1, 10_000, 10, 10).withBudgets(null, 0.001, BudgetAction.FAIL);

    JobId job =
        harness
            .createJob(new AgentAssignment(streaming, streaming, streaming), limits, Map.of(), true)
            .id();
    JobState end = harness.awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.FAILED);
    assertThat(end.failureReason())
        .isEqualTo("budget maxCostUsd exceeded: 0.00176 USD used, the limit is 0.001 USD");
    assertThat(harness.eventsOf(job, JobBudgetExceeded.class))
        .extracting(JobBudgetExceeded::budget, JobBudgetExceeded::used)
        .containsExactly(tuple(Budget.MAX_COST_USD, 0.00176));
    AgentUsage planned = harness.eventsOf(job, PlannerCompleted.class).getFirst().usage();
    assertThat(planned.model()).isEqualTo(ChatCompletionsServer.MODEL);
    assertThat(planned.tokens()).isEqualTo(new AgentUsage.Tokens(400, 10, 410));
    assertThat(planned.costUsd()).isEqualTo(0.00088);
    assertThat(end.plan()).isEqualTo("1. Reverse the string\n2. Test it\n3. Done");
    assertThat(end.usage().totalTokens()).isEqualTo(820);
    assertThat(end.usage().calls()).isEqualTo(2);
    assertThat(openAi.requests()).as("no critique was asked for").hasSize(2);
    assertThat(harness.logLines(job))
        .filteredOn(line -> "plan".equals(line.stepId()))
        .extracting(JobLogEntry::message)
        .containsExactly(
            "openai test-model: asking " + openAi.baseUrl() + "/chat/completions (stream)",
            "1. Reverse the string",
            "2. Test it",
            "3. Done");
  }

  @Test
  void
      givenAForkThatChangesOnlyTheCritique_whenItReusesUnchangedOutputs_thenOnlyTheCritiqueIsAsked() {
    // The same reply serves every role: a plan, an artifact, and a verdict the critique reads.
    openAi.replyWith("APPROVED\nShip it.");
    var model = new AgentSpec("openai", Map.of("model", "test-model"));
    JobId original =
        harness
            .createJob(
                new AgentAssignment(model, model, model),
                new JobLimits(1, 1, 10_000, 10, 10),
                Map.of(),
                true)
            .id();
    assertThat(harness.awaitEnd(original).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(openAi.requests()).as("planner, coder, critique").hasSize(3);
    var replays =
        new ReplayService(
            harness.events(),
            harness.events().summaries(),
            new InMemoryJobSnapshots(),
            new InMemoryJobHeadCheckpoints(harness.events().summaries()),
            harness.repository(),
            new UuidV7(Clock.systemUTC()),
            Clock.systemUTC(),
            harness.tracer(),
            "replaying-instance");

    JobId fork =
        replays
            .replay(
                original,
                2, // Right after JobStarted: every step comes after the fork point.
                Map.of(),
                Map.of(
                    AgentRole.CRITIQUE,
                    new AgentSpec("openai", Map.of("model", "test-model", "temperature", 0.1))),
                ReuseMode.UNCHANGED_INPUTS,
                OrchestratorHarness.ALICE)
            .id();
    JobState end = harness.awaitEnd(fork);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(openAi.requests()).as("only the critique was asked again").hasSize(4);
    assertThat(openAi.requests().getLast().body()).containsEntry("temperature", 0.1);
    assertThat(harness.eventsOf(fork, PlannerCompleted.class).getFirst().reusedFrom()).isNotNull();
    assertThat(end.usage().calls()).as("the fork's own calls").isEqualTo(1);
  }

  private AgentSpec command(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return new AgentSpec("command", Map.of("command", List.of(file.toString())));
  }
}
