package io.jobtrail.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The ceiling: the same rows (same columns, indexes and documents) written by one plain JDBC INSERT
 * per batch, in autocommit, into a copy of {@code job_events} without its trigger. No expected
 * version, no hash chain, no summary row.
 */
final class PlainWriter implements WriteRun.Writer {

  static final String TABLE = "plain_events";
  private static final String COLUMNS =
      "(event_id, job_id, version, event_type, schema_version, data, metadata, occurred_at,"
          + " prev_hash, hash, hash_scheme)";
  private static final String ROW = "(?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, 2)";

  private final DataSource dataSource;
  private final int batch;
  private final String sql;
  private final String data;
  private final String metadata;
  private final UUID jobId = Events.id();
  private final byte[] hash = new byte[32];
  private long version;

  PlainWriter(DataSource dataSource, int batch, String data, String metadata) {
    this.dataSource = dataSource;
    this.batch = batch;
    this.data = data;
    this.metadata = metadata;
    this.sql =
        "insert into "
            + TABLE
            + " "
            + COLUMNS
            + " values "
            + String.join(", ", java.util.Collections.nCopies(batch, ROW));
    ThreadLocalRandom.current().nextBytes(hash);
  }

  @Override
  public void write() throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      int p = 1;
      for (int i = 0; i < batch; i++) {
        insert.setObject(p++, Events.id());
        insert.setObject(p++, jobId);
        insert.setLong(p++, ++version);
        insert.setString(p++, "PlannerCompleted");
        insert.setInt(p++, 2);
        insert.setString(p++, data);
        insert.setString(p++, metadata);
        insert.setObject(p++, now);
        insert.setBytes(p++, hash);
        insert.setBytes(p++, hash);
      }
      insert.executeUpdate();
    }
  }
}
