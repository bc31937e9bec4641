package io.jobtrail.persistence.testing;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;
import static io.jobtrail.persistence.jooq.Tables.JOB_SNAPSHOTS;
import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlywayMigrationTest {

  private static final UUID JOB_ID = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

  private TestDatabase db;

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.createFresh();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void givenFreshDatabase_whenMigrated_thenEveryMigrationIsAppliedAndValid() {
    Flyway flyway =
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load();
    MigrationInfoService info = flyway.info();

    assertThat(info.pending()).isEmpty();
    assertThat(info.applied())
        .extracting(migration -> migration.getVersion().getVersion())
        .startsWith("1");
    assertThat(info.applied()).allSatisfy(m -> assertThat(m.getState().isFailed()).isFalse());
    assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
  }

  @Test
  void givenMigratedDatabase_whenQueriedThroughGeneratedTables_thenColumnsMatchTheSchema() {
    for (Table<?> table : List.of(JOB_EVENTS, JOB_SUMMARIES, JOB_SNAPSHOTS)) {
      List<String> columns =
          db.dsl()
              .fetch(
                  "select column_name from information_schema.columns"
                      + " where table_schema = 'public' and table_name = ? order by ordinal_position",
                  table.getName())
              .getValues(0, String.class);

      assertThat(db.dsl().fetchCount(table)).as(table.getName()).isZero();
      assertThat(Stream.of(table.fields()).map(Field::getName).toList())
          .as(table.getName())
          .isEqualTo(columns)
          .isNotEmpty();
    }
  }

  @Test
  void givenAppendedEvent_whenReadThroughGeneratedTable_thenDatabaseSetTheTransactionId()
      throws SQLException {
    appendEvent();

    Record row =
        db.dsl()
            .select(
                JOB_EVENTS.JOB_ID, JOB_EVENTS.VERSION, JOB_EVENTS.DATA, JOB_EVENTS.TRANSACTION_ID)
            .from(JOB_EVENTS)
            .fetchSingle();
    int committedBeforeOldestRunning =
        db.dsl()
            .fetchCount(
                JOB_EVENTS,
                JOB_EVENTS.TRANSACTION_ID.lt(
                    DSL.field(
                        "pg_snapshot_xmin(pg_current_snapshot())",
                        JOB_EVENTS.TRANSACTION_ID.getDataType())));

    assertThat(row.get(JOB_EVENTS.JOB_ID)).isEqualTo(JOB_ID);
    assertThat(row.get(JOB_EVENTS.VERSION)).isEqualTo(1L);
    assertThat(row.get(JOB_EVENTS.DATA).data()).contains("\"name\"");
    assertThat(row.get(JOB_EVENTS.TRANSACTION_ID)).matches("[0-9]+");
    assertThat(committedBeforeOldestRunning).isEqualTo(1);
  }

  static Stream<Arguments> forbiddenStatements() {
    return Stream.of(
        Arguments.of("UPDATE", "update job_events set event_type = 'Tampered'"),
        Arguments.of("DELETE", "delete from job_events"),
        Arguments.of("TRUNCATE", "truncate job_events"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forbiddenStatements")
  void givenAppendedEvent_whenChanged_thenDatabaseRejectsItAndRowIsUnchanged(
      String operation, String sql) throws SQLException {
    appendEvent();
    String before = eventRowsAsJson();

    assertThatThrownBy(() -> execute(sql))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("job_events is append-only: " + operation + " is not allowed")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("P0001"));
    assertThat(eventRowsAsJson()).isEqualTo(before).contains("JobCreated");
  }

  private void appendEvent() throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                """
                insert into job_events (event_id, job_id, version, event_type, schema_version,
                                        data, metadata, occurred_at, prev_hash, hash,
                                        hash_scheme)
                values (gen_random_uuid(), ?, 1, 'JobCreated', 1,
                        '{"name": "nightly"}', '{}', now(), null, '\\x01', 2)
                """)) {
      insert.setObject(1, JOB_ID);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  private String eventRowsAsJson() {
    return db.dsl()
        .fetchValue("select jsonb_agg(e order by global_position)::text from job_events e")
        .toString();
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
