package io.jobtrail.persistence.event;

import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Changes stored events behind the store's back, as someone with write access to the database
 * could: in a transaction with {@code session_replication_role = replica}, where ordinary triggers
 * (the immutability trigger among them) do not fire. {@code SET LOCAL} keeps the setting from
 * leaking into the pooled connection.
 */
final class Tampering {

  private Tampering() {}

  /**
   * Runs {@code sql} with triggers off; its parameters are the job id and the version.
   *
   * @return the number of rows changed
   */
  static int withTriggersOff(TestDatabase db, String sql, JobId jobId, long version) {
    try (Connection connection = db.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (Statement set = connection.createStatement();
          PreparedStatement statement = connection.prepareStatement(sql)) {
        set.execute("set local session_replication_role = replica");
        statement.setObject(1, jobId.value());
        statement.setLong(2, version);
        int changed = statement.executeUpdate();
        connection.commit();
        return changed;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("tampering failed: " + sql, e);
    }
  }
}
