package io.jobtrail.agents.simulated;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The simulated agent's only source of chance: a generator seeded from the seed, the step and the
 * attempt, so the same call always draws the same numbers, on any machine.
 */
final class SimulatedRandom {

  private SimulatedRandom() {}

  static SplittableRandom forCall(String seed, String stepId, int attempt) {
    return new SplittableRandom(fnv1a(seed + "/" + stepId + "/" + attempt));
  }

  /** FNV-1a, 64 bit: stable across JVMs, unlike {@code Object.hashCode}. */
  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
