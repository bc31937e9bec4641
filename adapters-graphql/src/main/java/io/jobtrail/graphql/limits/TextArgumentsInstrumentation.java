package io.jobtrail.graphql.limits;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.jobtrail.graphql.error.ApiException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Refuses text that PostgreSQL cannot store (a NUL character) in any argument of any field, before
 * the field runs, as {@code BAD_USER_INPUT} naming the argument's path. {@code JSON} arguments are
 * checked while they are parsed; this covers plain {@code String} arguments and input fields.
 */
@Component
public class TextArgumentsInstrumentation extends SimplePerformantInstrumentation {

  @Override
  public DataFetcher<?> instrumentDataFetcher(
      DataFetcher<?> dataFetcher,
      InstrumentationFieldFetchParameters parameters,
      @Nullable InstrumentationState state) {
    if (parameters.getEnvironment().getFieldDefinition().getArguments().isEmpty()) {
      return dataFetcher;
    }
    return environment -> {
      environment.getArguments().forEach((name, value) -> check(name, value));
      return dataFetcher.get(environment);
    };
  }

  private static void check(String path, @Nullable Object value) {
    switch (value) {
      case String s when s.indexOf(0) >= 0 ->
          throw ApiException.badInput(path, "text must not contain NUL characters (U+0000)");
      case Map<?, ?> map -> map.forEach((key, member) -> check(path + "." + key, member));
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          check(path + "[" + i + "]", list.get(i));
        }
      }
      case null, default -> {}
    }
  }
}
