package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;
import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.EventUpcasters;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.persistence.jooq.tables.records.JobEventsRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record10;
import org.jooq.Select;
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
    Query moveHead = moveHead(jobId, expected, head, JobSummary.of(stateAfter));
    Query insert =
        dsl.insertInto(
                JOB_EVENTS,
                JOB_EVENTS.EVENT_ID,
                JOB_EVENTS.JOB_ID,
                JOB_EVENTS.VERSION,
                JOB_EVENTS.EVENT_TYPE,
                JOB_EVENTS.SCHEMA_VERSION,
                JOB_EVENTS.DATA,
                JOB_EVENTS.METADATA,
                JOB_EVENTS.OCCURRED_AT,
                JOB_EVENTS.PREV_HASH,
                JOB_EVENTS.HASH)
            .select(rowsIfHeadMoved(jobId, rows))
            .returning(JOB_EVENTS.GLOBAL_POSITION, JOB_EVENTS.EVENT_ID, TRANSACTION_ID);
    var inserted = dsl.resultQuery("with head as ({0}) {1}", moveHead, insert).fetch();
    if (inserted.isEmpty()) {
      return alreadyStoredOrConflict(jobId, expected, events);
    }
    var stored = new HashMap<UUID, Record>();
    inserted.forEach(r -> stored.put(r.get(1, UUID.class), r));
    var recorded = new ArrayList<RecordedEvent>(rows.size());
    for (Row row : rows) {
      Record r = stored.get(row.event().eventId());
      recorded.add(
          new RecordedEvent(
              row.event().eventId(),
              jobId,
              row.version(),
              r.get(0, Long.class),
              r.get(2, Long.class),
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

  /** Inserts the head of a new job, or moves an existing head that is still {@code expected}. */
  private Query moveHead(JobId jobId, StreamHead expected, StreamHead head, JobSummary s) {
    if (expected.version() == 0) {
      return dsl.insertInto(JOB_SUMMARIES)
          .set(JOB_SUMMARIES.JOB_ID, jobId.value())
          .set(JOB_SUMMARIES.VERSION, head.version())
          .set(JOB_SUMMARIES.LAST_HASH, Hashes.bytes(head.lastHash()))
          .set(JOB_SUMMARIES.NAME, s.name())
          .set(JOB_SUMMARIES.STATUS, s.status().name())
          .set(JOB_SUMMARIES.PROGRESS, s.progress())
          .set(JOB_SUMMARIES.CURRENT_STEP, s.currentStep())
          .set(JOB_SUMMARIES.CREATED_BY, s.createdBy())
          .set(JOB_SUMMARIES.CREATED_AT, Times.utc(s.createdAt()))
          .set(JOB_SUMMARIES.UPDATED_AT, Times.utc(s.updatedAt()))
          .set(
              JOB_SUMMARIES.ORIGIN_JOB_ID, s.originJobId() == null ? null : s.originJobId().value())
          .set(JOB_SUMMARIES.ORIGIN_VERSION, s.originVersion())
          .onConflictDoNothing()
          .returning(JOB_SUMMARIES.JOB_ID);
    }
    return dsl.update(JOB_SUMMARIES)
        .set(JOB_SUMMARIES.VERSION, head.version())
        .set(JOB_SUMMARIES.LAST_HASH, Hashes.bytes(head.lastHash()))
        .set(JOB_SUMMARIES.STATUS, s.status().name())
        .set(JOB_SUMMARIES.PROGRESS, s.progress())
        .set(JOB_SUMMARIES.CURRENT_STEP, s.currentStep())
        .set(JOB_SUMMARIES.UPDATED_AT, Times.utc(s.updatedAt()))
        .where(JOB_SUMMARIES.JOB_ID.eq(jobId.value()))
        .and(JOB_SUMMARIES.VERSION.eq(expected.version()))
        .and(JOB_SUMMARIES.LAST_HASH.eq(Hashes.bytes(expected.lastHash())))
        .returning(JOB_SUMMARIES.JOB_ID);
  }

  private static Select<
          Record10<UUID, UUID, Long, String, Integer, JSONB, JSONB, OffsetDateTime, byte[], byte[]>>
      rowsIfHeadMoved(JobId jobId, List<Row> rows) {
    Condition headMoved = exists(selectOne().from(table(name("head"))));
    Select<
            Record10<
                UUID, UUID, Long, String, Integer, JSONB, JSONB, OffsetDateTime, byte[], byte[]>>
        union = null;
    for (Row row : rows) {
      var select =
          select(
                  val(row.event().eventId(), JOB_EVENTS.EVENT_ID),
                  val(jobId.value(), JOB_EVENTS.JOB_ID),
                  val(row.version(), JOB_EVENTS.VERSION),
                  val(row.event().event().eventType(), JOB_EVENTS.EVENT_TYPE),
                  inline(EventDocuments.CURRENT_SCHEMA_VERSION, JOB_EVENTS.SCHEMA_VERSION),
                  val(JsonDocuments.jsonb(row.data()), JOB_EVENTS.DATA),
                  val(JsonDocuments.jsonb(row.metadata()), JOB_EVENTS.METADATA),
                  val(Times.utc(row.event().event().at()), JOB_EVENTS.OCCURRED_AT),
                  val(Hashes.bytesOrNull(row.prevHash()), JOB_EVENTS.PREV_HASH),
                  val(Hashes.bytes(row.hash()), JOB_EVENTS.HASH))
              .where(headMoved);
      union = union == null ? select : union.unionAll(select);
    }
    return union;
  }

  /** Nothing was inserted: either every event is already stored (a retry) or the head moved. */
  private AppendResult alreadyStoredOrConflict(
      JobId jobId, StreamHead expected, List<NewEvent> events) {
    var ids = events.stream().map(NewEvent::eventId).toList();
    List<RecordedEvent> existing =
        selectEvents()
            .where(JOB_EVENTS.EVENT_ID.in(ids))
            .orderBy(JOB_EVENTS.VERSION)
            .fetch(this::toRecorded);
    if (existing.size() == events.size()
        && existing.stream().allMatch(e -> e.jobId().equals(jobId))) {
      RecordedEvent last = existing.getLast();
      return new AppendResult(existing, new StreamHead(last.version(), last.hash()), true);
    }
    throw new ConcurrencyConflict(jobId, expected.version());
  }

  @Override
  public List<RecordedEvent> readStream(JobId jobId, long afterVersion, int limit) {
    return selectEvents()
        .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
        .and(JOB_EVENTS.VERSION.gt(afterVersion))
        .orderBy(JOB_EVENTS.VERSION)
        .limit(limit)
        .fetch(this::toRecorded);
  }

  @Override
  public List<RecordedEvent> readStreamAfterPosition(JobId jobId, long afterPosition, int limit) {
    return selectEvents()
        .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
        .and(JOB_EVENTS.GLOBAL_POSITION.gt(afterPosition))
        .orderBy(JOB_EVENTS.VERSION)
        .limit(limit)
        .fetch(this::toRecorded);
  }

  @Override
  public List<RecordedEvent> readStreamRange(JobId jobId, long afterVersion, long toVersion) {
    return selectEvents()
        .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
        .and(JOB_EVENTS.VERSION.gt(afterVersion))
        .and(JOB_EVENTS.VERSION.le(toVersion))
        .orderBy(JOB_EVENTS.VERSION)
        .fetch(this::toRecorded);
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
    return selectEvents()
        .where(SAFE_TO_READ)
        .and(
            condition(
                "({0}, {1}) > ({2}::text::xid8, {3})",
                JOB_EVENTS.TRANSACTION_ID,
                JOB_EVENTS.GLOBAL_POSITION,
                val(after.transactionId()),
                val(after.position())))
        .orderBy(JOB_EVENTS.TRANSACTION_ID, JOB_EVENTS.GLOBAL_POSITION)
        .limit(limit)
        .fetch(this::toRecorded);
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
  public List<JobId> jobIds(JobId after, int limit) {
    // From the log itself (every job has a version 1), so a lost read model row is still found.
    return dsl.select(JOB_EVENTS.JOB_ID)
        .from(JOB_EVENTS)
        .where(JOB_EVENTS.JOB_ID.gt(after.value()))
        .and(JOB_EVENTS.VERSION.eq(1L))
        .orderBy(JOB_EVENTS.JOB_ID)
        .limit(limit)
        .fetch(r -> new JobId(r.value1()));
  }

  private org.jooq.SelectJoinStep<Record> selectEvents() {
    return dsl.select(JOB_EVENTS.fields()).select(TRANSACTION_ID.as("xid")).from(JOB_EVENTS);
  }

  private RecordedEvent toRecorded(Record r) {
    String type = r.get(JOB_EVENTS.EVENT_TYPE);
    int schemaVersion = r.get(JOB_EVENTS.SCHEMA_VERSION);
    Map<String, Object> data =
        EventUpcasters.upcast(type, schemaVersion, JsonDocuments.read(r.get(JOB_EVENTS.DATA)));
    return new RecordedEvent(
        r.get(JOB_EVENTS.EVENT_ID),
        new JobId(r.get(JOB_EVENTS.JOB_ID)),
        r.get(JOB_EVENTS.VERSION),
        r.get(JOB_EVENTS.GLOBAL_POSITION),
        r.get("xid", Long.class),
        EventDocuments.read(type, data),
        r.get(JOB_EVENTS.OCCURRED_AT).toInstant(),
        schemaVersion,
        EventHashing.metadataFrom(JsonDocuments.read(r.get(JOB_EVENTS.METADATA))),
        Hashes.hexOrNull(r.get(JOB_EVENTS.PREV_HASH)),
        Hashes.hex(r.get(JOB_EVENTS.HASH)));
  }

  /** An event about to be inserted, with its version and its link in the chain. */
  private record Row(
      NewEvent event,
      long version,
      Map<String, Object> data,
      Map<String, Object> metadata,
      @Nullable String prevHash,
      String hash) {

    static Row of(JobId jobId, long version, @Nullable String prevHash, NewEvent event) {
      var data = EventDocuments.write(event.event());
      var metadata = EventHashing.metadataDocument(event.metadata());
      String canonical =
          EventHashing.canonicalForm(
              event.eventId(),
              jobId,
              version,
              event.event().eventType(),
              EventDocuments.CURRENT_SCHEMA_VERSION,
              event.event().at(),
              data,
              metadata);
      return new Row(
          event, version, data, metadata, prevHash, EventHashing.link(prevHash, canonical));
    }
  }
}
