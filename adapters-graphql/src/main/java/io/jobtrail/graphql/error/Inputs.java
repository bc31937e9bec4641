package io.jobtrail.graphql.error;

import java.util.function.Supplier;

/**
 * Builds a domain value from a request field at the edge: a value type that refuses its input (its
 * compact constructor throws {@link IllegalArgumentException}) becomes {@code BAD_USER_INPUT}
 * naming the field. Only here is that exception the caller's fault: anywhere else it is a bug.
 */
public final class Inputs {

  private Inputs() {}

  public static <T> T field(String path, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw ApiException.badInput(path, String.valueOf(e.getMessage()));
    }
  }
}
