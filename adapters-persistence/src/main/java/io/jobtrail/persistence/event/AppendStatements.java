package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;
import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.HashScheme;
import io.jobtrail.persistence.event.PreparedAppend.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;

/**
 * Appends to one or more jobs in one statement, as plain SQL over JDBC. The shape: a data-modifying
 * CTE moves each job's head row in {@code job_summaries} (inserts it for a new job) only where it
 * is still the head that job's writer read, and the events are inserted only for the jobs whose
 * head moved; so each job's expected version is checked on its own, and a job whose head moved
 * commits nothing while the others commit. Up to {@value #VALUES_ROWS} events the rows are {@code
 * VALUES} lists, one statement text per shape (numbers of head rows and event rows), prepared once
 * per connection and planned once by the server: the cheapest to execute. A longer append (a
 * replay's fork of a long job) binds one array per column instead ({@link Columns}), so it is one
 * statement like any other, with no limit of 65,535 parameters.
 *
 * <p>Head rows are locked in job id order, so two batches that share jobs (from two instances)
 * cannot deadlock on them.
 */
final class AppendStatements {

  /** Where the database put an event: its global position and writing transaction. */
  record Inserted(long position, long transactionId) {}

  private static final String UNIQUE_VIOLATION = "23505";

  private static final Field<Long> EXPECTED_VERSION = field(name("expected_version"), Long.class);
  private static final Field<byte[]> EXPECTED_HASH = field(name("expected_hash"), byte[].class);
  private static final Field<Long> TRANSACTION_ID = field(name("transaction_id"), Long.class);

  private static final Columns<Row> EVENTS =
      new Columns<Row>()
          .uuid(JOB_EVENTS.EVENT_ID, r -> r.event().eventId())
          .uuid(JOB_EVENTS.JOB_ID, r -> r.jobId().value())
          .bigint(JOB_EVENTS.VERSION, Row::version)
          .text(JOB_EVENTS.EVENT_TYPE, r -> r.event().event().eventType())
          .integer(JOB_EVENTS.SCHEMA_VERSION, r -> EventDocuments.CURRENT_SCHEMA_VERSION)
          .jsonb(JOB_EVENTS.DATA, Row::data)
          .jsonb(JOB_EVENTS.METADATA, Row::metadata)
          .timestamptz(JOB_EVENTS.OCCURRED_AT, r -> r.event().event().at())
          .bytea(JOB_EVENTS.PREV_HASH, r -> Hashes.bytesOrNull(r.prevHash()))
          .bytea(JOB_EVENTS.HASH, r -> Hashes.bytes(r.hash()))
          .smallint(JOB_EVENTS.HASH_SCHEME, r -> HashScheme.CURRENT.version());

  /** What an append changes in an existing job's head row (the SET clause). */
  private static final Columns<PreparedAppend> HEAD_CHANGES =
      new Columns<PreparedAppend>()
          .bigint(JOB_SUMMARIES.VERSION, a -> a.head().version())
          .bytea(JOB_SUMMARIES.LAST_HASH, a -> Hashes.bytes(a.head().lastHash()))
          .text(JOB_SUMMARIES.STATUS, a -> a.summary().status().name())
          .doublePrecision(JOB_SUMMARIES.PROGRESS, a -> a.summary().progress())
          .text(JOB_SUMMARIES.CURRENT_STEP, a -> a.summary().currentStep())
          .timestamptz(JOB_SUMMARIES.UPDATED_AT, a -> a.summary().updatedAt())
          .nullableTimestamptz(JOB_SUMMARIES.APPROVAL_DUE_AT, a -> a.summary().approvalDueAt());

  /** An existing job's head row as its writer read it, and what the append changes. */
  private static final Columns<PreparedAppend> MOVED_HEADS =
      new Columns<PreparedAppend>()
          .uuid(JOB_SUMMARIES.JOB_ID, a -> a.jobId().value())
          .bigint(EXPECTED_VERSION, a -> a.expected().version())
          .bytea(EXPECTED_HASH, a -> Hashes.bytes(a.expected().lastHash()))
          .and(HEAD_CHANGES);

  /** A new job's head row: its summary after the first append. */
  private static final Columns<PreparedAppend> NEW_HEADS =
      new Columns<PreparedAppend>()
          .uuid(JOB_SUMMARIES.JOB_ID, a -> a.jobId().value())
          .bigint(JOB_SUMMARIES.VERSION, a -> a.head().version())
          .bytea(JOB_SUMMARIES.LAST_HASH, a -> Hashes.bytes(a.head().lastHash()))
          .text(JOB_SUMMARIES.NAME, a -> a.summary().name())
          .text(JOB_SUMMARIES.STATUS, a -> a.summary().status().name())
          .doublePrecision(JOB_SUMMARIES.PROGRESS, a -> a.summary().progress())
          .text(JOB_SUMMARIES.CURRENT_STEP, a -> a.summary().currentStep())
          .text(JOB_SUMMARIES.CREATED_BY, a -> a.summary().createdBy())
          .timestamptz(JOB_SUMMARIES.CREATED_AT, a -> a.summary().createdAt())
          .timestamptz(JOB_SUMMARIES.UPDATED_AT, a -> a.summary().updatedAt())
          .uuid(
              JOB_SUMMARIES.ORIGIN_JOB_ID,
              a -> a.summary().originJobId() == null ? null : a.summary().originJobId().value())
          .nullableBigint(JOB_SUMMARIES.ORIGIN_VERSION, a -> a.summary().originVersion())
          .nullableTimestamptz(JOB_SUMMARIES.APPROVAL_DUE_AT, a -> a.summary().approvalDueAt());

