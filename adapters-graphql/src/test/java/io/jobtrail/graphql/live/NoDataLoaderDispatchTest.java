package io.jobtrail.graphql.live;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.dataloader.EmptyDataLoaderRegistryInstance;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Subscription events execute without DataLoader dispatching when no DataLoader is registered,
 * whatever gave the request a registry (Spring's observation instrumentation does) and in whichever
 * order the instrumentations run.
 */
class NoDataLoaderDispatchTest {

  private static final String SCHEMA =
      "type Query { ok: Boolean } type Subscription { ticks: Tick } "
          + "type Tick { n: Int, withoutRegistry: Boolean }";

  /** What Spring's GraphQlObservationInstrumentation does to every request. */
  private static Instrumentation givesEachRequestARegistry(DataLoaderRegistry registry) {
    return new SimplePerformantInstrumentation() {
      @Override
      public ExecutionInput instrumentExecutionInput(
          ExecutionInput input,
          InstrumentationExecutionParameters parameters,
          @Nullable InstrumentationState state) {
        return input.transform(builder -> builder.dataLoaderRegistry(registry));
      }
    };
  }

  @Test
  void givenARequestRegistryWithoutLoaders_whenASubscriptionRuns_thenEveryEventRunsWithoutOne() {
    var registry = DataLoaderRegistry.newRegistry().build();
    for (List<Instrumentation> order :
        List.of(
            List.of(givesEachRequestARegistry(registry), new NoDataLoaderDispatch()),
            List.of(new NoDataLoaderDispatch(), givesEachRequestARegistry(registry)))) {
      List<Map<String, Object>> ticks = ticks(order);

      assertThat(ticks).extracting(t -> t.get("n")).containsExactly(1, 2, 3);
      assertThat(ticks).allSatisfy(t -> assertThat(t).containsEntry("withoutRegistry", true));
    }
  }

  @Test
  void givenARegistryWithALoader_whenASubscriptionRuns_thenItKeepsTheRegistry() {
    var registry =
        DataLoaderRegistry.newRegistry()
            .register(
                "things",
                DataLoaderFactory.newDataLoader(
                    (List<Object> keys) -> CompletableFuture.completedFuture(keys)))
            .build();

    List<Map<String, Object>> ticks =
        ticks(List.of(givesEachRequestARegistry(registry), new NoDataLoaderDispatch()));

    assertThat(ticks).allSatisfy(t -> assertThat(t).containsEntry("withoutRegistry", false));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> ticks(List<Instrumentation> instrumentations) {
    var wiring =
        RuntimeWiring.newRuntimeWiring()
            .type("Subscription", type -> type.dataFetcher("ticks", env -> Flux.range(1, 3)))
            .type(
                "Tick",
                type ->
                    type.dataFetcher("n", env -> env.getSource())
                        .dataFetcher(
                            "withoutRegistry",
                            env ->
                                env.getDataLoaderRegistry()
                                    == EmptyDataLoaderRegistryInstance.EMPTY_DATALOADER_REGISTRY))
            .build();
    var schema =
        new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SCHEMA), wiring);
    GraphQL graphQl =
        GraphQL.newGraphQL(schema)
            .instrumentation(new ChainedInstrumentation(instrumentations))
            .build();
    ExecutionResult result = graphQl.execute("subscription { ticks { n withoutRegistry } }");
    assertThat(result.getErrors()).isEmpty();
    return Flux.from((Publisher<ExecutionResult>) result.getData())
        .map(r -> (Map<String, Object>) ((Map<String, Object>) r.getData()).get("ticks"))
        .collectList()
        .block(Duration.ofSeconds(10));
  }
}
