package io.jobtrail.persistence.event;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.event.JooqJobEventStore.Inserted;
import io.jobtrail.persistence.event.JooqJobEventStore.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.exception.DataAccessException;

/**
 * The append, as plain SQL over JDBC: it runs on every command, and a statement of fixed text per
 * batch size is rendered once, prepared once per connection (pgjdbc's statement cache) and planned
 * once by the server, where rendering it with jOOQ's DSL cost more CPU than the database spent on
 * it. Times are bound as ISO-8601 text (cast by the server): pgjdbc's {@code OffsetDateTime} path
 * goes through a {@code Calendar} and showed in the profile. The shape: a data-modifying CTE moves
 * the job's head row in {@code job_summaries} (inserts it for a new job) only if it is still the
 * head the writer read, and the events are inserted only if it moved, in one statement and one
 * round trip; a multi-row VALUES list carries the events.
 *
 * <p>An append of more than {@value #ROWS_PER_STATEMENT} events (a replay's fork of a long job)
 * runs as that statement with the first rows and plain inserts for the rest, in one transaction:
 * the head row, locked by the first, keeps every other writer of the job out until it commits.
 */
final class AppendStatements {

  /** Ten parameters a row: well below PostgreSQL's limit of 65,535 per statement. */
  static final int ROWS_PER_STATEMENT = 1_000;

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS =
      "(event_id, job_id, version, event_type, schema_version, data, metadata, occurred_at,"
          + " prev_hash, hash)";
  private static final String ROW =
      "(?::uuid, ?::uuid, ?::bigint, ?::text, ?::integer, ?::jsonb, ?::jsonb, ?::timestamptz,"
          + " ?::bytea, ?::bytea)";
  private static final String RETURNING =
      " returning global_position, event_id, transaction_id::text::bigint";
  private static final String NEW_HEAD =
      "insert into job_summaries (job_id, version, last_hash, name, status, progress,"
          + " current_step, created_by, created_at, updated_at, origin_job_id, origin_version)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?)"
          + " on conflict do nothing returning 1";
  private static final String MOVED_HEAD =
      "update job_summaries set version = ?, last_hash = ?, status = ?, progress = ?,"
          + " current_step = ?, updated_at = ?::timestamptz"
          + " where job_id = ? and version = ? and last_hash = ? returning 1";

  private static final Map<Integer, String> NEW_JOB_SQL = new ConcurrentHashMap<>();
  private static final Map<Integer, String> NEXT_EVENTS_SQL = new ConcurrentHashMap<>();
  private static final Map<Integer, String> MORE_ROWS_SQL = new ConcurrentHashMap<>();

  private AppendStatements() {}

  /**
   * Moves the head and inserts the rows; returns where each landed, or nothing if the head was not
   * {@code expected} (then nothing was written).
   */
  static Map<UUID, Inserted> insert(
      Connection connection,
      JobId jobId,
      StreamHead expected,
      StreamHead head,
      JobSummary summary,
      List<Row> rows)
      throws SQLException {
    if (rows.size() <= ROWS_PER_STATEMENT) {
      return headAndRows(connection, jobId, expected, head, summary, rows);
    }
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try {
      var inserted =
          new HashMap<>(
              headAndRows(
                  connection, jobId, expected, head, summary, rows.subList(0, ROWS_PER_STATEMENT)));
      if (!inserted.isEmpty()) {
        for (int from = ROWS_PER_STATEMENT; from < rows.size(); from += ROWS_PER_STATEMENT) {
          var chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
          String sql =
              MORE_ROWS_SQL.computeIfAbsent(
                  chunk.size(),
                  n -> "insert into job_events " + COLUMNS + " values " + rows(n) + RETURNING);
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindRows(statement, 1, jobId, chunk);
            inserted.putAll(read(statement));
          }
        }
      }
      if (autoCommit) {
        connection.commit();
      }
      return inserted;
    } catch (SQLException | RuntimeException e) {
      if (autoCommit) {
        connection.rollback();
      }
      throw e;
    } finally {
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    }
  }

  static boolean isUniqueViolation(DataAccessException e) {
    return e.getCause(SQLException.class) instanceof SQLException sql
        && UNIQUE_VIOLATION.equals(sql.getSQLState());
  }

  private static Map<UUID, Inserted> headAndRows(
      Connection connection,
      JobId jobId,
      StreamHead expected,
      StreamHead head,
      JobSummary s,
      List<Row> rows)
      throws SQLException {
    boolean newJob = expected.version() == 0;
    String sql =
        (newJob ? NEW_JOB_SQL : NEXT_EVENTS_SQL)
            .computeIfAbsent(
                rows.size(),
                n ->
                    "with head as ("
                        + (newJob ? NEW_HEAD : MOVED_HEAD)
                        + ") insert into job_events "
                        + COLUMNS
                        + " select * from (values "
                        + rows(n)
                        + ") as v where exists (select from head)"
                        + RETURNING);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int p = 1;
      if (newJob) {
        statement.setObject(p++, jobId.value());
        statement.setLong(p++, head.version());
        statement.setBytes(p++, Hashes.bytes(head.lastHash()));
        statement.setString(p++, s.name());
        statement.setString(p++, s.status().name());
        statement.setDouble(p++, s.progress());
        statement.setString(p++, s.currentStep());
        statement.setString(p++, s.createdBy());
        statement.setString(p++, s.createdAt().toString());
        statement.setString(p++, s.updatedAt().toString());
        statement.setObject(p++, s.originJobId() == null ? null : s.originJobId().value());
        if (s.originVersion() == null) {
          statement.setNull(p++, java.sql.Types.BIGINT);
        } else {
          statement.setLong(p++, s.originVersion());
        }
      } else {
        statement.setLong(p++, head.version());
        statement.setBytes(p++, Hashes.bytes(head.lastHash()));
        statement.setString(p++, s.status().name());
        statement.setDouble(p++, s.progress());
        statement.setString(p++, s.currentStep());
        statement.setString(p++, s.updatedAt().toString());
        statement.setObject(p++, jobId.value());
        statement.setLong(p++, expected.version());
        statement.setBytes(p++, Hashes.bytes(expected.lastHash()));
      }
      bindRows(statement, p, jobId, rows);
      return read(statement);
    }
  }

  private static void bindRows(PreparedStatement statement, int first, JobId jobId, List<Row> rows)
      throws SQLException {
    int p = first;
    for (Row row : rows) {
      statement.setObject(p++, row.event().eventId());
      statement.setObject(p++, jobId.value());
      statement.setLong(p++, row.version());
      statement.setString(p++, row.event().event().eventType());
      statement.setInt(p++, EventDocuments.CURRENT_SCHEMA_VERSION);
      statement.setString(p++, row.data());
      statement.setString(p++, row.metadata());
      statement.setString(p++, row.event().event().at().toString());
      statement.setBytes(p++, Hashes.bytesOrNull(row.prevHash()));
      statement.setBytes(p++, Hashes.bytes(row.hash()));
    }
  }

  private static Map<UUID, Inserted> read(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      Map<UUID, Inserted> inserted = new HashMap<>();
      while (rs.next()) {
        inserted.put(rs.getObject(2, UUID.class), new Inserted(rs.getLong(1), rs.getLong(3)));
      }
      return inserted.isEmpty() ? Map.of() : inserted;
    }
  }

  private static String rows(int n) {
    return String.join(", ", Collections.nCopies(n, ROW));
  }
}
