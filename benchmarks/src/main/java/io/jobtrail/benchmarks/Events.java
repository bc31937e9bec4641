package io.jobtrail.benchmarks;

import io.jobtrail.application.event.EventMetadata;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** What every benchmark event carries: ids, metadata with every field set, text of a given size. */
final class Events {

  static final EventMetadata METADATA =
      new EventMetadata(
          "bench-user",
          "4bf92f3577b34da6a3ce929d0e0e4736",
          "00f067aa0ba902b7",
          "0190f0e4-7c1a-7b2e-9d3c-000000000001",
          "request-42",
          "bench-instance");

  private static final String WORDS =
      "plan the change then write the code and review it against the task before shipping ";

  private Events() {}

  /** A UUIDv7, as Jobtrail makes its ids. */
  static UUID id() {
    var random = ThreadLocalRandom.current();
    long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  /** Prose of exactly {@code length} characters. */
  static String text(int length) {
    var out = new StringBuilder(length);
    while (out.length() < length) {
      out.append(WORDS);
    }
    return out.substring(0, length);
  }
}
