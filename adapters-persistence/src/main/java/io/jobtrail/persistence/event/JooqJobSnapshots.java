package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_SNAPSHOTS;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.SnapshotDocuments;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.persistence.jooq.tables.records.JobSnapshotsRecord;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Snapshots of folded state as jsonb, in the explicit form of {@link SnapshotDocuments} and tagged
 * with its {@link SnapshotDocuments#FORMAT}. A snapshot of another format, or one that does not
 * read back, is skipped (and logged): the next older one, or the full fold, is used instead, and
 * the repository snapshots the job again. Snapshots are disposable: deleting them loses nothing.
 */
public final class JooqJobSnapshots implements JobSnapshots {

  private static final System.Logger LOG = System.getLogger(JooqJobSnapshots.class.getName());
  private static final int CANDIDATES = 3;

  private final DSLContext dsl;

  public JooqJobSnapshots(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public void save(JobState state, StreamHead head) {
    if (state.version() != head.version()) {
      throw new IllegalArgumentException(
          "a snapshot of version " + state.version() + " cannot be at head " + head.version());
    }
    JSONB document = JSONB.valueOf(CanonicalJson.write(SnapshotDocuments.write(state)));
    byte[] lastHash = Hashes.bytes(head.lastHash());
    // A row already at this version is the same state, or one of an older format to replace.
    dsl.insertInto(JOB_SNAPSHOTS)
        .set(JOB_SNAPSHOTS.JOB_ID, state.id().value())
        .set(JOB_SNAPSHOTS.VERSION, head.version())
        .set(JOB_SNAPSHOTS.STATE_SCHEMA_VERSION, SnapshotDocuments.FORMAT)
        .set(JOB_SNAPSHOTS.STATE, document)
        .set(JOB_SNAPSHOTS.LAST_HASH, lastHash)
        .onConflict(JOB_SNAPSHOTS.JOB_ID, JOB_SNAPSHOTS.VERSION)
        .doUpdate()
        .set(JOB_SNAPSHOTS.STATE_SCHEMA_VERSION, SnapshotDocuments.FORMAT)
        .set(JOB_SNAPSHOTS.STATE, document)
        .set(JOB_SNAPSHOTS.LAST_HASH, lastHash)
        .execute();
  }

  @Override
  public Optional<Snapshot> latest(JobId jobId, long maxVersion) {
    for (JobSnapshotsRecord r :
        dsl.selectFrom(JOB_SNAPSHOTS)
            .where(JOB_SNAPSHOTS.JOB_ID.eq(jobId.value()))
            .and(JOB_SNAPSHOTS.VERSION.le(maxVersion))
            .orderBy(JOB_SNAPSHOTS.VERSION.desc())
            .limit(CANDIDATES)
            .fetch()) {
      if (r.getStateSchemaVersion() != SnapshotDocuments.FORMAT) {
        LOG.log(
            Level.INFO,
            "ignoring snapshot of job {0} at version {1}: format {2}, current is {3}",
            jobId,
            r.getVersion(),
            r.getStateSchemaVersion(),
            SnapshotDocuments.FORMAT);
        continue;
      }
      try {
        JobState state = SnapshotDocuments.read(JsonDocuments.read(r.getState().data()));
        if (state.version() != r.getVersion() || !state.id().equals(jobId)) {
          throw new IllegalStateException("snapshot content does not match its row");
        }
        return Optional.of(
            new Snapshot(state, new StreamHead(r.getVersion(), Hashes.hex(r.getLastHash()))));
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "ignoring unreadable snapshot of job {0} at version {1}: {2}",
            jobId,
            r.getVersion(),
            e.getMessage());
      }
    }
    return Optional.empty();
  }

  @Override
  public void deleteAll() {
    dsl.deleteFrom(JOB_SNAPSHOTS).execute();
  }
}
