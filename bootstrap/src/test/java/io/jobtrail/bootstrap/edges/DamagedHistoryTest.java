package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.port.in.ControlJob;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.persistence.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A job whose stored history was damaged behind Jobtrail's back (an event deleted with the
 * immutability triggers off): the export still streams and says where; job() answers with a code
 * that names the missing version instead of an internal error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DamagedHistoryTest {

  private static final String VIEWER = "damage-viewer-token-0123456789";
  private static final String OPERATOR = "damage-operator-token-0123456789";

  /** A database of its own: the damage done here must not reach the other tests' jobs. */
  private static final TestDatabase OWN = TestDatabase.createFresh();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    registry.add("spring.datasource.url", OWN::jdbcUrl);
    registry.add("spring.datasource.username", () -> OWN.user() == null ? "" : OWN.user());
    registry.add("spring.datasource.password", () -> OWN.password() == null ? "" : OWN.password());
    registry.add("jobtrail.data-dir", () -> tempDir("jobtrail-damage"));
    registry.add("jobtrail.security.tokens[0].token", () -> VIEWER);
    registry.add("jobtrail.security.tokens[0].role", () -> "VIEWER");
    registry.add("jobtrail.security.tokens[1].token", () -> OPERATOR);
    registry.add("jobtrail.security.tokens[1].role", () -> "OPERATOR");
  }

  private static String tempDir(String prefix) {
    try {
      return java.nio.file.Files.createTempDirectory(prefix).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired CreateJob createJob;
  @Autowired ControlJob controlJob;

  private HttpGraphQlTester graphQl(String token) {
    return HttpGraphQlTester.create(
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port + "/graphql")
            .defaultHeader("Authorization", "Bearer " + token)
            .build());
  }

  private static Map<String, Object> input(String name, String task) {
    return Map.of("name", name, "task", task, "start", false);
  }

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * A job created, started and cancelled through the use cases (not over GraphQL, whose answers are
   * the job's view, which the server then keeps folded: damage done after a read shows in verifyJob
   * and the export at once, and in the view when it is next read afresh).
   */
  private String damagedJob() throws Exception {
    var origin = CommandOrigin.user("damage-test");
    JobId jobId =
        createJob
            .create(
                new NewJob(
                    "damaged-" + UUID.randomUUID(),
                    "t",
                    Map.of(),
                    AgentAssignment.ALL_SIMULATED,
                    JobLimits.DEFAULT,
                    true),
                origin)
            .id();
    controlJob.cancel(jobId, "stop", origin);
    String id = jobId.toString();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement set = connection.createStatement();
          PreparedStatement delete =
              connection.prepareStatement(
                  "delete from job_events where job_id = ?::uuid and version = 2")) {
        set.execute("set local session_replication_role = replica");
        delete.setString(1, id);
        assertThat(delete.executeUpdate()).isEqualTo(1);
      }
      connection.commit();
    }
    return id;
  }

  @Test
  void givenADeletedMiddleEvent_whenExported_thenTheTrailStreamsAndSaysWhereItIsDamaged()
      throws Exception {
    String id = damagedJob();

    HttpResponse<String> export =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/api/orchestrator/jobs/"
                            + id
                            + "/events.ndjson"))
                .header("Authorization", "Bearer " + VIEWER)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(export.statusCode()).isEqualTo(200);
    String[] lines = export.body().split("\n");
    assertThat(lines[0]).contains("\"sequence\":1");
    assertThat(lines[1]).contains("\"damage\":\"missing events\"").contains("\"fromVersion\":2");
    assertThat(lines[2]).contains("\"sequence\":3");
    assertThat(lines[lines.length - 1]).contains("\"damage\":\"verification\"");
  }

  @Test
  void givenADeletedMiddleEvent_whenTheJobIsQueried_thenDamagedHistoryNamingTheVersion()
      throws Exception {
    String id = damagedJob();

    graphQl(VIEWER)
        .document("{ job(id: \"" + id + "\") { id status } }")
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors).singleElement();
              assertThat(errors.getFirst().getExtensions())
                  .containsEntry("code", "DAMAGED_HISTORY")
                  .containsEntry("version", 2);
              assertThat(errors.getFirst().getMessage()).contains("version 2 is missing");
            });
    graphQl(VIEWER)
        .document("{ verifyJob(jobId: \"" + id + "\") { ok differences } }")
        .execute()
        .path("verifyJob.ok")
        .entity(Boolean.class)
        .isEqualTo(false);
  }

  /**
   * The list comes from the read model and reads no history (issue 10), so the damaged job is
   * listed like any other; its damage is reported where its history is read, here the row's {@code
   * job}.
   */
  @Test
  void givenADamagedJob_whenListingJobs_thenTheOthersAreListedAndTheDamagedOneReported()
      throws Exception {
    String damaged = damagedJob();
    String intact =
        graphQl(OPERATOR)
            .document("mutation($in: CreateJobInput!) { createJob(input: $in) { id } }")
            .variable("in", input("intact-" + UUID.randomUUID(), "t"))
            .execute()
            .path("createJob.id")
            .entity(String.class)
            .get();

    var response =
        graphQl(VIEWER)
            .document("{ jobs(first: 50) { edges { node { id job { id } } } } }")
            .execute();

    response
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .anySatisfy(
                        e -> {
                          assertThat(e.getExtensions()).containsEntry("code", "DAMAGED_HISTORY");
                          assertThat(e.getMessage()).contains(damaged);
                        }));
    response
        .path("jobs.edges[*].node.id")
        .entityList(String.class)
        .satisfies(ids -> assertThat(ids).contains(intact, damaged));
    response
        .path("jobs.edges[?(@.node.id == '" + intact + "')].node.job.id")
        .entityList(String.class)
        .containsExactly(intact);
  }
}
