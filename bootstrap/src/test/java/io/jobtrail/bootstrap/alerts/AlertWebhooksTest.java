package io.jobtrail.bootstrap.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.ControlJob;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.view.JobView;
import io.jobtrail.bootstrap.api.RunningJobtrail;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.persistence.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Alert rules end to end: a real Jobtrail delivers signed webhooks to a real HTTP receiver that
 * checks every signature. Each test's rules only match the jobs it creates (by name).
 *
 * <p>On a database of its own: every Jobtrail context the test JVM keeps open is a live instance of
 * the cluster on its database, and instances with other alert settings (private targets refused,
 * other attempt limits) would evaluate and deliver these rules too.
 */
@TestPropertySource(
    properties = {
      "jobtrail.alerts.allow-private-targets=true",
      "jobtrail.alerts.max-attempts=20",
      "jobtrail.alerts.backoff-initial=50ms",
      "jobtrail.alerts.backoff-max=200ms",
      "jobtrail.alerts.timeout=2s",
      "jobtrail.alerts.sweep-interval=200ms",
      "jobtrail.consumers.poll-interval=100ms",
      "jobtrail.agents.simulated-latency-ms=20"
    })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertWebhooksTest {

  private static final String VIEWER = RunningJobtrail.VIEWER;
  private static final String OPERATOR = RunningJobtrail.OPERATOR;

  private static final String SECRET = "a-shared-secret-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final String CREATE =
      "mutation($input: AlertRuleInput!) { createAlertRule(input: $input) { id version } }";
  private static final String DELIVERIES =
      "query($rule: ID) { alertDeliveries(ruleId: $rule, first: 50) { edges { node { id"
          + " idempotencyKey state attempts jobId trigger attemptLog { attempt statusCode"
          + " latencyMs error succeeded } } } } }";

  private static final TestDatabase OWN_DATABASE = TestDatabase.createFresh();

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) throws Exception {
    registry.add("spring.datasource.url", OWN_DATABASE::jdbcUrl);
    registry.add("spring.datasource.username", () -> Objects.toString(OWN_DATABASE.user(), ""));
    registry.add("spring.datasource.password", () -> Objects.toString(OWN_DATABASE.password(), ""));
    Path dataDir = Files.createTempDirectory("jobtrail-alerts-test");
    registry.add("jobtrail.data-dir", dataDir::toString);
    String[][] tokens = {{VIEWER, "VIEWER", "vera"}, {OPERATOR, "OPERATOR", "otto"}};
    for (int i = 0; i < tokens.length; i++) {
      int n = i;
      registry.add("jobtrail.security.tokens[" + n + "].token", () -> tokens[n][0]);
      registry.add("jobtrail.security.tokens[" + n + "].role", () -> tokens[n][1]);
      registry.add("jobtrail.security.tokens[" + n + "].user", () -> tokens[n][2]);
    }
  }

  @LocalServerPort private int port;

  private HttpGraphQlTester graphQl(String token) {
    return HttpGraphQlTester.create(
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port + "/graphql")
            .defaultHeader("Authorization", "Bearer " + token)
            .build());
  }

  @Value("${spring.datasource.url}")
  private String databaseUrl;

  @Autowired private CreateJob createJob;
  @Autowired private ControlJob controlJob;
  @Autowired private QueryJobs queryJobs;

  private final WebhookReceiver receiver = new WebhookReceiver(SECRET);
  private final String name = "alerts-" + UUID.randomUUID();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void onItsOwnDatabase() {
    assertThat(databaseUrl).isEqualTo(OWN_DATABASE.jdbcUrl());
  }

  private String createRule(Map<String, Object> input) {
    var withWebhook = new HashMap<>(input);
    withWebhook.put("webhook", Map.of("url", receiver.url(), "secret", SECRET));
    return graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", withWebhook)
        .execute()
        .path("createAlertRule.id")
        .entity(String.class)
        .get();
  }

  private JobId job(String jobName, Map<String, Object> parameters) {
    return createJob
        .create(
            new NewJob(
                jobName,
                "alerting",
                parameters,
                AgentAssignment.ALL_SIMULATED,
                JobLimits.DEFAULT,
                true),
            CommandOrigin.user("alerts-test"))
        .id();
  }

  private static Map<String, Object> failingPlanner() {
    return Map.of(
        "simulated", Map.of("failures", List.of(Map.of("role", "PLANNER", "kind", "FATAL"))));
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> deliveries(String ruleId) {
    List<Map<String, Object>> edges =
        graphQl(VIEWER)
            .document(DELIVERIES)
            .variable("rule", ruleId)
            .execute()
            .path("alertDeliveries.edges")
            .entity(List.class)
            .get();
    return edges.stream().map(e -> (Map<String, Object>) e.get("node")).toList();
  }

  private void awaitStatus(JobId id, JobView.Status status) {
    await().atMost(WAIT).until(() -> queryJobs.job(id).orElseThrow().status() == status);
  }

  @Test
  @SuppressWarnings("unchecked")
  void givenARuleOnJobFailed_whenAJobFails_thenExactlyOneSignedDeliveryArrives() throws Exception {
    receiver.up();
    String ruleId =
        createRule(
            Map.of(
                "name",
                "failures",
                "match",
                Map.of("jobName", name),
                "condition",
                Map.of("jobFailed", true)));
    JobId failing = job(name, failingPlanner());
    JobId other = job(name + "-other", failingPlanner()); // Not matched by the rule's job name.

    awaitStatus(failing, JobView.Status.FAILED);
    awaitStatus(other, JobView.Status.FAILED);
    await().atMost(WAIT).until(() -> receiver.accepted().size() >= 1);
    Thread.sleep(1_000); // Several consumer polls and dispatcher rounds: nothing more may come.

    assertThat(receiver.rejectedSignatures()).isZero();
    assertThat(receiver.accepted()).hasSize(1);
    var received = receiver.accepted().getFirst();
    Map<String, Object> body = received.body();
    assertThat(body).containsEntry("trigger", "JOB_FAILED").containsEntry("test", false);
    assertThat((Map<String, Object>) body.get("rule")).containsEntry("id", ruleId);
    assertThat((Map<String, Object>) body.get("job"))
        .containsEntry("id", failing.toString())
        .containsEntry("status", "FAILED")
        .containsEntry("name", name);
    List<Map<String, Object>> events = (List<Map<String, Object>>) body.get("events");
    assertThat(events).extracting(e -> e.get("eventType")).endsWith("JobFailed");
    assertThat(events.getLast()).containsEntry("jobId", failing.toString());
    assertThat(received.idempotencyKey()).isEqualTo(body.get("idempotencyKey"));

    List<Map<String, Object>> log = deliveries(ruleId);
    assertThat(log).hasSize(1);
    assertThat(log.getFirst())
        .containsEntry("state", "DELIVERED")
        .containsEntry("idempotencyKey", received.idempotencyKey())
        .containsEntry("jobId", failing.toString());
    assertThat((List<Map<String, Object>>) log.getFirst().get("attemptLog"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a).containsEntry("statusCode", 200).containsEntry("succeeded", true);
              assertThat(a.get("error")).isNull();
            });
  }

  @Test
  void givenTheReceiverDownForAWhile_whenItComesUp_thenEveryDeliveryArrivesOnceInOrderPerJob()
      throws Exception {
    String ruleId =
        createRule(
            Map.of(
                "name",
                "progress",
                "match",
                Map.of(
                    "eventTypes",
                    List.of("JobStepCompleted", "JobCompleted"),
                    "jobName",
                    name + "-*")));
    var jobs = new ArrayList<JobId>();
    for (int i = 0; i < 3; i++) {
      jobs.add(job(name + "-" + i, Map.of()));
    }
    for (JobId id : jobs) {
      awaitStatus(id, JobView.Status.COMPLETED);
    }
    Thread.sleep(1_000); // Down: every attempt so far was refused.
    assertThat(receiver.requests()).isZero();
    receiver.up();

    var expected = new HashMap<String, List<Long>>();
    for (JobId id : jobs) {
      expected.put(
          id.toString(),
          queryJobs.events(id, 0, 1_000).stream()
              .filter(e -> List.of("JobStepCompleted", "JobCompleted").contains(e.eventType()))
              .map(RecordedEvent::version)
              .toList());
    }
    int total = expected.values().stream().mapToInt(List::size).sum();
    await().atMost(WAIT).until(() -> receiver.accepted().size() >= total);
    Thread.sleep(500);

    var accepted = receiver.accepted();
    assertThat(accepted).hasSize(total);
    assertThat(
            accepted.stream()
                .map(WebhookReceiver.Received::idempotencyKey)
                .collect(Collectors.toSet()))
        .hasSize(total);
    assertThat(accepted).anySatisfy(r -> assertThat(r.attempt()).isGreaterThan(1));
    Map<String, List<Long>> arrived = new HashMap<>();
    for (var r : accepted) {
      @SuppressWarnings("unchecked")
      var event = ((List<Map<String, Object>>) r.body().get("events")).getFirst();
      arrived
          .computeIfAbsent((String) event.get("jobId"), k -> new ArrayList<>())
          .add(((Number) event.get("sequence")).longValue());
    }
    assertThat(arrived).isEqualTo(expected);
    assertThat(deliveries(ruleId))
        .allSatisfy(d -> assertThat(d).containsEntry("state", "DELIVERED"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void givenAFailingReceiver_whenAttemptsRunOut_thenDeadLetterAndARedeliverSucceeds() {
    receiver.up().answer(500);
    String ruleId =
        createRule(
            Map.of(
                "name",
                "dead",
                "match",
                Map.of("jobName", name),
                "condition",
                Map.of("jobFailed", true)));
    job(name, failingPlanner());

    await()
        .atMost(WAIT)
        .until(() -> deliveries(ruleId).stream().anyMatch(d -> "DEAD".equals(d.get("state"))));
    Map<String, Object> dead = deliveries(ruleId).getFirst();
    assertThat(dead).containsEntry("attempts", 20);
    assertThat((List<Map<String, Object>>) dead.get("attemptLog"))
        .hasSize(20)
        .allSatisfy(
            a -> assertThat(a).containsEntry("statusCode", 500).containsEntry("succeeded", false));
    assertThat(receiver.accepted()).isEmpty();

    receiver.answer(200);
    graphQl(OPERATOR)
        .document("mutation($id: ID!) { redeliverAlertDelivery(id: $id) { id state } }")
        .variable("id", dead.get("id"))
        .execute()
        .path("redeliverAlertDelivery.state")
        .entity(String.class)
        .isEqualTo("PENDING");
    await()
        .atMost(WAIT)
        .until(() -> "DELIVERED".equals(deliveries(ruleId).getFirst().get("state")));

    assertThat(receiver.accepted())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.idempotencyKey()).isEqualTo(dead.get("idempotencyKey"));
              assertThat(r.attempt()).isEqualTo(21);
            });
    assertThat(deliveries(ruleId).getFirst()).containsEntry("attempts", 21);
  }

  @Test
  void givenAStuckLongRunningJob_whenSweptAgainAndAgain_thenEachConditionFiresOnce()
      throws Exception {
    receiver.up();
    String stuck =
        createRule(
            Map.of(
                "name",
                "stuck",
                "match",
                Map.of("jobName", name),
                "condition",
                Map.of("noEventFor", "1s")));
    String slow =
        createRule(
            Map.of(
                "name",
                "slow",
                "match",
                Map.of("jobName", name),
                "condition",
                Map.of("runningLongerThan", "1s")));
    JobId id = job(name, Map.of("simulated", Map.of("latencyMs", 60_000)));
    try {
      await().atMost(WAIT).until(() -> receiver.accepted().size() >= 2);
      Thread.sleep(2_000); // About ten sweeps more.

      assertThat(receiver.accepted())
          .extracting(r -> (String) r.body().get("trigger"))
          .containsExactlyInAnyOrder("NO_EVENT_FOR", "RUNNING_LONGER_THAN");
      assertThat(deliveries(stuck)).hasSize(1);
      assertThat(deliveries(slow)).hasSize(1);
      assertThat(receiver.accepted())
          .allSatisfy(r -> assertThat(r.body().get("summary").toString()).contains(name));
    } finally {
      controlJob.cancel(id, "test over", CommandOrigin.user("alerts-test"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void givenARule_whenTested_thenASampleIsSentAndLogged() {
    receiver.up();
    String ruleId = createRule(Map.of("name", "sample", "match", Map.of("jobName", name)));

    Map<String, Object> delivery =
        graphQl(OPERATOR)
            .document(
                "mutation($id: ID!) { testAlertRule(id: $id) { id state trigger attemptLog {"
                    + " statusCode } payload } }")
            .variable("id", ruleId)
            .execute()
            .path("testAlertRule")
            .entity(Map.class)
            .get();

    assertThat(delivery).containsEntry("state", "DELIVERED").containsEntry("trigger", "TEST");
    assertThat(receiver.accepted())
        .singleElement()
        .satisfies(
            r -> assertThat(r.body()).containsEntry("test", true).containsEntry("trigger", "TEST"));
    assertThat((Map<String, Object>) delivery.get("payload"))
        .containsEntry("deliveryId", delivery.get("id"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void givenChangesToARule_whenItsHistoryIsRead_thenEachChangeHasWhoAndWhenAndNoSecret() {
    String ruleId = createRule(Map.of("name", "history", "match", Map.of("jobName", name)));
    graphQl(OPERATOR)
        .document(
            "mutation($id: ID!, $input: AlertRuleInput!) { updateAlertRule(id: $id, input: $input,"
                + " expectedVersion: 1) { version name } }")
        .variable("id", ruleId)
        .variable(
            "input",
            Map.of(
                "name", "history renamed",
                "match", Map.of("jobName", name),
                "webhook", Map.of("url", receiver.url(), "format", "SLACK")))
        .execute()
        .path("updateAlertRule.version")
        .entity(Integer.class)
        .isEqualTo(2);
    graphQl(OPERATOR)
        .document("mutation($id: ID!) { deleteAlertRule(id: $id) { version } }")
        .variable("id", ruleId)
        .execute()
        .path("deleteAlertRule.version")
        .entity(Integer.class)
        .isEqualTo(3);

    List<Map<String, Object>> changes =
        graphQl(VIEWER)
            .document(
                "query($id: ID!) { alertRuleChanges(ruleId: $id) { version kind changedBy changedAt"
                    + " secretChanged rule } }")
            .variable("id", ruleId)
            .execute()
            .path("alertRuleChanges")
            .entity(List.class)
            .get();
    assertThat(changes)
        .extracting(c -> c.get("kind"))
        .containsExactly("CREATED", "UPDATED", "DELETED");
    assertThat(changes)
        .allSatisfy(
            c -> {
              assertThat(c).containsEntry("changedBy", "otto");
              assertThat(c.get("changedAt")).isNotNull();
              assertThat(c.get("rule").toString()).doesNotContain(SECRET);
            });
    assertThat(((Map<String, Object>) changes.get(1).get("rule")).get("name"))
        .isEqualTo("history renamed");
    assertThat(changes.get(1)).containsEntry("secretChanged", false);
    graphQl(VIEWER)
        .document("query($id: ID!) { alertRule(id: $id) { id } }")
        .variable("id", ruleId)
        .execute()
        .path("alertRule")
        .valueIsNull();

    graphQl(VIEWER)
        .document(CREATE)
        .variable(
            "input",
            Map.of(
                "name", "not allowed", "webhook", Map.of("url", receiver.url(), "secret", SECRET)))
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions()).containsEntry("code", "FORBIDDEN"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void givenTheAlertsConsumer_whenConsumersAreQueried_thenItReportsItsPositionAndLag() {
    receiver.up();
    createRule(
        Map.of(
            "name",
            "consumers",
            "match",
            Map.of("jobName", name),
            "condition",
            Map.of("jobFailed", true)));
    JobId id = job(name, failingPlanner());
    awaitStatus(id, JobView.Status.FAILED);
    await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Map<String, Object>> consumers =
                  graphQl(VIEWER)
                      .document(
                          "{ consumers { name position lagEvents lagSeconds delivered failed"
                              + " retrying owner active } orchestratorStatus { consumers { name } } }")
                      .execute()
                      .path("consumers")
                      .entity(List.class)
                      .get();
              assertThat(consumers)
                  .filteredOn(c -> "alerts".equals(c.get("name")))
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c).containsEntry("active", true).containsEntry("lagEvents", 0);
                        assertThat(((Number) c.get("delivered")).longValue()).isPositive();
                        assertThat(c.get("owner")).isNotNull();
                      });
            });
    var seen = new HashSet<String>();
    receiver.accepted().forEach(r -> seen.add(r.idempotencyKey()));
    assertThat(seen).hasSize(1);
  }
}
