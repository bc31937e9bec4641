package io.jobtrail.application.alert;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored rule: what it matches, what must happen, and where its notifications go. {@code version}
 * counts its changes (1 when created). The secret is only used to sign deliveries; nothing shows or
 * logs it.
 */
public record AlertRule(
    UUID id,
    String name,
    boolean enabled,
    AlertMatch match,
    @Nullable AlertCondition condition,
    URI url,
    WebhookFormat format,
    String secret,
    int version,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  @Override
  public String toString() {
    return "AlertRule[" + id + " '" + name + "' v" + version + "]";
  }
}
