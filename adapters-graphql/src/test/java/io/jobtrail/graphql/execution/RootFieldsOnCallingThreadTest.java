package io.jobtrail.graphql.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/**
 * Query and mutation fields run on the thread that executes the request, so their execution is
 * complete when it returns; other fields still run on the executor, and give the same answer.
 */
class RootFieldsOnCallingThreadTest {

  private static final String SCHEMA =
      """
      type Query { item(id: ID!): Item }
      type Mutation { rename(id: ID!, name: String!): Item }
      type Subscription { ticks: Int }
      type Item { id: ID!, name: String, shout: String }
      """;

  /** Where each field ran; the executor runs tasks on a thread of its own and counts them. */
  @Controller
  static class Items {
    final Map<String, String> threads = new ConcurrentHashMap<>();

    @QueryMapping
    Map<String, String> item(@Argument String id) {
      if (id.equals("missing")) {
        throw new IllegalArgumentException("no item " + id);
      }
      threads.put("item", Thread.currentThread().getName());
      return Map.of("id", id, "name", "item " + id);
    }

    @MutationMapping
    Map<String, String> rename(@Argument String id, @Argument String name) {
      threads.put("rename", Thread.currentThread().getName());
      return Map.of("id", id, "name", name);
    }

    @SchemaMapping(typeName = "Item")
    String shout(Map<String, String> item) {
      threads.put("shout", Thread.currentThread().getName());
      return item.get("name").toUpperCase(Locale.ROOT);
    }

    @SubscriptionMapping
    Flux<Integer> ticks() {
      return Flux.just(1, 2);
    }
  }

  private final AtomicInteger handedOver = new AtomicInteger();
  private final Executor executor =
      task -> {
        handedOver.incrementAndGet();
        Thread.ofVirtual().name("executor").start(task);
      };
  private AnnotationConfigApplicationContext context;
  private Items items;
  private ExecutionGraphQlService graphQl;

  @BeforeEach
  void start() throws Exception {
    context = new AnnotationConfigApplicationContext(Items.class);
    items = context.getBean(Items.class);
    var configurer = new AnnotatedControllerConfigurer();
    configurer.setExecutor(executor);
    new RootFieldsOnCallingThread().postProcessBeforeInitialization(configurer, "configurer");
    configurer.setApplicationContext(context);
    configurer.afterPropertiesSet();
    GraphQlSource source =
        GraphQlSource.schemaResourceBuilder()
            .schemaResources(new ByteArrayResource(SCHEMA.getBytes(StandardCharsets.UTF_8)))
            .configureRuntimeWiring(configurer)
            .build();
    graphQl = new DefaultExecutionGraphQlService(source);
  }

  @AfterEach
  void stop() {
    context.close();
  }

  private CompletableFuture<ExecutionGraphQlResponse> execute(String document) {
    return graphQl
        .execute(new DefaultExecutionGraphQlRequest(document, null, Map.of(), Map.of(), "1", null))
        .toFuture();
  }

  @Test
  void givenOnlyRootFields_whenExecuted_thenCompleteOnTheCallingThread() {
    String caller = Thread.currentThread().getName();

    var query = execute("{ item(id: \"1\") { id name } }");
    var mutation = execute("mutation { rename(id: \"1\", name: \"b\") { id name } }");

    assertThat(query).isDone();
    assertThat(mutation).isDone();
    assertThat(items.threads).containsEntry("item", caller).containsEntry("rename", caller);
    assertThat(handedOver).hasValue(0);
    assertThat(query.join().toMap())
        .isEqualTo(Map.of("data", Map.of("item", Map.of("id", "1", "name", "item 1"))));
  }

  @Test
  void givenAFieldOfAnotherType_whenExecuted_thenItRunsOnTheExecutor_andTheAnswerIsTheSame() {
    var onExecutor = execute("{ item(id: \"1\") { id name shout } }");

    Map<String, Object> answer = onExecutor.orTimeout(5, TimeUnit.SECONDS).join().toMap();
    assertThat(items.threads).containsEntry("shout", "executor");
    assertThat(handedOver).hasValue(1);
    assertThat(answer)
        .isEqualTo(
            Map.of("data", Map.of("item", Map.of("id", "1", "name", "item 1", "shout", "ITEM 1"))));
  }

  @Test
  void givenARootFieldThatFails_whenExecuted_thenTheErrorIsCompleteOnTheCallingThread() {
    var failed = execute("{ item(id: \"missing\") { id } }");

    assertThat(failed).isDone();
    ExecutionGraphQlResponse response = failed.join();
    Map<String, Object> data = response.getExecutionResult().getData();
    assertThat(data).isEqualTo(Collections.singletonMap("item", null));
    assertThat(response.getErrors())
        .singleElement()
        .satisfies(error -> assertThat(error.getParsedPath()).isEqualTo(List.of("item")));
  }

  @Test
  void givenASubscription_thenItsStreamIsUntouched() {
    Object data = execute("subscription { ticks }").join().getExecutionResult().getData();

    List<?> ticks = Flux.from((Publisher<?>) data).collectList().block(Duration.ofSeconds(5));
    assertThat(ticks).hasSize(2);
  }
}
