package io.jobtrail.graphql.limits;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Rejects documents deeper or more complex than the limits before anything executes; complexity
 * counts every alias and multiplies list fields by their size (see {@link ListAwareComplexity}).
 */
@Component
public class QueryLimitsInstrumentation extends ChainedInstrumentation {

  public QueryLimitsInstrumentation(GraphQlLimits limits) {
    super(
        List.of(
            new MaxQueryDepthInstrumentation(limits.maxDepth()),
            new MaxQueryComplexityInstrumentation(
                limits.maxComplexity(), new ListAwareComplexity())));
  }
}
