package io.jobtrail.application.event;

/**
 * How an event's hash is made: SHA-256 over the previous event's hash and a canonical JSON text of
 * the event (see {@link EventHashing}). Every stored event records the scheme it was hashed with,
 * and verification recomputes each hash with that event's scheme, so a new canonical form changes
 * what new events are hashed with and never makes an old event look altered. Add a constant for a
 * new form, never change what an existing one writes: the golden vectors in the tests pin each.
 */
public enum HashScheme {

  /**
   * Jobtrail's first canonical JSON (events stored before migration V3): RFC 8785 in all but its
   * numbers, which are written in plain decimal notation without exponent or trailing zeros ({@code
   * 1e21} as {@code 1000000000000000000000}), and non-finite ones as {@code null}.
   */
  PLAIN_DECIMALS(1),

  /**
   * RFC 8785, the JSON Canonicalization Scheme: keys sorted by UTF-16 code units, no whitespace,
   * minimal string escapes, numbers as ECMAScript writes them ({@code 1e+21}, {@code 1e-7}, {@code
   * 0.000001}). Whole numbers are written with all their digits (RFC 8785 leaves integers beyond
   * 2^53 to the application; Jobtrail keeps them exact). A non-finite number is refused.
   */
  RFC_8785(2);

  /** The scheme every new event is hashed with. */
  public static final HashScheme CURRENT = RFC_8785;

  private final int version;

  HashScheme(int version) {
    this.version = version;
  }

  /** The number stored with each event. */
  public int version() {
    return version;
  }

  /**
   * @throws IllegalArgumentException if no scheme has that number (an event written by a newer
   *     release)
   */
  public static HashScheme ofVersion(int version) {
    for (HashScheme scheme : values()) {
      if (scheme.version == version) {
        return scheme;
      }
    }
    throw new IllegalArgumentException(
        "hash scheme "
            + version
            + " is not known to this release (it knows 1 to "
            + CURRENT.version
            + "): upgrade Jobtrail to verify this event");
  }
}
