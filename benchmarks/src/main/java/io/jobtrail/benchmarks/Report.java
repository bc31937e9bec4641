package io.jobtrail.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The figures as a Markdown table (printed) and as JSON (written under the results directory). */
final class Report {

  private record Write(
      WriteRun.Result plain,
      double plainCpuMicros,
      WriteRun.Result jobtrail,
      double jobtrailCpuMicros,
      double appendsPerBatch) {
    double ratio() {
      return jobtrail.eventsPerSecond() / plain.eventsPerSecond();
    }
  }

  private final Map<String, String> machine;
  private final Timing timing;
  private final List<Write> writes = new ArrayList<>();
  private final List<RebuildRun.Result> rebuilds = new ArrayList<>();
  private String rowBytes = "?";

  Report(Map<String, String> machine, Timing timing) {
    this.machine = machine;
    this.timing = timing;
  }

  /**
   * @param plainCpuMicros CPU (this JVM and PostgreSQL) per event of the plain INSERT, µs
   * @param jobtrailCpuMicros the same for Jobtrail's append
   * @param appendsPerBatch Jobtrail's appends per transaction (coalesced batches) over the run
   */
  void writes(
      WriteRun.Result plain,
      double plainCpuMicros,
      WriteRun.Result jobtrail,
      double jobtrailCpuMicros,
      double appendsPerBatch) {
    writes.add(new Write(plain, plainCpuMicros, jobtrail, jobtrailCpuMicros, appendsPerBatch));
    System.err.printf(
        Locale.ROOT,
        "[bench]   plain %,.0f ev/s p95 %.2f ms %.0f µs CPU/ev | Jobtrail %,.0f ev/s p95 %.2f ms"
            + " %.0f µs CPU/ev (%.1f appends per transaction) | %.0f%%%n",
        plain.eventsPerSecond(),
        plain.latency().millis(95),
        plainCpuMicros,
        jobtrail.eventsPerSecond(),
        jobtrail.latency().millis(95),
        jobtrailCpuMicros,
        appendsPerBatch,
        100 * jobtrail.eventsPerSecond() / plain.eventsPerSecond());
  }

  void rebuild(RebuildRun.Result result) {
    rebuilds.add(result);
    System.err.printf(
        Locale.ROOT,
        "[bench]   select p50 %.2f ms | load p50 %.2f ms | with snapshot p50 %.2f ms%n",
        result.plainSelect().millis(50),
        result.withoutSnapshot().millis(50),
        result.withSnapshot().millis(50));
  }

  void rowSize(String bytes) {
    this.rowBytes = bytes;
  }

