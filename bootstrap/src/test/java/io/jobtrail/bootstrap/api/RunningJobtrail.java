package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.persistence.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * A real Jobtrail on a random port, on a fresh PostgreSQL database, with one token per role. Tests
 * talk to it over real HTTP and WebSocket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningJobtrail {

  public static final String VIEWER = "viewer-token-0123456789";
  public static final String OPERATOR = "operator-token-0123456789";
  public static final String ADMIN = "admin-token-0123456789";

  static final TestDatabase DATABASE = TestDatabase.createFresh();

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
    registry.add("spring.datasource.username", () -> orEmpty(DATABASE.user()));
    registry.add("spring.datasource.password", () -> orEmpty(DATABASE.password()));
    Path dataDir = Files.createTempDirectory("jobtrail-test");
    registry.add("jobtrail.data-dir", dataDir::toString);
    String[][] tokens = {
      {VIEWER, "VIEWER", "vera"}, {OPERATOR, "OPERATOR", "otto"}, {ADMIN, "ADMIN", "ada"}
    };
    for (int i = 0; i < tokens.length; i++) {
      int n = i;
      registry.add("jobtrail.security.tokens[" + n + "].token", () -> tokens[n][0]);
      registry.add("jobtrail.security.tokens[" + n + "].role", () -> tokens[n][1]);
      registry.add("jobtrail.security.tokens[" + n + "].user", () -> tokens[n][2]);
    }
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  protected HttpGraphQlTester graphQl(String token) {
    WebTestClient client =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port + "/graphql")
            .defaultHeader("Authorization", "Bearer " + token)
            .build();
    return HttpGraphQlTester.create(client);
  }

  protected HttpGraphQlTester anonymousGraphQl() {
    return HttpGraphQlTester.create(
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql").build());
  }

  /** The job's status as a VIEWER reads it. */
  protected String jobStatus(String id) {
    return graphQl(VIEWER)
        .document("query($id: ID!) { job(id: $id) { status } }")
        .variable("id", id)
        .execute()
        .path("job.status")
        .entity(String.class)
        .get();
  }

  /** The answer's only error is BAD_USER_INPUT naming {@code field}. */
  protected static Consumer<List<ResponseError>> badInputNaming(String field) {
    return errors ->
        assertThat(errors)
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
                  assertThat(e.getExtensions()).containsEntry("field", field);
                });
  }

  protected static Map<String, Object> input(String name, String task) {
    return Map.of("name", name, "task", task, "start", false);
  }

  /** A WebSocket (graphql-transport-ws) client that authenticates in its connection_init. */
  protected WebSocketGraphQlTester socket(String token) {
    return WebSocketGraphQlTester.builder(
            URI.create("ws://localhost:" + port + "/graphql"), new StandardWebSocketClient())
        .interceptor(
            new WebSocketGraphQlClientInterceptor() {
              @Override
              public Mono<Object> connectionInitPayload() {
                return Mono.just(Map.of("Authorization", "Bearer " + token));
              }
            })
        .build();
  }

  /** A job created (not started) by an OPERATOR; its id. */
  protected String createJob() {
    return graphQl(OPERATOR)
        .document("mutation($input: CreateJobInput!) { createJob(input: $input) { id } }")
        .variable("input", input("live-" + UUID.randomUUID(), "watch me"))
        .execute()
        .path("createJob.id")
        .entity(String.class)
        .get();
  }

  /** An OPERATOR's command on a job, which must answer with the job's id. */
  protected void command(String mutation, String id) {
    graphQl(OPERATOR)
        .document("mutation($id: ID!) { " + mutation + "(id: $id) { id } }")
        .variable("id", id)
        .execute()
        .path(mutation + ".id")
        .entity(String.class)
        .isEqualTo(id);
  }
}
