package io.jobtrail.application.alert;

import java.net.URI;
import java.util.UUID;

/**
 * A delivery this instance claimed for one attempt (number {@code attempt}), with where it goes and
 * the secret that signs it, as the rule says now.
 */
public record ClaimedDelivery(
    UUID id, UUID ruleId, URI url, String secret, String body, int attempt, int maxAttempts) {

  @Override
  public String toString() {
    return "ClaimedDelivery[" + id + " attempt " + attempt + "/" + maxAttempts + " to " + url + "]";
  }
}
