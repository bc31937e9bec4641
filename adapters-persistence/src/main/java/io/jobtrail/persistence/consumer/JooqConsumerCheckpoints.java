package io.jobtrail.persistence.consumer;

import static io.jobtrail.persistence.jooq.Tables.LOG_CONSUMERS;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;

import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.port.out.ConsumerCheckpoints;
import io.jobtrail.persistence.jooq.tables.records.LogConsumersRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Checkpoints and leases in {@code log_consumers}, one row per consumer. Taking a lease locks the
 * row, so two instances racing for a free consumer cannot both win; every later write is fenced by
 * {@code owner_instance}: a takeover changes the owner, so the instance that lost the lease can no
 * longer move the checkpoint.
 */
public final class JooqConsumerCheckpoints implements ConsumerCheckpoints {

  /** Lag is counted exactly up to this many events, and reported as this many beyond. */
  static final int LAG_COUNT_LIMIT = 100_000;

  private final DSLContext dsl;

  public JooqConsumerCheckpoints(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Optional<Held> tryAcquire(
      String name, String instanceId, GlobalCursor initial, Instant now, Duration ttl) {
    var c = LOG_CONSUMERS;
    return dsl.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          t.insertInto(c)
              .set(c.NAME, name)
              .set(c.CURSOR_TRANSACTION, initial.transactionId())
              .set(c.CURSOR_POSITION, initial.position())
              .set(c.UPDATED_AT, utc(now))
              .onConflictDoNothing()
              .execute();
          LogConsumersRecord row = t.selectFrom(c).where(c.NAME.eq(name)).forUpdate().fetchOne();
          String owner = row.getOwnerInstance();
          OffsetDateTime expires = row.getLeaseExpiresAt();
          if (owner != null
              && !owner.equals(instanceId)
              && expires != null
              && expires.toInstant().isAfter(now)) {
            return Optional.<Held>empty();
          }
          t.update(c)
              .set(c.OWNER_INSTANCE, instanceId)
              .set(c.LEASE_EXPIRES_AT, utc(now.plus(ttl)))
              .set(c.UPDATED_AT, utc(now))
              .where(c.NAME.eq(name))
              .execute();
          return Optional.of(
              new Held(
                  name,
                  new GlobalCursor(row.getCursorTransaction(), row.getCursorPosition()),
                  owner));
        });
  }

  @Override
  public boolean renew(String name, String instanceId, Instant now, Duration ttl) {
    var c = LOG_CONSUMERS;
    return dsl.update(c)
            .set(c.LEASE_EXPIRES_AT, utc(now.plus(ttl)))
            .set(c.UPDATED_AT, utc(now))
            .where(c.NAME.eq(name))
            .and(c.OWNER_INSTANCE.eq(instanceId))
            .execute()
        == 1;
  }

  @Override
  public boolean advance(
      String name,
      String instanceId,
      GlobalCursor to,
      int events,
      Instant lastEventAt,
      Instant now,
      Duration ttl) {
    var c = LOG_CONSUMERS;
    return dsl.update(c)
            .set(c.CURSOR_TRANSACTION, to.transactionId())
            .set(c.CURSOR_POSITION, to.position())
            .set(c.DELIVERED, c.DELIVERED.plus(events))
            .set(c.RETRYING, 0)
            .set(c.LAST_EVENT_AT, utc(lastEventAt))
            .set(c.LEASE_EXPIRES_AT, utc(now.plus(ttl)))
            .set(c.UPDATED_AT, utc(now))
            .where(c.NAME.eq(name))
            .and(c.OWNER_INSTANCE.eq(instanceId))
            .execute()
        == 1;
  }

  @Override
  public boolean recordFailure(
      String name, String instanceId, int retrying, String error, Instant now, Duration ttl) {
    var c = LOG_CONSUMERS;
    return dsl.update(c)
            .set(c.FAILED, c.FAILED.plus(1))
            .set(c.RETRYING, retrying)
            .set(c.LAST_ERROR, error.length() > 2_000 ? error.substring(0, 2_000) : error)
            .set(c.LAST_ERROR_AT, utc(now))
            .set(c.LEASE_EXPIRES_AT, utc(now.plus(ttl)))
            .set(c.UPDATED_AT, utc(now))
            .where(c.NAME.eq(name))
            .and(c.OWNER_INSTANCE.eq(instanceId))
            .execute()
        == 1;
  }

  @Override
  public void release(String name, String instanceId) {
    var c = LOG_CONSUMERS;
    dsl.update(c)
        .setNull(c.OWNER_INSTANCE)
        .setNull(c.LEASE_EXPIRES_AT)
        .where(c.NAME.eq(name))
        .and(c.OWNER_INSTANCE.eq(instanceId))
        .execute();
  }

  @Override
  public List<ConsumerStatus> statuses(Instant now) {
    var statuses = new ArrayList<ConsumerStatus>();
    for (LogConsumersRecord row :
        dsl.selectFrom(LOG_CONSUMERS).orderBy(LOG_CONSUMERS.NAME).fetch()) {
      var cursor = new GlobalCursor(row.getCursorTransaction(), row.getCursorPosition());
      long lagEvents = lagEvents(cursor);
      OffsetDateTime oldest = lagEvents == 0 ? null : oldestAfter(cursor);
      statuses.add(
          new ConsumerStatus(
              row.getName(),
              cursor,
              lagEvents,
              oldest == null
                  ? 0
                  : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0),
              row.getDelivered(),
              row.getFailed(),
              row.getRetrying(),
              row.getLastError(),
              instant(row.getLastErrorAt()),
              instant(row.getLastEventAt()),
              row.getOwnerInstance(),
              instant(row.getLeaseExpiresAt()),
              row.getUpdatedAt().toInstant()));
    }
    return statuses;
  }

  /**
   * How many events are after the cursor (committed or not yet safe to read), counted up to a cap.
   */
  private long lagEvents(GlobalCursor cursor) {
    Long count =
        dsl.resultQuery(
                "select count(*) from (select 1 from job_events"
                    + " where (transaction_id, global_position) > ({0}::text::xid8, {1})"
                    + " limit {2}) after_cursor",
                val(cursor.transactionId()), val(cursor.position()), inline(LAG_COUNT_LIMIT))
            .fetchOne(0, Long.class);
    return count == null ? 0 : count;
  }

  /** When the oldest event after the cursor was written; null if there is none. */
  private @Nullable OffsetDateTime oldestAfter(GlobalCursor cursor) {
    var row =
        dsl.resultQuery(
                "select occurred_at from job_events"
                    + " where (transaction_id, global_position) > ({0}::text::xid8, {1})"
                    + " order by transaction_id, global_position limit 1",
                val(cursor.transactionId()), val(cursor.position()))
            .fetchOne();
    return row == null ? null : row.get(0, OffsetDateTime.class);
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
