package io.jobtrail.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.persistence.embedded.EmbeddedPostgresServer;
import io.jobtrail.persistence.event.AppendBatches;
import io.jobtrail.persistence.event.JooqJobEventStore;
import io.jobtrail.persistence.event.JooqJobSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The store benchmark: its own embedded PostgreSQL with durable commits (fsync and
 * synchronous_commit on), Jobtrail's appends and rebuilds measured against plain JDBC on the same
 * database in the same run.
 */
final class StoreBenchmark {

  static final int[] WRITERS = {1, 4, 16, 64};
  static final int[] BATCHES = {10, 100};
  static final int[] BATCH_WRITERS = {1, 4};
  static final int[] REBUILDS = {50, 1_000, 10_000};
  private static final int POOL = 64 + 8;

  private final Timing timing;
  private final Path resultsDirectory;
  private final boolean singleEventOnly;
  private final int batchesInFlight;

  /**
   * @param singleEventOnly only the single-event appends, 1 and 16 writers (a quick look at the two
   *     figures the targets name)
   * @param batchesInFlight the store's setting (see {@link JooqJobEventStore})
   */
  StoreBenchmark(
      Timing timing, Path resultsDirectory, boolean singleEventOnly, int batchesInFlight) {
    this.timing = timing;
    this.resultsDirectory = resultsDirectory;
    this.singleEventOnly = singleEventOnly;
    this.batchesInFlight = batchesInFlight;
  }

  void run() throws Exception {
    Path data = Files.createTempDirectory("jobtrail-bench-postgres-");
    try (EmbeddedPostgresServer server =
            EmbeddedPostgresServer.builder(data.resolve("data"))
                .serverConfig("max_connections", "200")
                .start();
        HikariDataSource pool = pool(server)) {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
      DSLContext dsl = DSL.using(pool, SQLDialect.POSTGRES);
      execute(pool, "create table " + PlainWriter.TABLE + " (like job_events including all)");
      var report = new Report(Machine.describe(pool), timing);
      var store = new JooqJobEventStore(dsl, () -> {}, batchesInFlight);
      progress("the store writes at most " + batchesInFlight + " batch(es) at a time");
      String dataJson = CanonicalJson.write(JobtrailWriter.sampleDocument());
      String metadataJson = CanonicalJson.write(EventHashing.metadataDocument(Events.METADATA));
      Runnable checkpoint = () -> execute(pool, "checkpoint");
      progress("warming up the JVM and the database");
      Timing warm = new Timing(timing.warmup(), timing.warmup(), timing.maxOpsPerWriter(), 1);
      WriteRun.run("warm", 4, 1, warm, checkpoint, i -> new JobtrailWriter(store, 1));
      WriteRun.run(
          "warm", 4, 1, warm, checkpoint, i -> new PlainWriter(pool, 1, dataJson, metadataJson));

      var meter = new CpuMeter(server.dataDirectory());
      for (int writers : singleEventOnly ? new int[] {1, 16} : WRITERS) {
        progress("single-event appends, " + writers + " writer(s)");
        compare(report, meter, checkpoint, store, writers, 1, pool, dataJson, metadataJson);
      }
      for (int batch : singleEventOnly ? new int[0] : BATCHES) {
        for (int writers : BATCH_WRITERS) {
          progress("batches of " + batch + ", " + writers + " writer(s)");
          compare(report, meter, checkpoint, store, writers, batch, pool, dataJson, metadataJson);
        }
      }
      report.rowSize(
          dsl.fetchValue(
                  "select avg(octet_length(data::text) + octet_length(metadata::text))::int"
                      + " from job_events where event_type = 'PlannerCompleted'")
              .toString());

      var rebuild = new RebuildRun(pool, store, new JooqJobSnapshots(dsl));
      for (int n : singleEventOnly ? new int[0] : REBUILDS) {
        progress("rebuilding a job of " + n + " events");
        report.rebuild(rebuild.run(n, timing));
      }

      System.out.println();
      System.out.println(report.markdown());
      Path written = report.writeJson(resultsDirectory);
      System.out.println("Figures written to " + written);
    } finally {
      deleteRecursively(data);
    }
  }

  /** The plain INSERT, then Jobtrail's append, with the same writers and batch size. */
  private void compare(
      Report report,
      CpuMeter meter,
      Runnable checkpoint,
      JooqJobEventStore store,
      int writers,
      int batch,
      HikariDataSource pool,
      String dataJson,
      String metadataJson)
      throws Exception {
    var plain =
        measured(
            "plain INSERT",
            writers,
            batch,
            checkpoint,
            meter,
            i -> new PlainWriter(pool, batch, dataJson, metadataJson));
    AppendBatches before = store.appendBatches();
    var jobtrail =
        measured(
            "Jobtrail append",
            writers,
            batch,
            checkpoint,
            meter,
            i -> new JobtrailWriter(store, batch));
    System.err.printf(
        java.util.Locale.ROOT,
        "[bench]   CPU µs per event, JVM + PostgreSQL: plain %.0f + %.0f, Jobtrail %.0f + %.0f%n",
        plain.jvmMicrosPerEvent(),
        plain.postgresMicrosPerEvent(),
        jobtrail.jvmMicrosPerEvent(),
        jobtrail.postgresMicrosPerEvent());
    report.writes(
        plain.result(),
        plain.cpuMicrosPerEvent(),
        jobtrail.result(),
        jobtrail.cpuMicrosPerEvent(),
        appendsPerBatch(before, store.appendBatches()));
  }

  /** A write run and the CPU it took (this JVM and PostgreSQL) over its measured window. */
  private record Measured(WriteRun.Result result, CpuMeter.Sample cpu) {
    double cpuMicrosPerEvent() {
      return jvmMicrosPerEvent() + postgresMicrosPerEvent();
    }

    double jvmMicrosPerEvent() {
      return 1e6 * cpu.jvmSeconds() / result.events();
    }

    double postgresMicrosPerEvent() {
      return 1e6 * cpu.postgresSeconds() / result.events();
    }
  }

  private Measured measured(
      String kind,
      int writers,
      int batch,
      Runnable checkpoint,
      CpuMeter meter,
      WriteRun.WriterFactory factory)
      throws Exception {
    var start = new CpuMeter.Sample[1];
    var result =
        WriteRun.run(
            kind,
            writers,
            batch,
            timing,
            () -> {
              checkpoint.run();
              start[0] = meter.sample();
            },
            factory);
    return new Measured(result, meter.sample().minus(start[0]));
  }

  private static double appendsPerBatch(AppendBatches before, AppendBatches after) {
    long batches = after.batches() - before.batches();
    return batches == 0 ? 0 : (after.appends() - before.appends()) / (double) batches;
  }

  private static HikariDataSource pool(EmbeddedPostgresServer server) {
    var config = new HikariConfig();
    config.setPoolName("bench");
    config.setJdbcUrl(server.jdbcUrl());
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(POOL);
    config.setMinimumIdle(POOL);
    return new HikariDataSource(config);
  }

  private static void execute(HikariDataSource pool, String sql) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void progress(String what) {
    System.err.println("[bench] " + what + " ...");
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    }
  }
}
