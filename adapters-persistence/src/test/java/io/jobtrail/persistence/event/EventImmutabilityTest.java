package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database refuses to change events the store wrote, whichever way the change is phrased
 * (FlywayMigrationTest covers whole-table UPDATE, DELETE and TRUNCATE of a raw row). Only a session
 * that switches triggers off gets past it, which is what the hash chain is for.
 */
class EventImmutabilityTest {

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.createFresh();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static JobStory stored() {
    JobStory story = JobStory.create(newJobId(), "immutable", T0).start().pause(null);
    StoryWriter.appendAll(new JooqJobEventStore(db.dsl(), () -> {}), story);
    return story;
  }

  private static String rows(JobStory story) {
    return String.valueOf(
        db.dsl()
            .fetchValue(
                "select jsonb_agg(e order by version)::text from job_events e where job_id = ?",
                story.jobId().value()));
  }

  private static void execute(JobStory story, String sql) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, story.jobId().value());
      statement.execute();
    }
  }

  private static void assertRejected(JobStory story, String sql, String operation) {
    String before = rows(story);
    assertThatThrownBy(() -> execute(story, sql))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("job_events is append-only: " + operation + " is not allowed")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("P0001"));
    assertThat(rows(story)).isEqualTo(before);
    assertThat(new JooqJobEventStore(db.dsl(), () -> {}).verifyChain(story.jobId()).intact())
        .isTrue();
  }

  @Test
  void givenStoredEvents_whenOneEventsDataIsUpdated_thenRejected() {
    JobStory story = stored();
    assertRejected(
        story,
        "update job_events set data = jsonb_set(data, '{actor}', '\"mallory\"')"
            + " where job_id = ? and version = 2",
        "UPDATE");
  }

  @Test
  void givenStoredEvents_whenTheChainColumnsAreRewritten_thenRejected() {
    JobStory story = stored();
    assertRejected(
        story,
        "update job_events set hash = sha256(hash), prev_hash = null where job_id = ?",
        "UPDATE");
  }

  @Test
  void givenStoredEvents_whenTheLastIsDeleted_thenRejected() {
    JobStory story = stored();
    assertRejected(
        story,
        "delete from job_events where job_id = ? and version = (select max(version) from"
            + " job_events where job_id = job_events.job_id)",
        "DELETE");
  }

  @Test
  void givenAStoredEvent_whenUpsertedOverItsId_thenRejected() {
    JobStory story = stored();
    assertRejected(
        story,
        """
        insert into job_events (event_id, job_id, version, event_type, schema_version,
                                data, metadata, occurred_at, prev_hash, hash, hash_scheme)
        select event_id, job_id, version, 'Forged', schema_version, data, metadata,
               occurred_at, prev_hash, hash, hash_scheme
        from job_events where job_id = ? and version = 1
        on conflict (event_id) do update set event_type = excluded.event_type
        """,
        "UPDATE");
  }
}
