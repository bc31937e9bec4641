package io.jobtrail.graphql.limits;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLType;

/**
 * The cost of a field: 1, plus its selection times the number of items it may return. A field with
 * a {@code first} argument returns up to that many (its default counts when the caller gives none;
 * at most {@value #LARGEST_PAGE}); another list field counts as {@value #UNBOUNDED_LIST_ITEMS}
 * items, except a connection's {@code edges}, which its parent's {@code first} already counted.
 * Every alias is a field of its own, so a thousand aliases of a list cost a thousand times one.
 */
final class ListAwareComplexity implements FieldComplexityCalculator {

  static final int UNBOUNDED_LIST_ITEMS = 10;

  /**
   * The largest page any field serves: a larger {@code first} is refused by the field itself
   * ({@code BAD_USER_INPUT}), so it counts as this many.
   */
  static final int LARGEST_PAGE = 500;

  @Override
  public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
    long items = items(environment);
    long cost = 1 + items * childComplexity;
    return (int) Math.min(cost, Integer.MAX_VALUE / 2);
  }

  private static long items(FieldComplexityEnvironment environment) {
    Object first = environment.getArguments().get("first");
    if (first instanceof Number n) {
      return Math.max(1, Math.min(n.longValue(), LARGEST_PAGE));
    }
    if (isList(environment.getFieldDefinition().getType())
        && !"edges".equals(environment.getField().getName())) {
      return UNBOUNDED_LIST_ITEMS;
    }
    return 1;
  }

  private static boolean isList(GraphQLType type) {
    GraphQLType unwrapped =
        type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
    return unwrapped instanceof GraphQLList;
  }
}
