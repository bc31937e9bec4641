package io.jobtrail.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;

/** {@code benchmarks/run <suite> [--quick] [--out DIR]}; the only suite so far is {@code store}. */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    if (args.length == 0 || !args[0].equals("store")) {
      System.err.println("usage: benchmarks/run store [--quick] [--out DIR]");
      System.err.println(
          "  store   event store appends vs plain INSERT, and rebuilds vs plain SELECT");
      System.err.println(
          "  --quick shorter warm-up and measurement (a smoke run; figures are noisy)");
      System.exit(2);
    }
    var options = Arrays.asList(args).subList(1, args.length);
    boolean quick = options.contains("--quick");
    int out = options.indexOf("--out");
    Path results =
        out >= 0 && out + 1 < options.size()
            ? Path.of(options.get(out + 1))
            : Path.of("benchmarks", "target", "results");
    new StoreBenchmark(quick ? Timing.QUICK : Timing.FULL, results).run();
  }
}
