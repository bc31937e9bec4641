package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An answer whose fields all ran on the request's thread is written in the request's own dispatch;
 * one with a field that ran on the executor goes through Spring MVC's async dispatch. Both give the
 * same status, headers and body, errors included (ADR 46).
 *
 * <p>The executor here waits a little before each task, so that a field handed to it always
 * finishes after the handler has returned (with the application's own, it often finishes first and
 * the answer is written at once as well).
 */
@Import(AnswerPathsTest.Dispatches.class)
class AnswerPathsTest extends RunningJobtrail {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REQUEST_ID = "X-Test-Request";

  /** The servlet dispatches each request went through, by its {@value #REQUEST_ID} header. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Dispatches {
    final Map<String, List<DispatcherType>> seen = new ConcurrentHashMap<>();

    @Bean(name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
    Executor lateExecutor() {
      return task ->
          Thread.ofVirtual()
              .name("late-executor")
              .start(
                  () -> {
                    try {
                      Thread.sleep(Duration.ofMillis(50));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    task.run();
                  });
    }

    @Bean
    FilterRegistrationBean<Filter> dispatchRecorder() {
      Filter filter =
          (request, response, chain) -> {
            String id = ((jakarta.servlet.http.HttpServletRequest) request).getHeader(REQUEST_ID);
            if (id != null) {
              seen.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>())
                  .add(request.getDispatcherType());
            }
            chain.doFilter(request, response);
          };
      var registration = new FilterRegistrationBean<>(filter);
      registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }
  }

  @Autowired Dispatches dispatches;

  private record Answer(List<DispatcherType> dispatches, int status, String type, JsonNode body) {}

  private Answer post(String token, String document, Map<String, Object> variables) {
    String id = UUID.randomUUID().toString();
    EntityExchangeResult<byte[]> result =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .build()
            .post()
            .uri("/graphql")
            .header("Authorization", "Bearer " + token)
            .header(REQUEST_ID, id)
            .contentType(MediaType.APPLICATION_JSON)
            .accept(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("query", document, "variables", variables))
            .exchange()
            .expectBody()
            .returnResult();
    return new Answer(
        List.copyOf(dispatches.seen.getOrDefault(id, List.of())),
        result.getStatus().value(),
        String.valueOf(result.getResponseHeaders().getContentType()),
        JSON.readTree(result.getResponseBodyContent()));
  }

  private String createJob(String name) {
    Answer created =
        post(
            OPERATOR,
            "mutation($input: CreateJobInput!) { createJob(input: $input) { id status version } }",
            Map.of("input", input(name, "a task")));
    assertThat(created.dispatches()).containsExactly(DispatcherType.REQUEST);
    assertThat(created.body().path("data").path("createJob").path("status").asString())
        .isEqualTo("PENDING");
    return created.body().path("data").path("createJob").path("id").asString();
  }

  @Test
  void givenACommand_whenItsAnswerHasOnlyItsOwnFields_thenAnsweredWithoutAnAsyncDispatch() {
    String id = createJob("answer-paths-" + UUID.randomUUID());

    Answer cancelled =
        post(
            OPERATOR,
            "mutation($id: ID!) { cancelJob(id: $id, reason: \"test\") { id status } }",
            Map.of("id", id));

    assertThat(cancelled.dispatches()).containsExactly(DispatcherType.REQUEST);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.body().path("data").path("cancelJob").path("status").asString())
        .isEqualTo("CANCELLED");
  }

  @Test
  void givenAFieldRunOnTheExecutor_whenQueried_thenAnsweredAfterAnAsyncDispatch_withTheSameBody() {
    String id = createJob("answer-paths-" + UUID.randomUUID());

    Answer direct =
        post(
            VIEWER,
            "query($id: ID!) { job(id: $id) { id name status version } }",
            Map.of("id", id));
    // Job.parameters is a field of Job's own (secret masking), run on the executor.
    Answer handedOver =
        post(
            VIEWER,
            "query($id: ID!) { job(id: $id) { id name status version parameters } }",
            Map.of("id", id));

    assertThat(direct.dispatches()).containsExactly(DispatcherType.REQUEST);
    assertThat(handedOver.dispatches())
        .containsExactly(DispatcherType.REQUEST, DispatcherType.ASYNC);
    assertThat(handedOver.status()).isEqualTo(direct.status()).isEqualTo(200);
    assertThat(handedOver.type()).isEqualTo(direct.type());
    ObjectNode withoutParameters = (ObjectNode) handedOver.body().deepCopy();
    ((ObjectNode) withoutParameters.path("data").path("job")).remove("parameters");
    assertThat(withoutParameters).isEqualTo(direct.body());
  }

  @Test
  void givenTheSameErrorOnBothPaths_thenTheSameErrorIsAnswered() {
    String id = createJob("answer-paths-" + UUID.randomUUID());

    // The same argument check, in a Query field (run in place) and in a Job field (the executor).
    Answer direct =
        post(
            VIEWER,
            "query($id: ID!) { jobEvents(jobId: $id, first: 100000) { sequence } }",
            Map.of("id", id));
    Answer handedOver =
        post(
            VIEWER,
            "query($id: ID!) { job(id: $id) { events(first: 100000) { sequence } } }",
            Map.of("id", id));

    assertThat(direct.dispatches()).containsExactly(DispatcherType.REQUEST);
    assertThat(handedOver.dispatches())
        .containsExactly(DispatcherType.REQUEST, DispatcherType.ASYNC);
    assertThat(handedOver.status()).isEqualTo(direct.status());
    assertThat(handedOver.type()).isEqualTo(direct.type());
    assertThat(withoutWhere(handedOver.body().path("errors")))
        .isEqualTo(withoutWhere(direct.body().path("errors")))
        .singleElement()
        .satisfies(
            error ->
                assertThat(error.path("extensions").path("code").asString())
                    .isEqualTo("BAD_USER_INPUT"));
  }

  @Test
  void givenACommandThatFails_whenPosted_thenItsErrorIsAnsweredWithoutAnAsyncDispatch() {
    Answer missing =
        post(
            OPERATOR,
            "mutation($id: ID!) { cancelJob(id: $id, reason: \"test\") { id } }",
            Map.of("id", UUID.randomUUID().toString()));

    assertThat(missing.dispatches()).containsExactly(DispatcherType.REQUEST);
    assertThat(missing.status()).isEqualTo(200);
    assertThat(missing.body().path("errors").path(0).path("extensions").path("code").asString())
        .isEqualTo("NOT_FOUND");
  }

  /** The errors without their locations and paths, which differ between the two documents. */
  private static List<JsonNode> withoutWhere(JsonNode errors) {
    return errors
        .valueStream()
        .map(
            error -> {
              ObjectNode copy = (ObjectNode) error.deepCopy();
              copy.remove(List.of("locations", "path"));
              return (JsonNode) copy;
            })
        .toList();
  }
}
