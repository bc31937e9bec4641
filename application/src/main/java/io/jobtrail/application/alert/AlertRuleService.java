package io.jobtrail.application.alert;

import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.in.ManageAlertRules;
import io.jobtrail.application.port.out.AlertDeliveries;
import io.jobtrail.application.port.out.AlertRules;
import io.jobtrail.application.port.out.WebhookSender;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates, changes, deletes and tests alert rules; every change is recorded with who and when. */
public final class AlertRuleService implements ManageAlertRules {

  private final AlertRules rules;
  private final AlertDeliveries deliveries;
  private final WebhookSender sender;
  private final AlertDispatcher dispatcher;
  private final UuidV7 ids;
  private final Clock clock;

  public AlertRuleService(
      AlertRules rules,
      AlertDeliveries deliveries,
      WebhookSender sender,
      AlertDispatcher dispatcher,
      UuidV7 ids,
      Clock clock) {
    this.rules = rules;
    this.deliveries = deliveries;
    this.sender = sender;
    this.dispatcher = dispatcher;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public List<AlertRule> rules() {
    return rules.all();
  }

  @Override
  public Optional<AlertRule> rule(UUID id) {
    return rules.find(id);
  }

  @Override
  public List<AlertRuleChange> changes(UUID id) {
    return rules.changes(id);
  }

  @Override
  public AlertRule create(AlertRuleInput input, String userId) {
    if (input.secret() == null) {
      throw new InvalidAlertInput(
          "webhook.secret: required (16 to 256 characters); receivers check signatures with it");
    }
    URI url = checkedUrl(input);
    Instant now = now();
    var rule =
        new AlertRule(
            ids.next(),
            input.name(),
            input.enabled(),
            input.match(),
            input.condition(),
            url,
            input.format(),
            input.secret(),
            1,
            userId,
            now,
            userId,
            now);
    rules.create(rule, change(rule, AlertRuleChange.Kind.CREATED, userId, now, true));
    return rule;
  }

  @Override
  public Optional<AlertRule> update(
      UUID id, AlertRuleInput input, int expectedVersion, String userId) {
    URI url = checkedUrl(input);
    Optional<AlertRule> current = rules.find(id);
    if (current.isEmpty() || current.get().version() != expectedVersion) {
      return Optional.empty();
    }
    AlertRule was = current.get();
    Instant now = now();
    var rule =
        new AlertRule(
            id,
            input.name(),
            input.enabled(),
            input.match(),
            input.condition(),
            url,
            input.format(),
            input.secret() == null ? was.secret() : input.secret(),
            was.version() + 1,
            was.createdBy(),
            was.createdAt(),
            userId,
            now);
    boolean secretChanged = !rule.secret().equals(was.secret());
    var change = change(rule, AlertRuleChange.Kind.UPDATED, userId, now, secretChanged);
    return rules.update(rule, expectedVersion, change) ? Optional.of(rule) : Optional.empty();
  }

  @Override
  public Optional<AlertRule> delete(UUID id, int expectedVersion, String userId) {
    Optional<AlertRule> current = rules.find(id);
    if (current.isEmpty() || current.get().version() != expectedVersion) {
      return Optional.empty();
    }
    AlertRule was = current.get();
    Instant now = now();
    var gone =
        new AlertRule(
            id,
            was.name(),
            false,
            was.match(),
            was.condition(),
            was.url(),
            was.format(),
            was.secret(),
            was.version() + 1,
            was.createdBy(),
            was.createdAt(),
            userId,
            now);
    var change = change(gone, AlertRuleChange.Kind.DELETED, userId, now, false);
    return rules.delete(id, expectedVersion, change, now) ? Optional.of(gone) : Optional.empty();
  }

  @Override
  public Optional<AlertDelivery> test(UUID id, String userId) {
    Optional<AlertRule> found = rules.find(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    AlertRule rule = found.get();
    UUID deliveryId = ids.next();
    Instant now = now();
    deliveries.enqueue(
        List.of(
            new NewDelivery(
                deliveryId,
                rule.id(),
                null,
                "test:" + deliveryId,
                "TEST",
                rule.format(),
                AlertPayloads.sample(deliveryId, rule, now),
                1,
                now)));
    // Sent here and now, so the caller sees the outcome; the claim keeps the dispatchers off it.
    deliveries.claim(deliveryId, now, dispatcher.claimFor()).ifPresent(dispatcher::attempt);
    return deliveries.find(deliveryId);
  }

  private URI checkedUrl(AlertRuleInput input) {
    URI url = input.uri();
    sender.checkTarget(url);
    return url;
  }

  private static AlertRuleChange change(
      AlertRule rule, AlertRuleChange.Kind kind, String userId, Instant at, boolean secretChanged) {
    return new AlertRuleChange(
        rule.id(), rule.version(), kind, userId, at, AlertRuleDocuments.rule(rule), secretChanged);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
