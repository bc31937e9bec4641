package io.jobtrail.application.testing;

import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.HashScheme;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The event log in memory. One lock serialises appends and reads, so every append is atomic and a
 * reader never sees part of one (the visibility rule of {@link #readAll} holds trivially). Each
 * append is its own "transaction": its events share a transaction id that grows with every append.
 * The hash chain uses the same canonical form as the database store. Appends also write the job's
 * summary to the {@link InMemoryJobSummaries} given, under the same lock.
 */
public final class InMemoryJobEventStore implements JobEventStore {

  private final InMemoryJobSummaries summaries;
  private final Object lock = new Object();
  private final List<RecordedEvent> log = new ArrayList<>();
  private final Map<JobId, List<RecordedEvent>> streams = new LinkedHashMap<>();
  private final Map<UUID, RecordedEvent> byEventId = new HashMap<>();
  private long lastTransactionId;

  public InMemoryJobEventStore() {
    this(new InMemoryJobSummaries());
  }

  public InMemoryJobEventStore(InMemoryJobSummaries summaries) {
    this.summaries = summaries;
  }

  /** The summaries this store writes with every append. */
  public InMemoryJobSummaries summaries() {
    return summaries;
  }

  @Override
  public AppendResult append(
      JobId jobId, StreamHead expected, List<NewEvent> events, JobState stateAfter) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    synchronized (lock) {
      List<RecordedEvent> stored = alreadyStored(events);
      if (stored != null) {
        return new AppendResult(stored, head(jobId), true);
      }
      StreamHead current = head(jobId);
      if (!current.equals(expected)) {
        throw new ConcurrencyConflict(jobId, expected.version());
      }
      requireNewIds(events);
      long newVersion = current.version() + events.size();
      if (!stateAfter.id().equals(jobId) || stateAfter.version() != newVersion) {
        throw new IllegalArgumentException(
            "the state after the append must be job "
                + jobId
                + " at version "
                + newVersion
                + ", not "
                + stateAfter.id()
                + " at "
                + stateAfter.version());
      }
      long transactionId = ++lastTransactionId;
      List<RecordedEvent> stream = streams.computeIfAbsent(jobId, id -> new ArrayList<>());
      var appended = new ArrayList<RecordedEvent>(events.size());
      String prevHash = current.lastHash();
      long version = current.version();
      for (NewEvent event : events) {
        version++;
        RecordedEvent recorded =
            record(event, jobId, version, log.size() + 1L, transactionId, prevHash);
        log.add(recorded);
        stream.add(recorded);
        byEventId.put(recorded.eventId(), recorded);
        appended.add(recorded);
        prevHash = recorded.hash();
      }
      StreamHead head = new StreamHead(version, prevHash);
      summaries.write(JobSummary.of(stateAfter), head);
      return new AppendResult(appended, head, false);
    }
  }

  /** The stored events if every one of {@code events} is stored already; null if none is. */
  private @Nullable List<RecordedEvent> alreadyStored(List<NewEvent> events) {
    var stored = new ArrayList<RecordedEvent>(events.size());
    for (NewEvent event : events) {
      RecordedEvent recorded = byEventId.get(event.eventId());
      if (recorded != null) {
        stored.add(recorded);
      }
    }
    if (stored.isEmpty()) {
      return null;
    }
    if (stored.size() != events.size()) {
      throw new IllegalArgumentException(
          "some of these events are stored already and some are not: an append is all or nothing");
    }
    return stored;
  }

  private static void requireNewIds(List<NewEvent> events) {
    var ids = new HashSet<UUID>();
    for (NewEvent event : events) {
      if (!ids.add(event.eventId())) {
        throw new IllegalArgumentException("event id " + event.eventId() + " appears twice");
      }
    }
  }

  private static RecordedEvent record(
      NewEvent event,
      JobId jobId,
      long version,
      long position,
      long transactionId,
      @Nullable String prevHash) {
    Instant timestamp = event.event().at();
    int schemaVersion = EventDocuments.CURRENT_SCHEMA_VERSION;
    var unhashed =
        new RecordedEvent(
            event.eventId(),
            jobId,
            version,
            position,
            transactionId,
            event.event(),
            timestamp,
            schemaVersion,
            event.metadata(),
            prevHash,
            "");
    return withHash(unhashed, EventHashing.link(prevHash, canonicalForm(unhashed)));
  }

  private static String canonicalForm(RecordedEvent e) {
    return EventHashing.canonicalForm(
        HashScheme.CURRENT,
        e.eventId(),
        e.jobId(),
        e.version(),
        e.eventType(),
        e.schemaVersion(),
        e.timestamp(),
        EventDocuments.write(e.event()),
        EventHashing.metadataDocument(e.metadata()));
  }

  private static RecordedEvent withHash(RecordedEvent e, String hash) {
    return new RecordedEvent(
        e.eventId(),
        e.jobId(),
        e.version(),
        e.position(),
        e.transactionId(),
        e.event(),
        e.timestamp(),
        e.schemaVersion(),
        e.metadata(),
        e.prevHash(),
        hash);
  }

  private StreamHead head(JobId jobId) {
    List<RecordedEvent> stream = streams.get(jobId);
    if (stream == null || stream.isEmpty()) {
      return StreamHead.EMPTY;
    }
    RecordedEvent last = stream.getLast();
    return new StreamHead(last.version(), last.hash());
  }

  @Override
  public List<RecordedEvent> readStream(JobId jobId, long afterVersion, int limit) {
    synchronized (lock) {
      return stream(jobId).stream()
          .filter(e -> e.version() > afterVersion)
          .limit(Math.max(0, limit))
          .toList();
    }
  }

  @Override
  public List<RecordedEvent> readStreamAfterPosition(JobId jobId, long afterPosition, int limit) {
    synchronized (lock) {
      return stream(jobId).stream()
          .filter(e -> e.position() > afterPosition)
          .limit(Math.max(0, limit))
          .toList();
    }
  }

  @Override
  public List<RecordedEvent> readStreamRange(JobId jobId, long afterVersion, long toVersion) {
    synchronized (lock) {
      return stream(jobId).stream()
          .filter(e -> e.version() > afterVersion && e.version() <= toVersion)
          .toList();
    }
  }

  @Override
  public long versionAt(JobId jobId, Instant at) {
    synchronized (lock) {
      return stream(jobId).stream()
          .filter(e -> !e.timestamp().isAfter(at))
          .mapToLong(RecordedEvent::version)
          .max()
          .orElse(0);
    }
  }

  @Override
  public List<RecordedEvent> readAll(GlobalCursor after, int limit) {
    synchronized (lock) {
      // Appends hold the lock, so transaction ids and positions grow together: log order is
      // global order.
      return log.stream()
          .filter(e -> e.cursor().compareTo(after) > 0)
          .limit(Math.max(0, limit))
          .toList();
    }
  }

  @Override
  public boolean readHeldBack(GlobalCursor after) {
    return false; // An append is visible when its lock is released: nothing is ever held back.
  }

  @Override
  public GlobalCursor latestCursor() {
    synchronized (lock) {
      return log.isEmpty() ? GlobalCursor.START : log.getLast().cursor();
    }
  }

  @Override
  public ChainVerification verifyChain(JobId jobId) {
    List<RecordedEvent> stream;
    synchronized (lock) {
      stream = List.copyOf(stream(jobId));
    }
    String prevHash = null;
    long checked = 0;
    for (RecordedEvent e : stream) {
      checked++;
      String problem = null;
      if (e.version() != checked) {
        problem = "version " + e.version() + " where " + checked + " was expected";
      } else if (!Objects.equals(e.prevHash(), prevHash)) {
        problem = "its previous hash does not match the hash of version " + (checked - 1);
      } else if (!e.hash().equals(EventHashing.link(prevHash, canonicalForm(e)))) {
        problem = "its hash does not match its content";
      }
      if (problem != null) {
        return new ChainVerification(checked, checked, "version " + checked + ": " + problem);
      }
      prevHash = e.hash();
    }
    return new ChainVerification(checked, null, null);
  }

  @Override
  public Map<JobId, Long> versions(Collection<JobId> jobIds) {
    synchronized (lock) {
      var versions = new HashMap<JobId, Long>();
      for (JobId jobId : jobIds) {
        List<RecordedEvent> stream = streams.get(jobId);
        if (stream != null && !stream.isEmpty()) {
          versions.put(jobId, stream.getLast().version());
        }
      }
      return versions;
    }
  }

  @Override
  public List<JobId> jobIds(@Nullable JobId after, int limit) {
    synchronized (lock) {
      return streams.keySet().stream()
          .filter(id -> after == null || compareUnsigned(id, after) > 0)
          .sorted(InMemoryJobEventStore::compareUnsigned)
          .limit(Math.max(0, limit))
          .toList();
    }
  }

  /** Orders job ids as PostgreSQL orders uuids: as unsigned 128-bit numbers. */
  static int compareUnsigned(JobId a, JobId b) {
    int high =
        Long.compareUnsigned(
            a.value().getMostSignificantBits(), b.value().getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(
            a.value().getLeastSignificantBits(), b.value().getLeastSignificantBits());
  }

  /**
   * Replaces a stored event behind the store's back, as an attacker with database access could: for
   * tests of {@link #verifyChain}.
   */
  public void tamper(JobId jobId, long version, UnaryOperator<RecordedEvent> change) {
    synchronized (lock) {
      List<RecordedEvent> stream = stream(jobId);
      RecordedEvent original = stream.get((int) version - 1);
      RecordedEvent changed = change.apply(original);
      stream.set((int) version - 1, changed);
      log.set((int) original.position() - 1, changed);
      byEventId.put(changed.eventId(), changed);
    }
  }

  private List<RecordedEvent> stream(JobId jobId) {
    return streams.getOrDefault(jobId, List.of());
  }
}
