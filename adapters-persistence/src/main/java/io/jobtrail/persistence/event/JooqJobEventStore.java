package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.unnest;
import static org.jooq.impl.DSL.val;

import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.HashScheme;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.event.StreamSlice;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.persistence.event.AppendStatements.Inserted;
import io.jobtrail.persistence.event.PreparedAppend.Row;
import io.jobtrail.persistence.failure.StoreFailures;
import io.jobtrail.persistence.jooq.tables.records.JobEventsRecord;
import io.jobtrail.persistence.sql.RenderedQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

/**
 * The event log in PostgreSQL. An append is one statement: a data-modifying CTE moves the stream
 * head in {@code job_summaries} (only if it is still the one the writer read) and the events are
 * inserted only if it moved. Optimistic concurrency, the hash chain and the summary read model so
 * cost a single round trip and commit together. Appends to different jobs that arrive while others
 * are being written are coalesced into one such statement ({@link AppendCoalescer}).
 */
public final class JooqJobEventStore implements JobEventStore {

  private static final DataType<UUID[]> UUID_ARRAY = SQLDataType.UUID.array();

  /** Batches written at the same time by default (see {@link AppendCoalescer}). */
  public static final int DEFAULT_BATCHES_IN_FLIGHT = 4;

  /** Events one coalesced batch takes at most; a larger append is written by itself. */
  private static final int EVENTS_PER_BATCH = 1_000;

  private static final Condition SAFE_TO_READ =
      condition("{0} < pg_snapshot_xmin(pg_current_snapshot())", JOB_EVENTS.TRANSACTION_ID);

  private final DSLContext dsl;
  private final Reads reads;
  private final AppendCoalescer appends;

  /**
   * The hot reads, rendered once (see {@link RenderedQuery}), and the names of their values, which
   * each read binds by name.
   */
  private static final class Reads {
    static final Param<UUID> JOB = param("job", UUID.class);
    static final Param<Long> AFTER_VERSION = param("afterVersion", Long.class);
    static final Param<Long> TO_VERSION = param("toVersion", Long.class);
    static final Param<Long> AFTER_POSITION = param("afterPosition", Long.class);
    static final Param<Long> AFTER_TRANSACTION = param("afterTransaction", Long.class);
    static final Param<Integer> LIMIT = param("limit", Integer.class);

    final RenderedQuery stream;
    final RenderedQuery streamAfterPosition;
    final RenderedQuery streamRange;
    final RenderedQuery fold;
    final RenderedQuery all;
    final RenderedQuery heldBack;

    Reads(DSLContext dsl) {
      Condition versions =
          JOB_EVENTS.VERSION.gt(AFTER_VERSION).and(JOB_EVENTS.VERSION.le(TO_VERSION));
      stream =
          new RenderedQuery(
              dsl,
              ofJob(dsl, EventRows.ENVELOPE, JOB_EVENTS.VERSION.gt(AFTER_VERSION)).limit(LIMIT));
      streamAfterPosition =
          new RenderedQuery(
              dsl,
              ofJob(dsl, EventRows.ENVELOPE, JOB_EVENTS.GLOBAL_POSITION.gt(AFTER_POSITION))
                  .limit(LIMIT));
      streamRange = new RenderedQuery(dsl, ofJob(dsl, EventRows.ENVELOPE, versions));
      fold = new RenderedQuery(dsl, ofJob(dsl, EventRows.FOLD, versions));
      all =
          new RenderedQuery(
              dsl,
              dsl.select(EventRows.ENVELOPE)
                  .from(JOB_EVENTS)
                  .where(SAFE_TO_READ)
                  .and(pastCursor(AFTER_TRANSACTION, AFTER_POSITION))
                  .orderBy(JOB_EVENTS.TRANSACTION_ID, JOB_EVENTS.GLOBAL_POSITION)
                  .limit(LIMIT));
      heldBack = new RenderedQuery(dsl, firstAfterHeldBack(dsl, AFTER_TRANSACTION, AFTER_POSITION));
    }

    /** The job's events that match {@code which}, in version order. */
    private static SelectLimitStep<?> ofJob(
        DSLContext dsl, List<Field<?>> columns, Condition which) {
      return dsl.select(columns)
          .from(JOB_EVENTS)
          .where(JOB_EVENTS.JOB_ID.eq(JOB))
          .and(which)
          .orderBy(JOB_EVENTS.VERSION);
    }
  }

  /**
   * @param afterAppend called after each committed append (once per coalesced batch), outside its
   *     transaction; it wakes live readers, never inside the append, where a NOTIFY would serialise
   *     commits
   */
  public JooqJobEventStore(DSLContext dsl, Runnable afterAppend) {
    this(dsl, afterAppend, DEFAULT_BATCHES_IN_FLIGHT);
  }

  /**
   * @param batchesInFlight appends (coalesced batches) written at the same time; more arriving
   *     meanwhile wait and are written together
   */
  public JooqJobEventStore(DSLContext dsl, Runnable afterAppend, int batchesInFlight) {
    this.dsl = dsl;
    this.reads = new Reads(dsl);
    this.appends =
        new AppendCoalescer(
            batch -> dsl.connectionResult(c -> AppendStatements.insert(c, batch)),
            afterAppend,
            batchesInFlight,
            EVENTS_PER_BATCH);
  }

