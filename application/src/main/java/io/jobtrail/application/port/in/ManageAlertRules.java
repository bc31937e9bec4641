package io.jobtrail.application.port.in;

import io.jobtrail.application.alert.AlertDelivery;
import io.jobtrail.application.alert.AlertRule;
import io.jobtrail.application.alert.AlertRuleChange;
import io.jobtrail.application.alert.AlertRuleInput;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Alert rules: read them, create, change and delete them (each change recorded with who and when),
 * and send a rule a sample notification.
 *
 * <p>Invalid input (an unknown event type, a bad duration, a URL that may not receive webhooks) is
 * an {@link IllegalArgumentException} naming the field, and stores nothing.
 */
public interface ManageAlertRules {

  List<AlertRule> rules();

  Optional<AlertRule> rule(UUID id);

  /** Every change to the rule, oldest first; also for a deleted rule. */
  List<AlertRuleChange> changes(UUID id);

  AlertRule create(AlertRuleInput input, String userId);

  /** Empty if the rule is gone or no longer at {@code expectedVersion}. */
  Optional<AlertRule> update(UUID id, AlertRuleInput input, int expectedVersion, String userId);

  /** Empty if the rule is gone or no longer at {@code expectedVersion}. */
  Optional<AlertRule> delete(UUID id, int expectedVersion, String userId);

  /** Sends the rule's webhook a sample notification now (one attempt, logged); empty if gone. */
  Optional<AlertDelivery> test(UUID id, String userId);
}
