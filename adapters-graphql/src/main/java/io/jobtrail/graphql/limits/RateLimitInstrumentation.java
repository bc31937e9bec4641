package io.jobtrail.graphql.limits;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.OperationDefinition.Operation;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.jobtrail.application.security.Caller;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.security.CurrentCaller;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Rate limits per principal (Bucket4j token buckets): every top-level mutation field is a command,
 * every top-level subscription field a new subscription. Over the limit, the field answers {@code
 * RATE_LIMITED} with {@code retryAfterMs} before it runs, so nothing is stored.
 */
@Component
public class RateLimitInstrumentation extends SimplePerformantInstrumentation {

  private final RateLimitSettings settings;
  private final Map<String, Bucket> commands = new ConcurrentHashMap<>();
  private final Map<String, Bucket> subscriptions = new ConcurrentHashMap<>();

  public RateLimitInstrumentation(RateLimitSettings settings) {
    this.settings = settings;
  }

  @Override
  public DataFetcher<?> instrumentDataFetcher(
      DataFetcher<?> dataFetcher,
      InstrumentationFieldFetchParameters parameters,
      @Nullable InstrumentationState state) {
    DataFetchingEnvironment environment = parameters.getEnvironment();
    if (!settings.enabled() || environment.getExecutionStepInfo().getPath().getLevel() != 1) {
      return dataFetcher;
    }
    Operation operation = environment.getOperationDefinition().getOperation();
    return switch (operation) {
      case QUERY -> dataFetcher;
      case MUTATION -> limited(dataFetcher, commands, "commands", true);
      case SUBSCRIPTION -> limited(dataFetcher, subscriptions, "new subscriptions", false);
    };
  }

  private DataFetcher<?> limited(
      DataFetcher<?> dataFetcher, Map<String, Bucket> buckets, String what, boolean command) {
    return environment -> {
      Caller caller = CurrentCaller.find(environment.getGraphQlContext());
      if (caller != null) {
        Bucket bucket = buckets.computeIfAbsent(caller.userId(), user -> bucket(command));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
          long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()));
          throw new ApiException(
              ErrorCode.RATE_LIMITED,
              "too many " + what + " from " + caller.userId() + ": retry in " + waitMs + " ms",
              Map.of("retryAfterMs", waitMs));
        }
      }
      return dataFetcher.get(environment);
    };
  }

  private Bucket bucket(boolean command) {
    int capacity = command ? settings.commandCapacity() : settings.subscriptionCapacity();
    int perSecond = command ? settings.commandsPerSecond() : settings.subscriptionsPerSecond();
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .build();
  }
}
