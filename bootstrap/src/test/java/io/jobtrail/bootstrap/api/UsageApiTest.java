package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Usage, cost and environment of every attempt, the job's totals and its budgets, over real HTTP
 * against a real database, with the simulated agent (which reports synthetic usage of the priced
 * model {@code simulated-1}).
 */
class UsageApiTest extends RunningJobtrail {

  private static final String CREATE =
      "mutation($input: CreateJobInput!) { createJob(input: $input) { id limits {"
          + " maxTotalTokens maxCostUsd onBudgetExceeded } } }";

  private static final String JOB =
      "query($id: ID!) { job(id: $id) { status failureReason pauseReason"
          + " usage { promptTokens completionTokens totalTokens costUsd agentTimeMs calls"
          + " unpricedCalls }"
          + " steps { attempts { status usage { model parameters promptTokens completionTokens"
          + " totalTokens costUsd agentTimeMs } environment } }"
          + " events { eventType eventData } } }";

  private static Map<String, Object> job(String name, Map<String, Object> limits) {
    return Map.of(
        "name",
        name,
        "task",
        "count the words of a sentence",
        "parameters",
        Map.of("simulated", Map.of("latencyMs", 20)),
        "limits",
        limits);
  }

  private String create(Map<String, Object> input) {
    return graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", input)
        .execute()
        .path("createJob.id")
        .entity(String.class)
        .get();
  }

  @Test
  void givenASimulatedJob_whenItCompletes_thenEveryAttemptAndTheJobShowUsageCostAndEnvironment() {
    String id = create(job("usage shown", Map.of("maxIterations", 1)));
    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("COMPLETED"));

    var read = graphQl(VIEWER).document(JOB).variable("id", id).execute();

    List<Map<String, Object>> attempts =
        read.path("job.steps[*].attempts[*]").entityList(mapType()).get();
    assertThat(attempts).hasSize(3);
    long prompt = 0;
    long completion = 0;
    double cost = 0;
    long time = 0;
    for (Map<String, Object> attempt : attempts) {
      @SuppressWarnings("unchecked")
      var usage = (Map<String, Object>) attempt.get("usage");
      assertThat(usage).containsEntry("model", "simulated-1");
      assertThat(((Number) usage.get("promptTokens")).longValue()).isPositive();
      assertThat(((Number) usage.get("totalTokens")).longValue())
          .isEqualTo(
              ((Number) usage.get("promptTokens")).longValue()
                  + ((Number) usage.get("completionTokens")).longValue());
      assertThat(((Number) usage.get("costUsd")).doubleValue()).isPositive();
      assertThat(((Number) usage.get("agentTimeMs")).longValue()).isGreaterThanOrEqualTo(20);
      prompt += ((Number) usage.get("promptTokens")).longValue();
      completion += ((Number) usage.get("completionTokens")).longValue();
      cost += ((Number) usage.get("costUsd")).doubleValue();
      time += ((Number) usage.get("agentTimeMs")).longValue();
      @SuppressWarnings("unchecked")
      var environment = (Map<String, Object>) attempt.get("environment");
      assertThat(environment).containsKeys("version", "host");
      assertThat(environment.get("agent")).isEqualTo(Map.of("kind", "simulated"));
    }
    read.path("job.usage.promptTokens").entity(Long.class).isEqualTo(prompt);
    read.path("job.usage.completionTokens").entity(Long.class).isEqualTo(completion);
    read.path("job.usage.totalTokens").entity(Long.class).isEqualTo(prompt + completion);
    double costs = cost;
    read.path("job.usage.costUsd")
        .entity(Double.class)
        .satisfies(total -> assertThat(total).isCloseTo(costs, Offset.offset(1e-9)));
    read.path("job.usage.agentTimeMs").entity(Long.class).isEqualTo(time);
    read.path("job.usage.calls").entity(Integer.class).isEqualTo(3);
    read.path("job.usage.unpricedCalls").entity(Integer.class).isEqualTo(0);
    read.path("job.events[?(@.eventType == 'PlannerCompleted')].eventData.usage.model")
        .entityList(String.class)
        .containsExactly("simulated-1");
  }

  @Test
  void givenATokenBudget_whenAnAttemptGoesOverIt_thenTheJobFailsNamingTheBudget() {
    String id = create(job("over its token budget", Map.of("maxTotalTokens", 10)));
    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("FAILED"));

    var read = graphQl(VIEWER).document(JOB).variable("id", id).execute();
    read.path("job.failureReason")
        .entity(String.class)
        .satisfies(reason -> assertThat(reason).startsWith("budget maxTotalTokens exceeded: "));
    read.path("job.events[*].eventType")
        .entityList(String.class)
        .satisfies(
            types ->
                assertThat(types.subList(types.size() - 2, types.size()))
                    .containsExactly("JobBudgetExceeded", "JobFailed"));
    read.path("job.events[?(@.eventType == 'JobBudgetExceeded')].eventData.budget")
        .entityList(String.class)
        .containsExactly("maxTotalTokens");
    read.path("job.steps").entityList(Object.class).hasSize(1);
  }

  @Test
  void givenACostBudgetThatPauses_whenAnAttemptGoesOverIt_thenTheJobPausesNamingTheBudget() {
    var limits = Map.<String, Object>of("maxCostUsd", 0.0000001, "onBudgetExceeded", "PAUSE");
    var created =
        graphQl(OPERATOR)
            .document(CREATE)
            .variable("input", job("over its cost budget", limits))
            .execute();
    created.path("createJob.limits.maxCostUsd").entity(Double.class).isEqualTo(0.0000001);
    created.path("createJob.limits.onBudgetExceeded").entity(String.class).isEqualTo("PAUSE");
    created.path("createJob.limits.maxTotalTokens").valueIsNull();
    String id = created.path("createJob.id").entity(String.class).get();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("PAUSED"));

    graphQl(VIEWER)
        .document(JOB)
        .variable("id", id)
        .execute()
        .path("job.pauseReason")
        .entity(String.class)
        .satisfies(reason -> assertThat(reason).startsWith("budget maxCostUsd exceeded: "));
  }

  @Test
  void givenBudgetsOutOfRange_whenCreatingAJob_thenBadUserInputNamingTheField() {
    for (var bad :
        List.of(
            Map.entry("maxTotalTokens", (Object) 0),
            Map.entry("maxTotalTokens", (Object) (-5)),
            Map.entry("maxCostUsd", (Object) 0),
            Map.entry("maxCostUsd", (Object) (-1.5)),
            Map.entry("maxCostUsd", (Object) 2_000_000))) {
      graphQl(OPERATOR)
          .document(CREATE)
          .variable("input", job("bad budget", Map.of(bad.getKey(), bad.getValue())))
          .execute()
          .errors()
          .satisfy(
              errors -> {
                assertThat(errors).hasSize(1);
                assertThat(errors.getFirst().getExtensions())
                    .containsEntry("code", "BAD_USER_INPUT")
                    .containsEntry("field", "input.limits." + bad.getKey());
                assertThat(errors.getFirst().getMessage()).contains(bad.getKey());
              });
    }
    graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", job("bad action", Map.of("onBudgetExceeded", "EXPLODE")))
        .execute()
        .errors()
        .satisfy(errors -> assertThat(errors).isNotEmpty());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Class<Map<String, Object>> mapType() {
    return (Class) Map.class;
  }
}
