package io.jobtrail.application.job;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; sorts by time. */
public final class UuidV7 {

  private final Clock clock;

  public UuidV7(Clock clock) {
    this.clock = clock;
  }

  public UUID next() {
    long millis = clock.millis();
    var random = ThreadLocalRandom.current();
    long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
