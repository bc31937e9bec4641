package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.HashScheme;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.testing.GoldenEvents;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every event records the hash scheme it was hashed with, and verification recomputes each hash
 * with that event's scheme: events hashed before RFC 8785 became the scheme keep verifying, and a
 * label that does not match the content is caught.
 */
class HashSchemeTest {

  private TestDatabase db;
  private JooqJobEventStore store;

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.createFresh();
    store = new JooqJobEventStore(db.dsl(), () -> {});
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void givenTheGoldenJob_whenAppended_thenItsStoredHashesAreThePinnedOnesOfTheCurrentScheme() {
    List<NewEvent> events = GoldenEvents.events();
    JobState state = JobEvolution.replay(events.stream().map(NewEvent::event).toList());

    List<RecordedEvent> appended =
        store.append(GoldenEvents.JOB_ID, StreamHead.EMPTY, events, state).events();

    assertThat(appended)
        .extracting(RecordedEvent::hash)
        .isEqualTo(GoldenEvents.hashes(HashScheme.CURRENT));
    assertThat(storedSchemes(GoldenEvents.JOB_ID))
        .containsOnly((short) HashScheme.CURRENT.version());
    // jsonb keeps numbers, not their Java types (3.0 reads back as 3): compare what is hashed.
    assertThat(store.readStream(GoldenEvents.JOB_ID, 0, 10))
        .extracting(e -> CanonicalJson.write(EventDocuments.write(e.event())))
        .isEqualTo(
            events.stream()
                .map(e -> CanonicalJson.write(EventDocuments.write(e.event())))
                .toList());
    assertThat(store.verifyChain(GoldenEvents.JOB_ID).intact()).isTrue();
  }

  @Test
  void givenEventsHashedWithTheFirstScheme_whenVerified_thenIntactThoughTheFormsDiffer() {
    JobId jobId = JobStory.newJobId();
    var raw = new RawEvents(db.dsl(), jobId, HashScheme.PLAIN_DECIMALS);
    for (NewEvent event : GoldenEvents.events()) {
      // The golden parameters hold 1e21 and 1e-7, which the two schemes spell differently.
      raw.insert(
          event.event().eventType(),
          EventDocuments.CURRENT_SCHEMA_VERSION,
          EventDocuments.write(withJob(event.event(), jobId)),
          event.metadata(),
          event.event().at());
    }

    ChainVerification verification = store.verifyChain(jobId);

    assertThat(verification.intact()).as(String.valueOf(verification.problem())).isTrue();
    assertThat(verification.eventsChecked()).isEqualTo(3);
    assertThat(storedSchemes(jobId)).containsOnly((short) 1);
  }

  @Test
  void givenAnEventLabelledWithAnotherScheme_whenVerified_thenReportedAltered() {
    JobId jobId = JobStory.newJobId();
    var raw = new RawEvents(db.dsl(), jobId, HashScheme.PLAIN_DECIMALS);
    for (NewEvent event : GoldenEvents.events()) {
      raw.insert(
          event.event().eventType(),
          EventDocuments.CURRENT_SCHEMA_VERSION,
          EventDocuments.write(withJob(event.event(), jobId)),
          event.metadata(),
          event.event().at());
    }

    Tampering.withTriggersOff(
        db, "update job_events set hash_scheme = 2 where job_id = ? and version = ?", jobId, 1);

    ChainVerification verification = store.verifyChain(jobId);
    assertThat(verification.intact()).isFalse();
    assertThat(verification.firstBrokenVersion()).isEqualTo(1);
    assertThat(verification.problem()).contains("altered");
  }

  @Test
  void givenAnEventOfASchemeThisReleaseDoesNotKnow_whenVerified_thenTheReportSaysToUpgrade() {
    List<NewEvent> events = GoldenEvents.events();
    store.append(
        GoldenEvents.JOB_ID,
        StreamHead.EMPTY,
        events,
        JobEvolution.replay(events.stream().map(NewEvent::event).toList()));

    Tampering.withTriggersOff(
        db,
        "update job_events set hash_scheme = 9 where job_id = ? and version = ?",
        GoldenEvents.JOB_ID,
        2);

    ChainVerification verification = store.verifyChain(GoldenEvents.JOB_ID);
    assertThat(verification.intact()).isFalse();
    assertThat(verification.firstBrokenVersion()).isEqualTo(2);
    assertThat(verification.problem()).contains("hash scheme 9", "upgrade");
  }