  /** Event rows up to which a statement is a VALUES list (11 parameters a row). */
  static final int VALUES_ROWS = 1_000;

  /** What a statement's text depends on. */
  private record Shape(boolean arrays, int moved, int created, int rows) {}

  private static final Map<Shape, String> SQL = new ConcurrentHashMap<>();

  private static String sql(Shape shape) {
    return SQL.computeIfAbsent(
        shape,
        s -> {
          var ctes = new ArrayList<String>(2);
          var heads = new ArrayList<String>(2);
          if (s.moved() > 0) {
            ctes.add(
                "moved as (update job_summaries s set "
                    + HEAD_CHANGES.assignmentsFrom("h")
                    + " from "
                    + (s.arrays()
                        ? MOVED_HEADS.unnestAs("h")
                        : MOVED_HEADS.valuesAs("h", s.moved()))
                    + " where s.job_id = h.job_id and s.version = h.expected_version"
                    + " and s.last_hash = h.expected_hash returning s.job_id)");
            heads.add("select job_id from moved");
          }
          if (s.created() > 0) {
            ctes.add(
                "created as (insert into job_summaries ("
                    + NEW_HEADS.names()
                    + ") select * from "
                    + (s.arrays() ? NEW_HEADS.unnestAs("n") : NEW_HEADS.valuesAs("n", s.created()))
                    + " on conflict do nothing returning job_id)");
            heads.add("select job_id from created");
          }
          return "with "
              + String.join(", ", ctes)
              + " insert into job_events ("
              + EVENTS.names()
              + ") select * from "
              + (s.arrays() ? EVENTS.unnestAs("e") : EVENTS.valuesAs("e", s.rows()))
              + " where e.job_id in ("
              + String.join(" union all ", heads)
              + ") returning global_position, event_id,"
              + " transaction_id::text::bigint as transaction_id";
        });
  }

  private AppendStatements() {}

  /**
   * Writes the appends in one statement (one transaction when the connection autocommits); returns
   * where each inserted event landed. An append whose head was not the one it expected has none of
   * its events in the result, and nothing of it was written.
   */
  static Map<UUID, Inserted> insert(Connection connection, List<PreparedAppend> appends)
      throws SQLException {
    var moved = new ArrayList<PreparedAppend>(appends.size());
    var created = new ArrayList<PreparedAppend>(0);
    for (PreparedAppend append : appends) {
      (append.newJob() ? created : moved).add(append);
    }
    Comparator<PreparedAppend> byJob = Comparator.comparing(a -> a.jobId().value());
    moved.sort(byJob);
    created.sort(byJob);
    var rows = new ArrayList<Row>();
    for (PreparedAppend append : moved) {
      rows.addAll(append.rows());
    }
    for (PreparedAppend append : created) {
      rows.addAll(append.rows());
    }
    boolean arrays = rows.size() > VALUES_ROWS;
    String sql = sql(new Shape(arrays, moved.size(), created.size(), rows.size()));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int p = 1;
      if (arrays) {
        if (!moved.isEmpty()) {
          p = MOVED_HEADS.bindArrays(statement, p, moved);
        }
        if (!created.isEmpty()) {
          p = NEW_HEADS.bindArrays(statement, p, created);
        }
        EVENTS.bindArrays(statement, p, rows);
      } else {
        p = MOVED_HEADS.bindValues(statement, p, moved);
        p = NEW_HEADS.bindValues(statement, p, created);
        EVENTS.bindValues(statement, p, rows);
      }
      return read(statement);
    }
  }

  static boolean isUniqueViolation(DataAccessException e) {
    return e.getCause(SQLException.class) instanceof SQLException sql
        && UNIQUE_VIOLATION.equals(sql.getSQLState());
  }

  private static Map<UUID, Inserted> read(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      int position = rs.findColumn(JOB_EVENTS.GLOBAL_POSITION.getName());
      int eventId = rs.findColumn(JOB_EVENTS.EVENT_ID.getName());
      int transactionId = rs.findColumn(TRANSACTION_ID.getName());
      Map<UUID, Inserted> inserted = new HashMap<>();
      while (rs.next()) {
        inserted.put(
            rs.getObject(eventId, UUID.class),
            new Inserted(rs.getLong(position), rs.getLong(transactionId)));
      }
      return inserted;
    }
  }
}
