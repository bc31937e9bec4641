package io.jobtrail.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Where the figures were measured: CPUs, memory, JVM, PostgreSQL and its durability settings. */
final class Machine {

  private Machine() {}

  static Map<String, String> describe(DataSource dataSource) throws Exception {
    var facts = new LinkedHashMap<String, String>();
    facts.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put(
        "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      for (String setting :
          new String[] {
            "server_version",
            "fsync",
            "synchronous_commit",
            "full_page_writes",
            "wal_sync_method",
            "shared_buffers",
            "max_wal_size"
          }) {
        try (var rs = statement.executeQuery("show " + setting)) {
          rs.next();
          facts.put("postgres." + setting, rs.getString(1));
        }
      }
    }
    return facts;
  }
}
