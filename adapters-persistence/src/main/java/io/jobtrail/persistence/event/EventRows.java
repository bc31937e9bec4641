package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.EventUpcasters;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.event.StreamSlice;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Field;

/**
 * Reads event rows from JDBC into their envelopes, upcasting older schema versions. Columns are
 * found by the generated fields' names, once per result set, so a query may select them in any
 * order; {@link #TRANSACTION_ID} is the transaction id as a number, under the column's name.
 */
final class EventRows {

  /** {@code transaction_id} as a bigint (xid8 has no JDBC type), labelled with its own name. */
  static final Field<Long> TRANSACTION_ID =
      org.jooq
          .impl
          .DSL
          .field("{0}::text::bigint", Long.class, JOB_EVENTS.TRANSACTION_ID)
          .as(JOB_EVENTS.TRANSACTION_ID.getName());

  /** What {@link #read} needs, in any order. */
  static final List<Field<?>> ENVELOPE =
      List.of(
          JOB_EVENTS.GLOBAL_POSITION,
          JOB_EVENTS.EVENT_ID,
          JOB_EVENTS.JOB_ID,
          JOB_EVENTS.VERSION,
          JOB_EVENTS.EVENT_TYPE,
          JOB_EVENTS.SCHEMA_VERSION,
          JOB_EVENTS.DATA,
          JOB_EVENTS.METADATA,
          JOB_EVENTS.OCCURRED_AT,
          TRANSACTION_ID,
          JOB_EVENTS.PREV_HASH,
          JOB_EVENTS.HASH);

  /** What {@link #slice} needs, in any order: no metadata, no ids, no per-event hash text. */
  static final List<Field<?>> FOLD =
      List.of(
          JOB_EVENTS.VERSION,
          JOB_EVENTS.EVENT_TYPE,
          JOB_EVENTS.SCHEMA_VERSION,
          JOB_EVENTS.DATA,
          JOB_EVENTS.HASH);

  private EventRows() {}

  static List<RecordedEvent> read(ResultSet rows) throws SQLException {
    var events = new ArrayList<RecordedEvent>();
    var at = new EnvelopeColumns(rows);
    while (rows.next()) {
      String type = rows.getString(at.eventType);
      int schemaVersion = rows.getInt(at.schemaVersion);
      Map<String, Object> data =
          EventUpcasters.upcast(type, schemaVersion, JsonDocuments.read(rows.getString(at.data)));
      events.add(
          new RecordedEvent(
              rows.getObject(at.eventId, UUID.class),
              new JobId(rows.getObject(at.jobId, UUID.class)),
              rows.getLong(at.version),
              rows.getLong(at.position),
              rows.getLong(at.transactionId),
              EventDocuments.read(type, data),
              rows.getObject(at.occurredAt, OffsetDateTime.class).toInstant(),
              schemaVersion,
              EventHashing.metadataFrom(JsonDocuments.read(rows.getString(at.metadata))),
              Hashes.hexOrNull(rows.getBytes(at.prevHash)),
              Hashes.hex(rows.getBytes(at.hash))));
    }
    return events;
  }

  /**
   * Reads a run of one job's events ({@link #FOLD}) that starts after {@code afterVersion}.
   *
   * @throws IllegalStateException if a version is missing from the run
   */
  static StreamSlice slice(ResultSet rows, long afterVersion) throws SQLException {
    int versionAt = column(rows, JOB_EVENTS.VERSION);
    int typeAt = column(rows, JOB_EVENTS.EVENT_TYPE);
    int schemaVersionAt = column(rows, JOB_EVENTS.SCHEMA_VERSION);
    int dataAt = column(rows, JOB_EVENTS.DATA);
    int hashAt = column(rows, JOB_EVENTS.HASH);
    var events = new ArrayList<JobEvent>();
    long version = afterVersion;
    byte[] lastHash = null;
    while (rows.next()) {
      long found = rows.getLong(versionAt);
      if (found != version + 1) {
        throw new IllegalStateException(
            "version " + (version + 1) + " is missing from the log (found " + found + ")");
      }
      version++;
      String type = rows.getString(typeAt);
      Map<String, Object> data =
          EventUpcasters.upcast(
              type, rows.getInt(schemaVersionAt), JsonDocuments.read(rows.getString(dataAt)));
      events.add(EventDocuments.read(type, data));
      lastHash = rows.getBytes(hashAt);
    }
    return new StreamSlice(
        events, lastHash == null ? null : new StreamHead(version, Hashes.hex(lastHash)));
  }

  private static int column(ResultSet rows, Field<?> field) throws SQLException {
    return rows.findColumn(field.getName());
  }

  /** Where {@link #ENVELOPE}'s columns are in a result set. */
  private static final class EnvelopeColumns {
    final int position;
    final int eventId;
    final int jobId;
    final int version;
    final int eventType;
    final int schemaVersion;
    final int data;
    final int metadata;
    final int occurredAt;
    final int transactionId;
    final int prevHash;
    final int hash;

    EnvelopeColumns(ResultSet rows) throws SQLException {
      position = column(rows, JOB_EVENTS.GLOBAL_POSITION);
      eventId = column(rows, JOB_EVENTS.EVENT_ID);
      jobId = column(rows, JOB_EVENTS.JOB_ID);
      version = column(rows, JOB_EVENTS.VERSION);
      eventType = column(rows, JOB_EVENTS.EVENT_TYPE);
      schemaVersion = column(rows, JOB_EVENTS.SCHEMA_VERSION);
      data = column(rows, JOB_EVENTS.DATA);
      metadata = column(rows, JOB_EVENTS.METADATA);
      occurredAt = column(rows, JOB_EVENTS.OCCURRED_AT);
      transactionId = column(rows, TRANSACTION_ID);
      prevHash = column(rows, JOB_EVENTS.PREV_HASH);
      hash = column(rows, JOB_EVENTS.HASH);
    }
  }
}
