package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_SNAPSHOTS;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.persistence.jooq.tables.records.JobSnapshotsRecord;
import java.lang.System.Logger.Level;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots of folded state as jsonb, tagged with {@link JobState#SCHEMA_VERSION}. A snapshot of
 * another schema version, or one that does not read back, is skipped (and logged): the next older
 * one, or the full fold, is used instead. Snapshots are disposable: deleting them loses nothing.
 */
public final class JooqJobSnapshots implements JobSnapshots {

  private static final System.Logger LOG = System.getLogger(JooqJobSnapshots.class.getName());
  private static final int CANDIDATES = 3;

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = AgentResult.Plan.class, name = "Plan"),
    @JsonSubTypes.Type(value = AgentResult.Artifact.class, name = "Artifact"),
    @JsonSubTypes.Type(value = AgentResult.Review.class, name = "Review")
  })
  private interface AgentResultTypes {}

  private static final JsonMapper MAPPER =
      JsonMapper.builder().addMixIn(AgentResult.class, AgentResultTypes.class).build();

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
    dsl.insertInto(JOB_SNAPSHOTS)
        .set(JOB_SNAPSHOTS.JOB_ID, state.id().value())
        .set(JOB_SNAPSHOTS.VERSION, head.version())
        .set(JOB_SNAPSHOTS.STATE_SCHEMA_VERSION, JobState.SCHEMA_VERSION)
        .set(JOB_SNAPSHOTS.STATE, JSONB.valueOf(MAPPER.writeValueAsString(state)))
        .set(JOB_SNAPSHOTS.LAST_HASH, Hashes.bytes(head.lastHash()))
        .onConflictDoNothing()
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
      if (r.getStateSchemaVersion() != JobState.SCHEMA_VERSION) {
        LOG.log(
            Level.INFO,
            "ignoring snapshot of job {0} at version {1}: state schema {2}, current is {3}",
            jobId,
            r.getVersion(),
            r.getStateSchemaVersion(),
            JobState.SCHEMA_VERSION);
        continue;
      }
      try {
        JobState state = MAPPER.readValue(r.getState().data(), JobState.class);
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
