package io.jobtrail.graphql.live;

import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.dataloader.EmptyDataLoaderRegistryInstance;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import org.dataloader.DataLoaderRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Runs operations without a DataLoader registry when no DataLoader is registered (Jobtrail has
 * none), so graphql-java picks no DataLoader dispatching at all.
 *
 * <p>Why: Spring's GraphQL observation instrumentation gives every request a registry of its own,
 * even an empty one, and with a registry graphql-java 25 dispatches per level. For a subscription
 * that strategy keeps a call stack for every event it executes until the subscription ends
 * (graphql-java issue 4314, fixed in 26.1): about 1 KB per event per subscriber, so a thousand
 * subscribers at 20 events/s each grew the heap by some 20 MB/s until GC pauses took hundreds of
 * milliseconds. It also costs CPU on every field of every event. This runs after the request's
 * registry is set and before graphql-java chooses the strategy, whatever the instrumentation order.
 */
@Component
public class NoDataLoaderDispatch extends SimplePerformantInstrumentation {

  @Override
  public ExecutionContext instrumentExecutionContext(
      ExecutionContext context,
      InstrumentationExecutionParameters parameters,
      @Nullable InstrumentationState state) {
    DataLoaderRegistry registry = context.getDataLoaderRegistry();
    if (registry == EmptyDataLoaderRegistryInstance.EMPTY_DATALOADER_REGISTRY
        || !registry.getKeys().isEmpty()) {
      return context;
    }
    return context.transform(
        builder ->
            builder.dataLoaderRegistry(EmptyDataLoaderRegistryInstance.EMPTY_DATALOADER_REGISTRY));
  }
}
