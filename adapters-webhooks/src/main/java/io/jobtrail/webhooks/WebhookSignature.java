package io.jobtrail.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Jobtrail-Signature} header: {@code sha256=} and the hex HMAC-SHA256, keyed with the
 * rule's secret, of {@code <timestamp>.<body>}, where the timestamp is the {@code
 * X-Jobtrail-Timestamp} header (Unix seconds). Receivers recompute it, compare in constant time,
 * and reject old timestamps, as they do for GitHub's and Stripe's webhooks.
 */
public final class WebhookSignature {

  private WebhookSignature() {}

  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
