package io.jobtrail.persistence.alert;

import static io.jobtrail.persistence.jooq.Tables.ALERT_DELIVERIES;
import static io.jobtrail.persistence.jooq.Tables.ALERT_RULES;
import static io.jobtrail.persistence.jooq.Tables.ALERT_RULE_CHANGES;
import static io.jobtrail.persistence.jooq.Tables.ALERT_RULE_OUTCOMES;
import static org.jooq.impl.DSL.count;

import io.jobtrail.application.alert.AlertRule;
import io.jobtrail.application.alert.AlertRuleChange;
import io.jobtrail.application.alert.AlertRuleDocuments;
import io.jobtrail.application.alert.DeliveryState;
import io.jobtrail.application.alert.WebhookFormat;
import io.jobtrail.application.port.out.AlertRules;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.jooq.tables.records.AlertRulesRecord;
import io.jobtrail.persistence.sql.RenderedQuery;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Rules in {@code alert_rules} (the match and condition as a jsonb definition, the secret in its
 * own column), their changes in {@code alert_rule_changes}, written in one transaction with the
 * rule; failure-rate outcomes in {@code alert_rule_outcomes}.
 */
public final class JooqAlertRules implements AlertRules {

  private final DSLContext dsl;

  /** Every change is a row of its own, never deleted: their count is the revision. */
  private final RenderedQuery revision;

  public JooqAlertRules(DSLContext dsl) {
    this.dsl = dsl;
    this.revision = new RenderedQuery(dsl, dsl.selectCount().from(ALERT_RULE_CHANGES));
  }

  @Override
  public List<AlertRule> all() {
    return select(ALERT_RULES.DELETED_AT.isNull());
  }

  @Override
  public List<AlertRule> enabled() {
    return select(ALERT_RULES.DELETED_AT.isNull().and(ALERT_RULES.ENABLED.isTrue()));
  }

  @Override
  public long revision() {
    return revision.fetch(
        dsl,
        Map.of(),
        rows -> {
          rows.next();
          return rows.getLong(1);
        });
  }

  @Override
  public Optional<AlertRule> find(UUID id) {
    return select(ALERT_RULES.RULE_ID.eq(id).and(ALERT_RULES.DELETED_AT.isNull())).stream()
        .findFirst();
  }

  private List<AlertRule> select(Condition condition) {
    return dsl.selectFrom(ALERT_RULES)
        .where(condition)
        .orderBy(ALERT_RULES.CREATED_AT, ALERT_RULES.RULE_ID)
        .fetch(JooqAlertRules::rule);
  }

  private static AlertRule rule(AlertRulesRecord r) {
    Map<String, Object> definition = Documents.read(r.getDefinition());
    return new AlertRule(
        r.getRuleId(),
        r.getName(),
        r.getEnabled(),
        AlertRuleDocuments.readMatch(definition),
        AlertRuleDocuments.readCondition(definition),
        URI.create(r.getWebhookUrl()),
        WebhookFormat.valueOf(r.getWebhookFormat()),
        r.getWebhookSecret(),
        r.getVersion(),
        r.getCreatedBy(),
        r.getCreatedAt().toInstant(),
        r.getUpdatedBy(),
        r.getUpdatedAt().toInstant());
  }

  @Override
  public void create(AlertRule rule, AlertRuleChange change) {
    dsl.transaction(
        tx -> {
          tx.dsl().insertInto(ALERT_RULES).set(record(rule)).execute();
          insertChange(tx.dsl(), change);
        });
  }

  @Override
  public boolean update(AlertRule rule, int expectedVersion, AlertRuleChange change) {
    return dsl.transactionResult(
        tx -> {
          int updated =
              tx.dsl()
                  .update(ALERT_RULES)
                  .set(record(rule))
                  .where(ALERT_RULES.RULE_ID.eq(rule.id()))
                  .and(ALERT_RULES.VERSION.eq(expectedVersion))
                  .and(ALERT_RULES.DELETED_AT.isNull())
                  .execute();
          if (updated == 1) {
            insertChange(tx.dsl(), change);
          }
          return updated == 1;
        });
  }

