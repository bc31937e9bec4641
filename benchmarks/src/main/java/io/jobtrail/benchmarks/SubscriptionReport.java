package io.jobtrail.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The subscriptions suite's figures: a Markdown table (printed) and JSON (written). */
final class SubscriptionReport {

  private static final double TARGET_P99_MS = 50;

  private final Map<String, String> machine;
  private final SubscriptionBenchmark.Size size;
  private final List<SubscriptionBenchmark.Result> results = new ArrayList<>();

  SubscriptionReport(Map<String, String> machine, SubscriptionBenchmark.Size size) {
    this.machine = machine;
    this.size = size;
  }

  void add(SubscriptionBenchmark.Result r) {
    results.add(r);
    System.err.printf(
        Locale.ROOT,
        "[bench]   %,d subscribers: written %,.0f ev/s, delivered %,.0f ev/s, p50 / p95 / p99"
            + " %s ms, lost %d, duplicated %d%s%n",
        r.subscribers(),
        r.writtenPerSecond(),
        r.deliveredPerSecond(),
        Report.percentiles(r.latency()),
        r.lost(),
        r.duplicated(),
        r.errors().isEmpty() ? "" : ", errors: " + r.errors());
  }

  String markdown() {
    var out = new StringBuilder();
    out.append("### Machine\n\n");
    machine.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
    out.append(
        String.format(
            Locale.ROOT,
            "- %d running jobs; %d writer threads pause and resume them in turn (JobPaused /"
                + " JobResumed decided by the domain, one append each through JobRepository) at"
                + " %,.0f events/s in all; each subscriber is its own WebSocket with the console's"
                + " jobEvents document; warm-up %d s, measured %d s per row%n%n",
            size.jobs(),
            size.writerThreads(),
            size.eventsPerSecond(),
            size.warmup().toSeconds(),
            size.measure().toSeconds()));
    out.append("### Commit to client (ms: client receive time minus the event's timestamp)\n\n");
    out.append(
        "| subscribers | written ev/s | delivered ev/s | expected deliveries | p50 / p95 / p99 |"
            + " max | lost | duplicated | out of order | errors | left on server |\n");
    out.append("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (SubscriptionBenchmark.Result r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,.0f | %,.0f | %,d | %s | %.1f | %d | %d | %d | %d | %d |%n",
              r.subscribers(),
              r.writtenPerSecond(),
              r.deliveredPerSecond(),
              r.expectedDeliveries(),
              Report.percentiles(r.latency()),
              r.latency().millis(100),
              r.lost(),
              r.duplicated(),
              r.outOfOrder(),
              r.errors().size(),
              r.leftOnServer()));
    }
    out.append("\nWriter appends (each returns after its commit), p50 / p95 / p99 ms: ");
    for (SubscriptionBenchmark.Result r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s%,d subscribers %s",
              r == results.getFirst() ? "" : "; ",
              r.subscribers(),
              Report.percentiles(r.commands())));
    }
    out.append("\n\n### Targets (issue 5)\n\n");
    for (Map<String, Object> target : targets()) {
      out.append("- ")
          .append(target.get("met").equals(Boolean.TRUE) ? "met: " : "MISSED: ")
          .append(target.get("target"))
          .append(" (")
          .append(target.get("measured"))
          .append(")\n");
    }
    for (SubscriptionBenchmark.Result r : results) {
      for (String error : r.errors()) {
        out.append("- error with ").append(r.subscribers()).append(" subscribers: ");
        out.append(error.length() > 300 ? error.substring(0, 300) + "…" : error).append('\n');
      }
    }
    return out.toString();
  }

  private List<Map<String, Object>> targets() {
    var targets = new ArrayList<Map<String, Object>>();
    for (SubscriptionBenchmark.Result r : results) {
      targets.add(
          Report.target(
              String.format(
                  Locale.ROOT, "%,d subscribers: no event lost or duplicated", r.subscribers()),
              r.lost() == 0 && r.duplicated() == 0 && r.outOfOrder() == 0,
              String.format(
                  Locale.ROOT,
                  "lost %d, duplicated %d, out of order %d",
                  r.lost(),
                  r.duplicated(),
                  r.outOfOrder())));
      if (r.subscribers() == 1_000) {
        targets.add(
            Report.target(
                "1,000 subscribers: p99 ≤ 50 ms",
                r.latency().millis(99) <= TARGET_P99_MS,
                String.format(Locale.ROOT, "p99 %.1f ms", r.latency().millis(99))));
      }
    }
    return targets;
  }

  Path writeJson(Path directory) throws IOException {
    var root = new LinkedHashMap<String, Object>();
    root.put("suite", "subscriptions");
    root.put("machine", machine);
    var settings = new LinkedHashMap<String, Object>();
    settings.put("jobs", size.jobs());
    settings.put("eventsPerSecond", size.eventsPerSecond());
    settings.put("writerThreads", size.writerThreads());
    settings.put("warmupSeconds", size.warmup().toSeconds());
    settings.put("measureSeconds", size.measure().toSeconds());
    settings.put("document", Subscriber.DOCUMENT);
    root.put("settings", settings);
    var rows = new ArrayList<Map<String, Object>>();
    for (SubscriptionBenchmark.Result r : results) {
      var row = new LinkedHashMap<String, Object>();
      row.put("subscribers", r.subscribers());
      row.put("seconds", Report.round(r.seconds()));
      row.put("written", r.written());
      row.put("writtenPerSecond", Math.round(r.writtenPerSecond()));
      row.put("expectedDeliveries", r.expectedDeliveries());
      row.put("delivered", r.delivered());
      row.put("deliveredPerSecond", Math.round(r.deliveredPerSecond()));
      row.put("commitToClient", Report.latency(r.latency()));
      row.put("writerAppends", Report.latency(r.commands()));
      row.put("lost", r.lost());
      row.put("duplicated", r.duplicated());
      row.put("outOfOrder", r.outOfOrder());
      row.put("errors", r.errors());
      row.put("subscriptionsLeftOnServer", r.leftOnServer());
      rows.add(row);
    }
    root.put("runs", rows);
    root.put("targets", targets());
    return Report.writeFiles(directory, "subscriptions", root, markdown());
  }
}
