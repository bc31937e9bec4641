package io.jobtrail.application.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The per-job hash chain: {@code hash = SHA-256(prevHash ‖ canonical form of the event)}, where the
 * canonical form is produced by the store's serializer (sorted keys, normalised numbers).
 */
public final class EventHashing {

  private static final HexFormat HEX = HexFormat.of();

  private EventHashing() {}

  public static String link(@Nullable String prevHash, String canonicalEvent) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      if (prevHash != null) {
        digest.update(HEX.parseHex(prevHash));
      }
      digest.update(canonicalEvent.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