  @Test
  void givenEventsStoredBeforeHashSchemes_whenTheDatabaseIsMigrated_thenTheyAreSchemeOneAndVerify()
      throws SQLException {
    try (TestDatabase old = TestDatabase.createMigratedTo("2.1")) {
      JobId jobId = JobStory.newJobId();
      JobEvent created = withJob(GoldenEvents.events().getFirst().event(), jobId);
      String canonical =
          EventHashing.canonicalForm(
              HashScheme.PLAIN_DECIMALS,
              GoldenEvents.events().getFirst().eventId(),
              jobId,
              1,
              created.eventType(),
              EventDocuments.CURRENT_SCHEMA_VERSION,
              created.at(),
              EventDocuments.write(created),
              EventHashing.metadataDocument(GoldenEvents.FULL_METADATA));
      // Inserted as release 1 did: no hash scheme column yet.
      old.dsl()
          .insertInto(JOB_EVENTS)
          .set(JOB_EVENTS.EVENT_ID, GoldenEvents.events().getFirst().eventId())
          .set(JOB_EVENTS.JOB_ID, jobId.value())
          .set(JOB_EVENTS.VERSION, 1L)
          .set(JOB_EVENTS.EVENT_TYPE, created.eventType())
          .set(JOB_EVENTS.SCHEMA_VERSION, EventDocuments.CURRENT_SCHEMA_VERSION)
          .set(
              JOB_EVENTS.DATA,
              JSONB.valueOf(
                  CanonicalJson.write(EventDocuments.write(created), HashScheme.PLAIN_DECIMALS)))
          .set(
              JOB_EVENTS.METADATA,
              JSONB.valueOf(
                  CanonicalJson.write(
                      EventHashing.metadataDocument(GoldenEvents.FULL_METADATA),
                      HashScheme.PLAIN_DECIMALS)))
          .set(JOB_EVENTS.OCCURRED_AT, Times.utc(created.at()))
          .set(JOB_EVENTS.HASH, Hashes.bytes(EventHashing.link(null, canonical)))
          .execute();

      Flyway.configure()
          .dataSource(old.dataSource())
          .locations("classpath:db/migration")
          .load()
          .migrate();

      assertThat(storedSchemes(old, jobId)).containsExactly((short) 1);
      assertThat(new JooqJobEventStore(old.dsl(), () -> {}).verifyChain(jobId).intact()).isTrue();
      try (Connection connection = old.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        assertThatThrownBy(
                () ->
                    statement.execute(
                        "insert into job_events (event_id, job_id, version, event_type,"
                            + " schema_version, data, metadata, occurred_at, hash) values"
                            + " (gen_random_uuid(), gen_random_uuid(), 1, 'JobStarted', 2, '{}',"
                            + " '{}', now(), '\\x01')"))
            .as("an insert must say which scheme it hashed with")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("hash_scheme");
      }
    }
  }

  private List<Short> storedSchemes(JobId jobId) {
    return storedSchemes(db, jobId);
  }

  private static List<Short> storedSchemes(TestDatabase database, JobId jobId) {
    return database
        .dsl()
        .select(JOB_EVENTS.HASH_SCHEME)
        .from(JOB_EVENTS)
        .where(JOB_EVENTS.JOB_ID.eq(jobId.value()))
        .orderBy(JOB_EVENTS.VERSION)
        .fetch(JOB_EVENTS.HASH_SCHEME);
  }

  /** The golden event, for another job (the golden job id is taken in some tests). */
  private static JobEvent withJob(JobEvent event, JobId jobId) {
    if (event instanceof JobEvent.JobCreated c) {
      return new JobEvent.JobCreated(
          jobId,
          c.name(),
          c.task(),
          c.parameters(),
          c.agents(),
          c.limits(),
          c.createdBy(),
          c.replayOf(),
          c.at());
    }
    return event;
  }
}
