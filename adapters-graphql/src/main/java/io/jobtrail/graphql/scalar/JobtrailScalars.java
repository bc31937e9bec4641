package io.jobtrail.graphql.scalar;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/** The {@code DateTime} (ISO-8601 instant) and {@code JSON} (any JSON value) scalars. */
@Component
public class JobtrailScalars implements RuntimeWiringConfigurer {

  public static final GraphQLScalarType DATE_TIME =
      GraphQLScalarType.newScalar()
          .name("DateTime")
          .description("An instant in ISO-8601, e.g. 2026-11-27T10:15:30.123456Z")
          .coercing(new DateTimeCoercing())
          .build();

  public static final GraphQLScalarType JSON =
      GraphQLScalarType.newScalar()
          .name("JSON")
          .description("Any JSON value")
          .coercing(new JsonCoercing())
          .build();

  @Override
  public void configure(graphql.schema.idl.RuntimeWiring.Builder builder) {
    builder.scalar(DATE_TIME).scalar(JSON);
  }

  private static final class DateTimeCoercing implements Coercing<Instant, String> {
    @Override
    public String serialize(Object value, GraphQLContext context, Locale locale) {
      if (value instanceof Instant instant) {
        return instant.toString();
      }
      throw new CoercingSerializeException("not an instant: " + value);
    }

    @Override
    public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
      return parse(String.valueOf(input), CoercingParseValueException::new);
    }

    @Override
    public Instant parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      if (input instanceof StringValue s) {
        return parse(s.getValue(), CoercingParseLiteralException::new);
      }
      throw new CoercingParseLiteralException(
          "DateTime must be a string like 2026-11-27T10:15:30Z");
    }

    private static <E extends RuntimeException> Instant parse(
        String text, java.util.function.Function<String, E> error) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw error.apply(
            "'" + text + "' is not a DateTime: use ISO-8601 in UTC, e.g. 2026-11-27T10:15:30Z");
      }
    }
  }

  private static final class JsonCoercing implements Coercing<Object, Object> {
    @Override
    public Object serialize(Object value, GraphQLContext context, Locale locale) {
      return value;
    }

    @Override
    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
      return JsonInput.check(input, CoercingParseValueException::new);
    }

    @Override
    public @Nullable Object parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      return literal(input, variables);
    }

    private static @Nullable Object literal(Value<?> input, CoercedVariables variables) {
      return switch (input) {
        case StringValue s -> JsonInput.check(s.getValue(), CoercingParseLiteralException::new);
        case IntValue i ->
            JsonInput.check((Object) i.getValue(), CoercingParseLiteralException::new);
        case FloatValue f -> f.getValue().doubleValue();
        case BooleanValue b -> b.isValue();
        case NullValue n -> null;
        case ArrayValue a -> {
          var list = new ArrayList<@Nullable Object>();
          a.getValues().forEach(v -> list.add(literal(v, variables)));
          yield list;
        }
        case ObjectValue o -> {
          var map = new LinkedHashMap<String, @Nullable Object>();
          o.getObjectFields()
              .forEach(
                  f ->
                      map.put(
                          JsonInput.check(f.getName(), CoercingParseLiteralException::new),
                          literal(f.getValue(), variables)));
          yield map;
        }
        case VariableReference v -> variables.get(v.getName());
        default -> throw new CoercingParseLiteralException("not a JSON value: " + input);
      };
    }
  }
}
