package io.jobtrail.persistence.event;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.EventUpcasters;
import io.jobtrail.application.event.HistoryDamaged;
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

/**
 * Reads event rows from JDBC into their envelopes, upcasting older schema versions. Columns, in
 * order: global_position, event_id, job_id, version, event_type, schema_version, data, metadata,
 * occurred_at, transaction id (as bigint), prev_hash, hash.
 */
final class EventRows {

  private EventRows() {}

  static List<RecordedEvent> read(ResultSet rows) throws SQLException {
    var events = new ArrayList<RecordedEvent>();
    while (rows.next()) {
      events.add(event(rows));
    }
    return events;
  }

  /**
   * Reads a run of one job's events (columns: version, event_type, schema_version, data, hash) that
   * starts after {@code afterVersion}.
   *
   * @throws HistoryDamaged if a version is missing from the run
   */
  static StreamSlice slice(ResultSet rows, long afterVersion) throws SQLException {
    var events = new ArrayList<JobEvent>();
    long version = afterVersion;
    byte[] lastHash = null;
    while (rows.next()) {
      if (rows.getLong(1) != version + 1) {
        throw new HistoryDamaged(
            version + 1,
            "version "
                + (version + 1)
                + " is missing from the log (found "
                + rows.getLong(1)
                + ")");
      }
      version++;
      String type = rows.getString(2);
      Map<String, Object> data =
          EventUpcasters.upcast(type, rows.getInt(3), JsonDocuments.read(rows.getString(4)));
      events.add(EventDocuments.read(type, data));
      lastHash = rows.getBytes(5);
    }
    return new StreamSlice(
        events, lastHash == null ? null : new StreamHead(version, Hashes.hex(lastHash)));
  }

  private static RecordedEvent event(ResultSet r) throws SQLException {
    String type = r.getString(5);
    int schemaVersion = r.getInt(6);
    Map<String, Object> data =
        EventUpcasters.upcast(type, schemaVersion, JsonDocuments.read(r.getString(7)));
    return new RecordedEvent(
        r.getObject(2, UUID.class),
        new JobId(r.getObject(3, UUID.class)),
        r.getLong(4),
        r.getLong(1),
        r.getLong(10),
        EventDocuments.read(type, data),
        r.getObject(9, OffsetDateTime.class).toInstant(),
        schemaVersion,
        EventHashing.metadataFrom(JsonDocuments.read(r.getString(8))),
        Hashes.hexOrNull(r.getBytes(11)),
        Hashes.hex(r.getBytes(12)));
  }
}
