package io.jobtrail.application.port.out;

import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Sends signed webhook requests (HTTP POST) and decides which URLs may receive them. Network and
 * HTTP failures are outcomes, not exceptions.
 */
public interface WebhookSender {

  /**
   * @throws io.jobtrail.application.alert.InvalidAlertInput saying why, if the URL may not receive
   *     webhooks (its scheme, or an address that is loopback or private while those are not
   *     allowed)
   */
  void checkTarget(URI url);

  /** One attempt: POSTs the body, signed with the secret, and reports what happened. */
  Response send(Request request);

  record Request(URI url, String body, String secret, UUID deliveryId, int attempt) {
    @Override
    public String toString() {
      return "Request[" + deliveryId + " attempt " + attempt + " to " + url + "]";
    }
  }

  /** The receiver's status code (null if none came back), the time taken, and any error. */
  record Response(@Nullable Integer statusCode, long latencyMs, @Nullable String error) {

    public boolean delivered() {
      return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }
}
