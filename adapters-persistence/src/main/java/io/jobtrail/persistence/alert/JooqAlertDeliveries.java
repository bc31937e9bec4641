package io.jobtrail.persistence.alert;

import static io.jobtrail.persistence.jooq.Tables.ALERT_DELIVERIES;
import static io.jobtrail.persistence.jooq.Tables.ALERT_DELIVERY_ATTEMPTS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.val;

import io.jobtrail.application.alert.AlertDelivery;
import io.jobtrail.application.alert.ClaimedDelivery;
import io.jobtrail.application.alert.DeliveryAttempt;
import io.jobtrail.application.alert.DeliveryFilter;
import io.jobtrail.application.alert.DeliveryState;
import io.jobtrail.application.alert.NewDelivery;
import io.jobtrail.application.alert.WebhookFormat;
import io.jobtrail.application.port.out.AlertDeliveries;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.jooq.tables.records.AlertDeliveriesRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * The delivery queue in {@code alert_deliveries} and its log in {@code alert_delivery_attempts}.
 * Claiming is one statement: it picks due open deliveries that have no earlier open delivery of the
 * same rule and job ({@code FOR UPDATE SKIP LOCKED}, so concurrent senders take different ones),
 * counts the attempt and pushes {@code next_attempt_at} past the attempt's timeout.
 */
public final class JooqAlertDeliveries implements AlertDeliveries {

  private static final List<String> OPEN =
      List.of(DeliveryState.PENDING.name(), DeliveryState.RETRYING.name());

  private static final String CLAIM =
      """
      with due as (
        select d.delivery_id from alert_deliveries d
        join alert_rules r on r.rule_id = d.rule_id and r.deleted_at is null
        where d.state in ('PENDING', 'RETRYING') and d.next_attempt_at <= {0} %s
          and not exists (
            select 1 from alert_deliveries e
            where e.rule_id = d.rule_id and e.job_id = d.job_id
              and e.delivery_seq < d.delivery_seq and e.state in ('PENDING', 'RETRYING'))
        order by d.next_attempt_at, d.delivery_seq
        limit {1}
        for update of d skip locked)
      update alert_deliveries a
      set attempts = a.attempts + 1, next_attempt_at = {2}
      from due, alert_rules r
      where a.delivery_id = due.delivery_id and r.rule_id = a.rule_id
      returning a.delivery_id, a.rule_id, r.webhook_url, r.webhook_secret, a.body, a.attempts,
        a.max_attempts
      """;

  private final DSLContext dsl;

  public JooqAlertDeliveries(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public int enqueue(List<NewDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return 0;
    }
    var d = ALERT_DELIVERIES;
    var insert =
        dsl.insertInto(
            d,
            d.DELIVERY_ID,
            d.RULE_ID,
            d.JOB_ID,
            d.TRIGGER_KEY,
            d.TRIGGER,
            d.FORMAT,
            d.BODY,
            d.STATE,
            d.MAX_ATTEMPTS,
            d.CREATED_AT,
            d.NEXT_ATTEMPT_AT);
    for (NewDelivery n : deliveries) {
      insert =
          insert.values(
              n.id(),
              n.ruleId(),
              n.jobId() == null ? null : n.jobId().value(),
              n.triggerKey(),
              n.trigger(),
              n.format().name(),
              n.body(),
              DeliveryState.PENDING.name(),
              n.maxAttempts(),
              utc(n.createdAt()),
              utc(n.createdAt()));
    }
    return insert.onConflictDoNothing().execute();
  }

  @Override
  public Set<String> existingTriggers(UUID ruleId, Collection<String> triggerKeys) {
    if (triggerKeys.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        dsl.select(ALERT_DELIVERIES.TRIGGER_KEY)
            .from(ALERT_DELIVERIES)
            .where(ALERT_DELIVERIES.RULE_ID.eq(ruleId))
            .and(ALERT_DELIVERIES.TRIGGER_KEY.in(triggerKeys))
            .fetch(ALERT_DELIVERIES.TRIGGER_KEY));
  }

