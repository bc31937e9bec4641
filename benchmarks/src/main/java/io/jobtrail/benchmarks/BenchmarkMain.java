package io.jobtrail.benchmarks;

import io.jobtrail.persistence.event.JooqJobEventStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code benchmarks/run <suite> [--quick] [--out DIR]}: {@code store}, {@code orchestrator}, {@code
 * http}, {@code subscriptions}, {@code soak}, {@code publishing}.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    if (args.length == 0
        || !List.of("store", "orchestrator", "http", "subscriptions", "soak", "publishing")
            .contains(args[0])) {
      System.err.println(
          "usage: benchmarks/run store|orchestrator|http|subscriptions|soak|publishing [--quick] [--out DIR]");
      System.err.println(
          "  store   event store appends vs plain INSERT, and rebuilds vs plain SELECT");
      System.err.println(
          "  orchestrator   1,000 jobs on zero-latency agents: jobs/s, events/s, command and step"
              + " overhead");
      System.err.println(
          "  http     commands and a query over GraphQL HTTP against the inbound port, one"
              + " client, orchestrator off: latency and CPU per call");
      System.err.println(
          "  subscriptions  10, 100, 1,000 WebSocket subscribers at 2,000 events/s: latency,"
              + " lost, duplicated");
      System.err.println(
          "  soak     10 minutes of mixed load (jobs, commands, subscribers connecting and"
              + " dropping): heap, threads, connections, open files over time");
      System.err.println(
          "  publishing     relay to NATS JetStream (127.0.0.1:4222): catch-up throughput vs the"
              + " append rate, commit to JetStream consumer and to webhook receiver at 2,000"
              + " events/s");
      System.err.println(
          "  --quick shorter warm-up and measurement (a smoke run; figures are noisy)");
      System.err.println(
          "  store only: --single-event (1 and 16 single-event writers only),"
              + " --batches-in-flight N (the store's setting)");
      System.exit(2);
    }
    var options = Arrays.asList(args).subList(1, args.length);
    boolean quick = options.contains("--quick");
    int out = options.indexOf("--out");
    Path results =
        out >= 0 && out + 1 < options.size()
            ? Path.of(options.get(out + 1))
            : Path.of("benchmarks", "target", "results");
    switch (args[0]) {
      case "orchestrator" ->
          new OrchestratorBenchmark(
                  quick ? Timing.QUICK : Timing.FULL,
                  quick ? OrchestratorBenchmark.Size.QUICK : OrchestratorBenchmark.Size.FULL,
                  results)
              .run();
      case "http" ->
          new HttpCommandsBenchmark(
                  quick ? HttpCommandsBenchmark.Size.QUICK : HttpCommandsBenchmark.Size.FULL,
                  results)
              .run();
      case "soak" -> new SoakBenchmark(quick, results).run();
      case "subscriptions" ->
          new SubscriptionBenchmark(
                  quick ? SubscriptionBenchmark.Size.QUICK : SubscriptionBenchmark.Size.FULL,
                  results)
              .run();
      case "publishing" ->
          new PublishingBenchmark(
                  quick ? PublishingBenchmark.Size.QUICK : PublishingBenchmark.Size.FULL, results)
              .run();
      default -> {
        int inFlight = options.indexOf("--batches-in-flight");
        new StoreBenchmark(
                quick ? Timing.QUICK : Timing.FULL,
                results,
                options.contains("--single-event"),
                inFlight >= 0 && inFlight + 1 < options.size()
                    ? Integer.parseInt(options.get(inFlight + 1))
                    : JooqJobEventStore.DEFAULT_BATCHES_IN_FLIGHT)
            .run();
      }
    }
  }
}
