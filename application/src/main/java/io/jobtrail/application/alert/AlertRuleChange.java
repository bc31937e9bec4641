package io.jobtrail.application.alert;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One change to a rule: who made it, when, and the rule as it became (its document, without the
 * secret; whether the secret changed is a flag).
 */
public record AlertRuleChange(
    UUID ruleId,
    int version,
    Kind kind,
    String changedBy,
    Instant changedAt,
    Map<String, Object> rule,
    boolean secretChanged) {

  public enum Kind {
    CREATED,
    UPDATED,
    DELETED
  }
}
