package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.val;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.event.StreamSlice;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.persistence.failure.StoreFailures;
import io.jobtrail.persistence.jooq.tables.records.JobEventsRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;

/**
 * The event log in PostgreSQL. An append is one statement: a data-modifying CTE moves the stream
 * head in {@code job_summaries} (only if it is still the one the writer read) and the events are
 * inserted only if it moved. Optimistic concurrency, the hash chain and the summary read model so
 * cost a single round trip and commit together.
 */
public final class JooqJobEventStore implements JobEventStore {

  private static final Condition SAFE_TO_READ =
      condition("{0} < pg_snapshot_xmin(pg_current_snapshot())", JOB_EVENTS.TRANSACTION_ID);
  private static final Field<Long> TRANSACTION_ID =
      field("{0}::text::bigint", Long.class, JOB_EVENTS.TRANSACTION_ID);

  private final DSLContext dsl;
  private final Runnable afterAppend;

  /**
   * @param afterAppend called after each committed append, outside its transaction; it wakes live
   *     readers (coalesced), never inside the append, where a NOTIFY would serialise commits
   */
  public JooqJobEventStore(DSLContext dsl, Runnable afterAppend) {
    this.dsl = dsl;
    this.afterAppend = afterAppend;
  }

  @Override
  public AppendResult append(
      JobId jobId, StreamHead expected, List<NewEvent> events, JobState stateAfter) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    var rows = new ArrayList<Row>(events.size());
    String prevHash = expected.lastHash();
    long version = expected.version();
    for (NewEvent newEvent : events) {
      var row = Row.of(jobId, ++version, prevHash, newEvent);
      rows.add(row);
      prevHash = row.hash();
    }
    var head = new StreamHead(version, prevHash);
    JobSummary summary = JobSummary.of(stateAfter);
    Map<UUID, Inserted> inserted;
    try {
      inserted =
          dsl.connectionResult(
              c -> AppendStatements.insert(c, jobId, expected, head, summary, rows));
    } catch (DataAccessException e) {
      if (!AppendStatements.isUniqueViolation(e)) {
        throw StoreFailures.translate(e);
      }
      // A clashing event id or version: a retry of a stored append, or a head row that was lost.
      inserted = Map.of();
    }
    if (inserted.isEmpty()) {
      return alreadyStoredOrConflict(jobId, expected, events);
    }
    var recorded = new ArrayList<RecordedEvent>(rows.size());
    for (Row row : rows) {
      Inserted r = inserted.get(row.event().eventId());
      recorded.add(
          new RecordedEvent(
              row.event().eventId(),
              jobId,
              row.version(),
              r.position(),
              r.transactionId(),
              row.event().event(),
              row.event().event().at(),
              EventDocuments.CURRENT_SCHEMA_VERSION,
              row.event().metadata(),
              row.prevHash(),
              row.hash()));
    }
    afterAppend.run();
    return new AppendResult(recorded, head, false);
  }

  /** Nothing was inserted: either every event is already stored (a retry) or the head moved. */
  private AppendResult alreadyStoredOrConflict(
      JobId jobId, StreamHead expected, List<NewEvent> events) {
    var ids = events.stream().map(NewEvent::eventId).toList();
    List<RecordedEvent> existing =
        events(selectEvents().where(JOB_EVENTS.EVENT_ID.in(ids)).orderBy(JOB_EVENTS.VERSION));
    if (existing.size() == events.size()
        && existing.stream().allMatch(e -> e.jobId().equals(jobId))) {
      RecordedEvent last = existing.getLast();
      return new AppendResult(existing, new StreamHead(last.version(), last.hash()), true);
    }
    throw new ConcurrencyConflict(jobId, expected.version());
  }

  @Override
  public List<RecordedEvent> readStream(JobId jobId, long afterVersion, int limit) {
    return events(
        selectEvents()
            .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
            .and(JOB_EVENTS.VERSION.gt(afterVersion))
            .orderBy(JOB_EVENTS.VERSION)
            .limit(limit));
  }

  @Override
  public List<RecordedEvent> readStreamAfterPosition(JobId jobId, long afterPosition, int limit) {
    return events(
        selectEvents()
            .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
            .and(JOB_EVENTS.GLOBAL_POSITION.gt(afterPosition))
            .orderBy(JOB_EVENTS.VERSION)
            .limit(limit));
  }

  @Override
  public List<RecordedEvent> readStreamRange(JobId jobId, long afterVersion, long toVersion) {
    return events(
        selectEvents()
            .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
            .and(JOB_EVENTS.VERSION.gt(afterVersion))
            .and(JOB_EVENTS.VERSION.le(toVersion))
            .orderBy(JOB_EVENTS.VERSION));
  }

  /**
   * Only the columns a fold needs: the documents (not the metadata) and the hashes, of which only
   * the last is turned into text. Reconstruction reads every event of a job, so this is the hot
   * read path.
   */
  @Override
  public StreamSlice readEvents(JobId jobId, long afterVersion, long toVersion) {
    var query =
        dsl.select(
                JOB_EVENTS.VERSION,
                JOB_EVENTS.EVENT_TYPE,
                JOB_EVENTS.SCHEMA_VERSION,
                JOB_EVENTS.DATA,
                JOB_EVENTS.HASH)
            .from(JOB_EVENTS)
            .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
            .and(JOB_EVENTS.VERSION.gt(afterVersion))
            .and(JOB_EVENTS.VERSION.le(toVersion))
            .orderBy(JOB_EVENTS.VERSION);
    try (ResultSet rows = query.fetchResultSet()) {
      return EventRows.slice(rows, afterVersion);
    } catch (SQLException e) {
      throw StoreFailures.translate(new DataAccessException("reading events failed", e));
    }
  }

  @Override
  public long versionAt(JobId jobId, Instant at) {
    Record1<Long> version =
        dsl.select(JOB_EVENTS.VERSION)
            .from(JOB_EVENTS)
            .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
            .and(JOB_EVENTS.OCCURRED_AT.le(Times.utc(at)))
            .orderBy(JOB_EVENTS.VERSION.desc())
            .limit(1)
            .fetchOne();
    return version == null ? 0 : version.value1();
  }

  @Override
  public List<RecordedEvent> readAll(GlobalCursor after, int limit) {
    return events(
        selectEvents()
            .where(SAFE_TO_READ)
            .and(
                condition(
                    "({0}, {1}) > ({2}::text::xid8, {3})",
                    JOB_EVENTS.TRANSACTION_ID,
                    JOB_EVENTS.GLOBAL_POSITION,
                    val(after.transactionId()),
                    val(after.position())))
            .orderBy(JOB_EVENTS.TRANSACTION_ID, JOB_EVENTS.GLOBAL_POSITION)
            .limit(limit));
  }

  @Override
  public GlobalCursor latestCursor() {
    var last =
        dsl.select(TRANSACTION_ID, JOB_EVENTS.GLOBAL_POSITION)
            .from(JOB_EVENTS)
            .where(SAFE_TO_READ)
            .orderBy(JOB_EVENTS.TRANSACTION_ID.desc(), JOB_EVENTS.GLOBAL_POSITION.desc())
            .limit(1)
            .fetchOne();
    return last == null ? GlobalCursor.START : new GlobalCursor(last.value1(), last.value2());
  }

  @Override
  public ChainVerification verifyChain(JobId jobId) {
    String prevHash = null;
    long checked = 0;
    long expectedVersion = 1;
    for (JobEventsRecord r :
        dsl.selectFrom(JOB_EVENTS)
            .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
            .orderBy(JOB_EVENTS.VERSION)
            .fetch()) {
      long version = r.getVersion();
      if (version != expectedVersion) {
        return new ChainVerification(
            checked, expectedVersion, "version " + expectedVersion + " is missing");
      }
      String storedPrev = Hashes.hexOrNull(r.getPrevHash());
      if (!java.util.Objects.equals(storedPrev, prevHash)) {
        return new ChainVerification(
            checked,
            version,
            "version " + version + " does not link to the hash of version " + (version - 1));
      }
      String canonical =
          EventHashing.canonicalForm(
              r.getEventId(),
              jobId,
              version,
              r.getEventType(),
              r.getSchemaVersion(),
              r.getOccurredAt().toInstant(),
              JsonDocuments.read(r.getData()),
              JsonDocuments.read(r.getMetadata()));
      String hash = EventHashing.link(prevHash, canonical);
      if (!hash.equals(Hashes.hex(r.getHash()))) {
        return new ChainVerification(
            checked,
            version,
            "version " + version + " was altered: its content does not match its hash");
      }
      prevHash = hash;
      checked++;
      expectedVersion++;
    }
    return new ChainVerification(checked, null, null);
  }

  @Override
  public List<JobId> jobIds(@Nullable JobId after, int limit) {
    // From the log itself (every job has a version 1), so a lost read model row is still found.
    return dsl.select(JOB_EVENTS.JOB_ID)
        .from(JOB_EVENTS)
        .where(after == null ? noCondition() : JOB_EVENTS.JOB_ID.gt(after.value()))
        .and(JOB_EVENTS.VERSION.eq(1L))
        .orderBy(JOB_EVENTS.JOB_ID)
        .limit(limit)
        .fetch(r -> new JobId(r.value1()));
  }

  /** Runs the query and reads its rows straight from JDBC, without a jOOQ record per row. */
  private static List<RecordedEvent> events(ResultQuery<?> query) {
    try (ResultSet rows = query.fetchResultSet()) {
      return EventRows.read(rows);
    } catch (SQLException e) {
      throw StoreFailures.translate(new DataAccessException("reading events failed", e));
    }
  }

  /** The columns {@link EventRows} reads, in its order. */
  private org.jooq.SelectJoinStep<?> selectEvents() {
    return dsl.select(
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
            JOB_EVENTS.HASH)
        .from(JOB_EVENTS);
  }

  /** Where the database put an event: its global position and writing transaction. */
  record Inserted(long position, long transactionId) {}

  /**
   * An event about to be inserted, with its version, its documents as stored (canonical JSON,
   * serialised once for both the column and the hash) and its link in the chain.
   */
  record Row(
      NewEvent event,
      long version,
      String data,
      String metadata,
      @Nullable String prevHash,
      String hash) {

    static Row of(JobId jobId, long version, @Nullable String prevHash, NewEvent event) {
      if (event.event().at().getNano() % 1_000 != 0) {
        // The column keeps microseconds: a finer time would read back different from what was
        // hashed, and the chain would look tampered with.
        throw new IllegalArgumentException(
            "event times must be whole microseconds (the database's precision), not "
                + event.event().at());
      }
      String data = CanonicalJson.write(EventDocuments.write(event.event()));
      String metadata = CanonicalJson.write(EventHashing.metadataDocument(event.metadata()));
      String canonical =
          EventHashing.canonicalForm(
              event.eventId(),
              jobId,
              version,
              event.event().eventType(),
              EventDocuments.CURRENT_SCHEMA_VERSION,
              event.event().at(),
              new CanonicalJson.Written(data),
              new CanonicalJson.Written(metadata));
      return new Row(
          event, version, data, metadata, prevHash, EventHashing.link(prevHash, canonical));
    }
  }
}
