package io.jobtrail.persistence.event;

import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Hashes are hex in Java and bytea in the database. */
final class Hashes {

  private static final HexFormat HEX = HexFormat.of();

  private Hashes() {}

  static byte[] bytes(@Nullable String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("hash required");
    }
    return HEX.parseHex(hex);
  }

  static byte @Nullable [] bytesOrNull(@Nullable String hex) {
    return hex == null ? null : HEX.parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static @Nullable String hexOrNull(byte @Nullable [] bytes) {
    return bytes == null ? null : HEX.formatHex(bytes);
  }
}
