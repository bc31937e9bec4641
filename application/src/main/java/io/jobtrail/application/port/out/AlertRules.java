package io.jobtrail.application.port.out;

import io.jobtrail.application.alert.AlertRule;
import io.jobtrail.application.alert.AlertRuleChange;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Alert rules, the record of every change to them, and the job outcomes failure-rate rules count.
 * Each write stores the rule and its change together.
 */
public interface AlertRules {

  /** Rules not deleted, oldest first. */
  List<AlertRule> all();

  /** Enabled rules not deleted, oldest first. */
  List<AlertRule> enabled();

  /**
   * A number that grows with every change to any rule (created, changed, deleted): what was read of
   * the rules is still current while it stays the same. Much cheaper than reading the rules.
   */
  long revision();

  Optional<AlertRule> find(UUID id);

  void create(AlertRule rule, AlertRuleChange change);

  /** Replaces the rule if it is still at {@code expectedVersion} and not deleted. */
  boolean update(AlertRule rule, int expectedVersion, AlertRuleChange change);

  /**
   * Marks the rule deleted if it is still at {@code expectedVersion}, and cancels its open
   * deliveries.
   */
  boolean delete(UUID id, int expectedVersion, AlertRuleChange change, Instant at);

  /** The rule's changes, oldest first (also for a deleted rule). */
  List<AlertRuleChange> changes(UUID id);

  /** Records that a job the rule matches finished (again: no-op). */
  void recordOutcome(UUID ruleId, JobId jobId, Instant finishedAt, boolean failed);

  /**
   * How many of the rule's recorded outcomes since {@code since} there are, and how many failed.
   */
  Outcomes outcomesSince(UUID ruleId, Instant since);

  /** Forgets outcomes older than {@code before}. */
  void pruneOutcomes(Instant before);

  record Outcomes(long finished, long failed) {}
}