  @Override
  public List<ClaimedDelivery> claimDue(Instant now, Duration claimFor, int limit) {
    return dsl.resultQuery(
            CLAIM.formatted(""), val(utc(now)), val(limit), val(utc(now.plus(claimFor))))
        .fetch(JooqAlertDeliveries::claimed);
  }

  @Override
  public Optional<ClaimedDelivery> claim(UUID id, Instant now, Duration claimFor) {
    // The same statement for one delivery, due or not: its due time is set to now for the pick.
    return dsl.transactionResult(
        tx -> {
          tx.dsl()
              .update(ALERT_DELIVERIES)
              .set(ALERT_DELIVERIES.NEXT_ATTEMPT_AT, utc(now))
              .where(ALERT_DELIVERIES.DELIVERY_ID.eq(id))
              .and(ALERT_DELIVERIES.STATE.in(OPEN))
              .execute();
          return tx.dsl()
              .resultQuery(
                  CLAIM.formatted("and d.delivery_id = {3}"),
                  val(utc(now)),
                  val(1),
                  val(utc(now.plus(claimFor))),
                  val(id))
              .fetchOptional(JooqAlertDeliveries::claimed);
        });
  }

  private static ClaimedDelivery claimed(Record r) {
    return new ClaimedDelivery(
        r.get("delivery_id", UUID.class),
        r.get("rule_id", UUID.class),
        URI.create(r.get("webhook_url", String.class)),
        r.get("webhook_secret", String.class),
        r.get("body", String.class),
        r.get("attempts", Integer.class),
        r.get("max_attempts", Integer.class));
  }

  /** Logs an attempt and settles its delivery: one statement, one round trip. */
  private static final String RECORD =
      """
      with logged as (
        insert into alert_delivery_attempts
          (delivery_id, attempt, started_at, status_code, latency_ms, error, instance_id)
        values ({0}, {1}, {2}, {3}, {4}, {5}, {6})
        on conflict do nothing)
      update alert_deliveries
      set state = {7}, next_attempt_at = {8}, delivered_at = {9}, last_status_code = {3},
        last_error = {5}
      where delivery_id = {0} and attempts = {1} and state in ('PENDING', 'RETRYING')
      """;

  @Override
  public void recordAttempt(
      UUID id, DeliveryAttempt attempt, boolean dead, @Nullable Instant retryAt) {
    boolean delivered = attempt.succeeded();
    DeliveryState state =
        delivered ? DeliveryState.DELIVERED : dead ? DeliveryState.DEAD : DeliveryState.RETRYING;
    dsl.execute(
        RECORD,
        val(id),
        val(attempt.attempt()),
        val(utc(attempt.startedAt())),
        val(attempt.statusCode(), Integer.class),
        val((int) Math.min(Integer.MAX_VALUE, attempt.latencyMs())),
        val(attempt.error(), String.class),
        val(attempt.instanceId()),
        val(state.name()),
        val(retryAt == null ? null : utc(retryAt), OffsetDateTime.class),
        val(delivered ? utc(attempt.startedAt()) : null, OffsetDateTime.class));
  }

  @Override
  public @Nullable Instant nextDue() {
    OffsetDateTime next =
        dsl.select(min(ALERT_DELIVERIES.NEXT_ATTEMPT_AT))
            .from(ALERT_DELIVERIES)
            .where(ALERT_DELIVERIES.STATE.in(OPEN))
            .fetchOne(0, OffsetDateTime.class);
    return next == null ? null : next.toInstant();
  }

  @Override
  public Optional<AlertDelivery> find(UUID id) {
    return inOneSnapshot(
        tx ->
            withAttempts(
                    tx,
                    tx.selectFrom(ALERT_DELIVERIES)
                        .where(ALERT_DELIVERIES.DELIVERY_ID.eq(id))
                        .fetch())
                .stream()
                .findFirst());
  }