  String markdown() {
    var out = new StringBuilder();
    out.append("### Machine\n\n");
    machine.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
    out.append(
        String.format(
            Locale.ROOT,
            "- warm-up %d s, measured %d s per row; benchmark event: %s bytes of JSON (data +"
                + " metadata)%n%n",
            timing.warmup().toSeconds(),
            timing.measure().toSeconds(),
            rowBytes));
    out.append("### Appends (events/s; latency per append transaction, ms)\n\n");
    out.append(
        "| writers | events per append | plain INSERT ev/s | plain p50 / p95 / p99 |"
            + " Jobtrail ev/s | Jobtrail p50 / p95 / p99 | appends per transaction |"
            + " CPU µs per event, plain / Jobtrail | Jobtrail / plain |\n");
    out.append("|---:|---:|---:|---|---:|---|---:|---|---:|\n");
    for (Write w : writes) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %,.0f | %s | %,.0f | %s | %.1f | %.0f / %.0f | %.0f%% |%n",
              w.plain().writers(),
              w.plain().batch(),
              w.plain().eventsPerSecond(),
              percentiles(w.plain().latency()),
              w.jobtrail().eventsPerSecond(),
              percentiles(w.jobtrail().latency()),
              w.appendsPerBatch(),
              w.plainCpuMicros(),
              w.jobtrailCpuMicros(),
              100 * w.ratio()));
    }
    out.append("\n### Rebuilding one job (ms per rebuild)\n\n");
    out.append(
        "| events | plain SELECT p50 / p95 / p99 | load, no snapshot p50 / p95 / p99 |"
            + " no snapshot / SELECT (p50) | load, snapshot N events behind p50 / p95 / p99 |\n");
    out.append("|---:|---|---|---:|---|\n");
    for (RebuildRun.Result r : rebuilds) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %.2f× | %s (N = %d) |%n",
              r.events(),
              percentiles(r.plainSelect()),
              percentiles(r.withoutSnapshot()),
              r.withoutSnapshot().millis(50) / r.plainSelect().millis(50),
              percentiles(r.withSnapshot()),
              r.tail()));
    }
    out.append("\n### Targets (issues 3 and 10)\n\n");
    for (Map<String, Object> target : targets()) {
      out.append("- ")
          .append(Boolean.TRUE.equals(target.get("met")) ? "met: " : "MISSED: ")
          .append(target.get("target"))
          .append(" (")
          .append(target.get("measured"))
          .append(")\n");
    }
    return out.toString();
  }

  private List<Map<String, Object>> targets() {
    var targets = new ArrayList<Map<String, Object>>();
    for (Write w : writes) {
      if (w.plain().batch() == 1 && w.plain().writers() == 16) {
        targets.add(
            target(
                "16 writers, one event per append: at least the plain INSERT rate (1.0×)",
                w.ratio() >= 1.0,
                String.format(Locale.ROOT, "%.2f×", w.ratio())));
      }
      if (w.plain().batch() == 1 && w.plain().writers() == 1) {
        double delta = w.jobtrail().latency().millis(95) - w.plain().latency().millis(95);
        targets.add(
            target(
                "1 writer: p95 within 0.4 ms of the plain INSERT's p95",
                delta <= 0.4,
                String.format(Locale.ROOT, "+%.2f ms", delta)));
      }
      if (w.plain().batch() == 100) {
        targets.add(
            target(
                "batches of 100 ("
                    + w.plain().writers()
                    + " writer(s)): at least 60% of the plain batched rate",
                w.ratio() >= 0.6,
                String.format(Locale.ROOT, "%.0f%%", 100 * w.ratio())));
      }
    }
    for (RebuildRun.Result r : rebuilds) {
      double ratio = r.withoutSnapshot().millis(50) / r.plainSelect().millis(50);
      if (r.events() >= 1_000) {
        targets.add(
            target(
                String.format(
                    Locale.ROOT,
                    "rebuild of %,d events without a snapshot: within 1.3× the plain SELECT",
                    r.events()),
                ratio <= 1.3,
                String.format(Locale.ROOT, "%.2f× at p50", ratio)));
      }
      if (r.events() == 10_000) {
        targets.add(
            target(
                "rebuild of 10,000 events with a snapshot: at most 5 ms",
                r.withSnapshot().millis(50) <= 5,
                String.format(
                    Locale.ROOT,
                    "p50 %.2f ms, p95 %.2f ms",
                    r.withSnapshot().millis(50),
                    r.withSnapshot().millis(95))));
      }
    }
    return targets;
  }

  static Map<String, Object> target(String target, boolean met, String measured) {
    var map = new LinkedHashMap<String, Object>();
    map.put("target", target);
    map.put("met", met);
    map.put("measured", measured);
    return map;
  }

  static String percentiles(Latency latency) {
    return String.format(
        Locale.ROOT,
        "%.2f / %.2f / %.2f",
        latency.millis(50),
        latency.millis(95),
        latency.millis(99));
  }

  static Map<String, Object> latency(Latency latency) {
    var map = new LinkedHashMap<String, Object>();
    map.put("count", latency.count());
    map.put("meanMs", round(latency.meanMillis()));
    map.put("p50Ms", round(latency.millis(50)));
    map.put("p95Ms", round(latency.millis(95)));
    map.put("p99Ms", round(latency.millis(99)));
    map.put("maxMs", round(latency.millis(100)));
    return map;
  }

  private static Map<String, Object> write(WriteRun.Result r) {
    var map = new LinkedHashMap<String, Object>();
    map.put("events", r.events());
    map.put("seconds", round(r.seconds()));
    map.put("eventsPerSecond", Math.round(r.eventsPerSecond()));
    map.put("latencyPerAppend", latency(r.latency()));
    return map;
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  Path writeJson(Path directory) throws IOException {
    var root = new LinkedHashMap<String, Object>();
    root.put("suite", "store");
    root.put("machine", machine);
    root.put(
        "timing",
        Map.of(
            "warmupSeconds", timing.warmup().toSeconds(),
            "measureSeconds", timing.measure().toSeconds()));
    root.put("eventJsonBytes", rowBytes);
    var appendRows = new ArrayList<Map<String, Object>>();
    for (Write w : writes) {
      var row = new LinkedHashMap<String, Object>();
      row.put("writers", w.plain().writers());
      row.put("eventsPerAppend", w.plain().batch());
      row.put("plainInsert", write(w.plain()));
      row.put("jobtrail", write(w.jobtrail()));
      row.put("appendsPerTransaction", round(w.appendsPerBatch()));
      row.put("plainCpuMicrosPerEvent", round(w.plainCpuMicros()));
      row.put("jobtrailCpuMicrosPerEvent", round(w.jobtrailCpuMicros()));
      row.put("ratio", round(w.ratio()));
      appendRows.add(row);
    }
    root.put("appends", appendRows);
    var rebuildRows = new ArrayList<Map<String, Object>>();
    for (RebuildRun.Result r : rebuilds) {
      var row = new LinkedHashMap<String, Object>();
      row.put("events", r.events());
      row.put("plainSelect", latency(r.plainSelect()));
      row.put("loadWithoutSnapshot", latency(r.withoutSnapshot()));
      row.put("loadWithSnapshot", latency(r.withSnapshot()));
      row.put("snapshotEventsBehindHead", r.tail());
      rebuildRows.add(row);
    }
    root.put("rebuilds", rebuildRows);
    root.put("targets", targets());
    return writeFiles(directory, "store", root, markdown());
  }

  /**
   * Writes a suite's figures as {@code <suite>-<time>.json}, {@code <suite>-latest.json} and {@code
   * <suite>-latest.md}; returns the first.
   */
  static Path writeFiles(Path directory, String suite, Map<String, Object> root, String markdown)
      throws IOException {
    Files.createDirectories(directory);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file = directory.resolve(suite + "-" + stamp + ".json");
    var json =
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValueAsString(root);
    Files.writeString(file, json);
    Files.writeString(directory.resolve(suite + "-latest.json"), json);
    Files.writeString(directory.resolve(suite + "-latest.md"), markdown);
    return file;
  }
}