  @Override
  public AppendResult append(
      JobId jobId, StreamHead expected, List<NewEvent> events, JobState stateAfter) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    PreparedAppend prepared = PreparedAppend.of(jobId, expected, events, stateAfter);
    Map<UUID, Inserted> inserted;
    try {
      inserted = appends.append(prepared);
    } catch (DataAccessException e) {
      if (!AppendStatements.isUniqueViolation(e)) {
        throw StoreFailures.translate(e);
      }
      // A clashing event id or version: a retry of a stored append, or a head row that was lost.
      inserted = Map.of();
    }
    var recorded = new ArrayList<RecordedEvent>(prepared.rows().size());
    for (Row row : prepared.rows()) {
      Inserted r = inserted.get(row.event().eventId());
      if (r == null) {
        // The head had moved: none of this append's events were written.
        return alreadyStoredOrConflict(jobId, expected, events);
      }
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
    return new AppendResult(recorded, prepared.head(), false);
  }

  /** How many coalesced batches were written, and how many appends they carried. */
  public AppendBatches appendBatches() {
    return appends.stats();
  }

  /** Appends waiting to join a batch (for tests that hold a batch back). */
  int appendsWaiting() {
    return appends.waiting();
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
    return reads.stream.fetch(
        dsl,
        Map.of("job", jobId.value(), "afterVersion", afterVersion, "limit", limit),
        EventRows::read);
  }

  @Override
  public List<RecordedEvent> readStreamAfterPosition(JobId jobId, long afterPosition, int limit) {
    return reads.streamAfterPosition.fetch(
        dsl,
        Map.of("job", jobId.value(), "afterPosition", afterPosition, "limit", limit),
        EventRows::read);
  }

  @Override
  public List<RecordedEvent> readStreamRange(JobId jobId, long afterVersion, long toVersion) {
    return reads.streamRange.fetch(
        dsl,
        Map.of("job", jobId.value(), "afterVersion", afterVersion, "toVersion", toVersion),
        EventRows::read);
  }

  /**
   * Only the columns a fold needs: the documents (not the metadata) and the hashes, of which only
   * the last is turned into text. Reconstruction reads every event of a job, so this is the hot
   * read path.
   */
  @Override
  public StreamSlice readEvents(JobId jobId, long afterVersion, long toVersion) {
    return reads.fold.fetch(
        dsl,
        Map.of("job", jobId.value(), "afterVersion", afterVersion, "toVersion", toVersion),
        rows -> EventRows.slice(rows, afterVersion));
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
    return reads.all.fetch(dsl, cursor(after, Map.of("limit", limit)), EventRows::read);
  }

  @Override
  public boolean readHeldBack(GlobalCursor after) {
    return reads.heldBack.fetch(
        dsl, cursor(after, Map.of()), rows -> rows.next() && rows.getBoolean(1));
  }

  private static Map<String, Object> cursor(GlobalCursor after, Map<String, Object> more) {
    var values = new HashMap<String, Object>(more);
    values.put("afterTransaction", after.transactionId());
    values.put("afterPosition", after.position());
    return values;
  }

  /**
   * Whether the first event after the cursor is held back: written by a transaction at or above the
   * horizon (the oldest one still running). The log is ordered by writing transaction, so held-back
   * events come after every readable one. Asked as "the first row in index order" it reads one
   * index entry whatever the log's size; asked as "does a held-back row exist" PostgreSQL scanned
   * the whole table for it.
   */
  static Select<Record1<Boolean>> firstAfterHeldBack(
      DSLContext dsl, Field<Long> afterTransaction, Field<Long> afterPosition) {
    return dsl.select(
            field(
                condition(
                    "{0} >= pg_snapshot_xmin(pg_current_snapshot())", JOB_EVENTS.TRANSACTION_ID)))
        .from(JOB_EVENTS)
        .where(pastCursor(afterTransaction, afterPosition))
        .orderBy(JOB_EVENTS.TRANSACTION_ID, JOB_EVENTS.GLOBAL_POSITION)
        .limit(inline(1));
  }

  /** Events after the cursor in the global order: (writing transaction, position). */
  private static Condition pastCursor(Field<Long> afterTransaction, Field<Long> afterPosition) {
    return condition(
        "({0}, {1}) > ({2}::text::xid8, {3})",
        JOB_EVENTS.TRANSACTION_ID, JOB_EVENTS.GLOBAL_POSITION, afterTransaction, afterPosition);
  }

  @Override
  public GlobalCursor latestCursor() {
    var last =
        dsl.select(EventRows.TRANSACTION_ID, JOB_EVENTS.GLOBAL_POSITION)
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
      HashScheme scheme;
      try {
        scheme = HashScheme.ofVersion(r.getHashScheme());
      } catch (IllegalArgumentException unknown) {
        return new ChainVerification(checked, version, unknown.getMessage());
      }
      String canonical =
          EventHashing.canonicalForm(
              scheme,
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
  public Map<JobId, Long> versions(Collection<JobId> jobIds) {
    if (jobIds.isEmpty()) {
      return Map.of();
    }
    // From the log itself, one index probe per job (the last entry of its (job_id, version) range).
    Table<?> ids =
        unnest(val(jobIds.stream().map(JobId::value).toArray(UUID[]::new), UUID_ARRAY))
            .as("j", "id");
    Field<UUID> id = ids.field("id", UUID.class);
    Field<Long> version =
        field(select(max(JOB_EVENTS.VERSION)).from(JOB_EVENTS).where(JOB_EVENTS.JOB_ID.eq(id)));
    var versions = new HashMap<JobId, Long>();
    for (var row : dsl.select(id, version).from(ids).fetch()) {
      if (row.value2() != null) {
        versions.put(new JobId(row.value1()), row.value2());
      }
    }
    return versions;
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

  private org.jooq.SelectJoinStep<?> selectEvents() {
    return dsl.select(EventRows.ENVELOPE).from(JOB_EVENTS);
  }
}