  @Override
  public List<AlertDelivery> list(DeliveryFilter filter, @Nullable Long beforeSequence, int limit) {
    var d = ALERT_DELIVERIES;
    Condition where = DSL.noCondition();
    if (filter.ruleId() != null) {
      where = where.and(d.RULE_ID.eq(filter.ruleId()));
    }
    if (filter.jobId() != null) {
      where = where.and(d.JOB_ID.eq(filter.jobId().value()));
    }
    if (!filter.states().isEmpty()) {
      where = where.and(d.STATE.in(filter.states().stream().map(Enum::name).toList()));
    }
    if (beforeSequence != null) {
      where = where.and(d.DELIVERY_SEQ.lt(beforeSequence));
    }
    Condition selected = where;
    return inOneSnapshot(
        tx ->
            withAttempts(
                tx,
                tx.selectFrom(d)
                    .where(selected)
                    .orderBy(d.DELIVERY_SEQ.desc())
                    .limit(limit)
                    .fetch()));
  }

  /**
   * Reads deliveries and their attempts as of one moment. At READ COMMITTED each statement sees the
   * database as of its own start, so an attempt recorded between the two reads showed beside the
   * state from before it (two attempts, still PENDING).
   */
  private <T> T inOneSnapshot(Function<DSLContext, T> read) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = DSL.using(configuration);
          tx.execute("set transaction isolation level repeatable read, read only");
          return read.apply(tx);
        });
  }

  private static List<AlertDelivery> withAttempts(DSLContext tx, List<AlertDeliveriesRecord> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    var a = ALERT_DELIVERY_ATTEMPTS;
    var attempts = new LinkedHashMap<UUID, List<DeliveryAttempt>>();
    tx.selectFrom(a)
        .where(a.DELIVERY_ID.in(rows.stream().map(AlertDeliveriesRecord::getDeliveryId).toList()))
        .orderBy(a.DELIVERY_ID, a.ATTEMPT)
        .forEach(
            r ->
                attempts
                    .computeIfAbsent(r.getDeliveryId(), id -> new ArrayList<>())
                    .add(
                        new DeliveryAttempt(
                            r.getAttempt(),
                            r.getStartedAt().toInstant(),
                            r.getStatusCode(),
                            r.getLatencyMs(),
                            r.getError(),
                            r.getInstanceId())));
    return rows.stream()
        .map(r -> delivery(r, attempts.getOrDefault(r.getDeliveryId(), List.of())))
        .toList();
  }

  private static AlertDelivery delivery(AlertDeliveriesRecord r, List<DeliveryAttempt> attempts) {
    return new AlertDelivery(
        r.getDeliveryId(),
        r.getDeliverySeq(),
        r.getRuleId(),
        r.getJobId() == null ? null : new JobId(r.getJobId()),
        r.getTrigger(),
        WebhookFormat.valueOf(r.getFormat()),
        r.getBody(),
        DeliveryState.valueOf(r.getState()),
        r.getAttempts(),
        r.getMaxAttempts(),
        r.getCreatedAt().toInstant(),
        instant(r.getNextAttemptAt()),
        instant(r.getDeliveredAt()),
        r.getLastStatusCode(),
        r.getLastError(),
        r.getRedeliveredBy(),
        instant(r.getRedeliveredAt()),
        attempts);
  }

  @Override
  public boolean redeliver(UUID id, int moreAttempts, String by, Instant now) {
    var d = ALERT_DELIVERIES;
    return dsl.update(d)
            .set(d.STATE, DeliveryState.PENDING.name())
            .set(d.NEXT_ATTEMPT_AT, utc(now))
            .set(d.MAX_ATTEMPTS, d.ATTEMPTS.plus(moreAttempts))
            .set(d.REDELIVERED_BY, by)
            .set(d.REDELIVERED_AT, utc(now))
            .where(d.DELIVERY_ID.eq(id))
            .and(d.STATE.in(DeliveryState.DEAD.name(), DeliveryState.DELIVERED.name()))
            .execute()
        == 1;
  }

  @Override
  public Map<DeliveryState, Long> countByState(UUID ruleId) {
    var counts = new EnumMap<DeliveryState, Long>(DeliveryState.class);
    dsl.select(ALERT_DELIVERIES.STATE, count())
        .from(ALERT_DELIVERIES)
        .where(ALERT_DELIVERIES.RULE_ID.eq(ruleId))
        .groupBy(ALERT_DELIVERIES.STATE)
        .forEach(r -> counts.put(DeliveryState.valueOf(r.value1()), (long) r.value2()));
    return counts;
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
