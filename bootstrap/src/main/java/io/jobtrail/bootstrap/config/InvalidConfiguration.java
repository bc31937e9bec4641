package io.jobtrail.bootstrap.config;

/**
 * A configuration mistake found at start: what is wrong (naming the property) and what to set. The
 * start ends with exactly that, not a stack trace (see {@link StartupFailureAnalyzers}).
 */
public final class InvalidConfiguration extends RuntimeException {

  private final String action;

  public InvalidConfiguration(String problem, String action) {
    super(problem, null, false, false);
    this.action = action;
  }

  public String action() {
    return action;
  }

  /** Runs a check of the core that throws {@link IllegalArgumentException} on a bad value. */
  static <T> T check(String properties, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfiguration(
          properties + ": " + e.getMessage(), "correct " + properties + " and start again");
    }
  }
}
