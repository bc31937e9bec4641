package io.jobtrail.application.alert;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A rule as an operator writes it. {@code secret} signs the deliveries; it is required when a rule
 * is created and, on an update, null keeps the current one.
 */
public record AlertRuleInput(
    String name,
    boolean enabled,
    AlertMatch match,
    @Nullable AlertCondition condition,
    String url,
    WebhookFormat format,
    @Nullable String secret) {

  public AlertRuleInput {
    name = name.strip();
    if (name.isEmpty() || name.length() > 200) {
      throw new InvalidAlertInput("name: 1 to 200 characters");
    }
    if (condition != null && !match.eventTypes().isEmpty()) {
      throw new InvalidAlertInput(
          "match.eventTypes: a rule with a condition takes no event types (the condition says"
              + " which events count); leave one of the two out");
    }
    if (secret != null && (secret.length() < 16 || secret.length() > 256)) {
      throw new InvalidAlertInput("webhook.secret: 16 to 256 characters");
    }
    parseUrl(url);
  }

  public URI uri() {
    return parseUrl(url);
  }

  private static URI parseUrl(String url) {
    try {
      URI uri = new URI(url.strip());
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new InvalidAlertInput(
            "webhook.url: '" + url + "' is not an absolute URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidAlertInput("webhook.url: '" + url + "' is not a URL");
    }
  }
}
