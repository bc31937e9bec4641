package io.jobtrail.application.alert;

import io.jobtrail.domain.job.JobId;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A delivery this instance claimed for one attempt (number {@code attempt}), with where it goes and
 * the secret that signs it, as the rule says now; {@code jobId} (none for a rule's test) orders it
 * among the rule's deliveries.
 */
public record ClaimedDelivery(
    UUID id,
    UUID ruleId,
    @Nullable JobId jobId,
    URI url,
    String secret,
    String body,
    int attempt,
    int maxAttempts) {

  @Override
  public String toString() {
    return "ClaimedDelivery[" + id + " attempt " + attempt + "/" + maxAttempts + " to " + url + "]";
  }
}