  @Override
  public boolean delete(UUID id, int expectedVersion, AlertRuleChange change, Instant at) {
    return dsl.transactionResult(
        tx -> {
          int deleted =
              tx.dsl()
                  .update(ALERT_RULES)
                  .set(ALERT_RULES.DELETED_AT, utc(at))
                  .set(ALERT_RULES.ENABLED, false)
                  .set(ALERT_RULES.VERSION, change.version())
                  .set(ALERT_RULES.UPDATED_BY, change.changedBy())
                  .set(ALERT_RULES.UPDATED_AT, utc(at))
                  .where(ALERT_RULES.RULE_ID.eq(id))
                  .and(ALERT_RULES.VERSION.eq(expectedVersion))
                  .and(ALERT_RULES.DELETED_AT.isNull())
                  .execute();
          if (deleted == 1) {
            insertChange(tx.dsl(), change);
            tx.dsl()
                .update(ALERT_DELIVERIES)
                .set(ALERT_DELIVERIES.STATE, DeliveryState.CANCELLED.name())
                .setNull(ALERT_DELIVERIES.NEXT_ATTEMPT_AT)
                .set(ALERT_DELIVERIES.LAST_ERROR, "the rule was deleted")
                .where(ALERT_DELIVERIES.RULE_ID.eq(id))
                .and(
                    ALERT_DELIVERIES.STATE.in(
                        DeliveryState.PENDING.name(), DeliveryState.RETRYING.name()))
                .execute();
          }
          return deleted == 1;
        });
  }

  @Override
  public List<AlertRuleChange> changes(UUID id) {
    var c = ALERT_RULE_CHANGES;
    return dsl.selectFrom(c)
        .where(c.RULE_ID.eq(id))
        .orderBy(c.VERSION)
        .fetch(
            r ->
                new AlertRuleChange(
                    r.getRuleId(),
                    r.getVersion(),
                    AlertRuleChange.Kind.valueOf(r.getChange()),
                    r.getChangedBy(),
                    r.getChangedAt().toInstant(),
                    Documents.read(r.getRule()),
                    r.getSecretChanged()));
  }

  @Override
  public void recordOutcome(UUID ruleId, JobId jobId, Instant finishedAt, boolean failed) {
    var o = ALERT_RULE_OUTCOMES;
    dsl.insertInto(o)
        .set(o.RULE_ID, ruleId)
        .set(o.JOB_ID, jobId.value())
        .set(o.FINISHED_AT, utc(finishedAt))
        .set(o.FAILED, failed)
        .onConflictDoNothing()
        .execute();
  }

  @Override
  public Outcomes outcomesSince(UUID ruleId, Instant since) {
    var o = ALERT_RULE_OUTCOMES;
    var row =
        dsl.select(count(), count().filterWhere(o.FAILED.isTrue()))
            .from(o)
            .where(o.RULE_ID.eq(ruleId))
            .and(o.FINISHED_AT.ge(utc(since)))
            .fetchOne();
    return row == null ? new Outcomes(0, 0) : new Outcomes(row.value1(), row.value2());
  }

  @Override
  public void pruneOutcomes(Instant before) {
    dsl.deleteFrom(ALERT_RULE_OUTCOMES)
        .where(ALERT_RULE_OUTCOMES.FINISHED_AT.lt(utc(before)))
        .execute();
  }

  private AlertRulesRecord record(AlertRule rule) {
    var r = dsl.newRecord(ALERT_RULES);
    r.setRuleId(rule.id());
    r.setName(rule.name());
    r.setEnabled(rule.enabled());
    r.setDefinition(Documents.jsonb(AlertRuleDocuments.definition(rule.match(), rule.condition())));
    r.setWebhookUrl(rule.url().toString());
    r.setWebhookFormat(rule.format().name());
    r.setWebhookSecret(rule.secret());
    r.setVersion(rule.version());
    r.setCreatedBy(rule.createdBy());
    r.setCreatedAt(utc(rule.createdAt()));
    r.setUpdatedBy(rule.updatedBy());
    r.setUpdatedAt(utc(rule.updatedAt()));
    return r;
  }

  private static void insertChange(DSLContext dsl, AlertRuleChange change) {
    var c = ALERT_RULE_CHANGES;
    dsl.insertInto(c)
        .set(c.RULE_ID, change.ruleId())
        .set(c.VERSION, change.version())
        .set(c.CHANGE, change.kind().name())
        .set(c.CHANGED_BY, change.changedBy())
        .set(c.CHANGED_AT, utc(change.changedAt()))
        .set(c.RULE, Documents.jsonb(change.rule()))
        .set(c.SECRET_CHANGED, change.secretChanged())
        .execute();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
