package io.jobtrail.benchmarks;

import java.util.ArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code writers} threads, each writing batches of {@code batch} events to a job of its own,
 * first to warm up, then measured: every operation (one transaction) is timed.
 */
final class WriteRun {

  /** One writer: {@link #write()} writes one batch in one transaction. */
  interface Writer {
    void write() throws Exception;
  }

  interface WriterFactory {
    Writer create(int index) throws Exception;
  }

  record Result(String kind, int writers, int batch, long events, double seconds, Latency latency) {
    double eventsPerSecond() {
      return events / seconds;
    }
  }

  private WriteRun() {}

  static Result run(
      String kind,
      int writers,
      int batch,
      Timing timing,
      Runnable beforeMeasuring,
      WriterFactory factory)
      throws Exception {
    var created = new ArrayList<Writer>(writers);
    for (int i = 0; i < writers; i++) {
      created.add(factory.create(i));
    }
    long[] window = new long[2];
    var warmedUp =
        new CyclicBarrier(
            writers,
            () -> {
              beforeMeasuring.run();
              window[0] = System.nanoTime();
              window[1] = window[0] + timing.measure().toNanos();
            });
    long warmupEnd = System.nanoTime() + timing.warmup().toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      var futures = new ArrayList<Future<WriterResult>>(writers);
      for (Writer writer : created) {
        futures.add(
            pool.submit(
                () -> {
                  for (int ops = 0;
                      ops < timing.maxOpsPerWriter() && System.nanoTime() < warmupEnd;
                      ops++) {
                    writer.write();
                  }
                  warmedUp.await();
                  var latency = new Latency();
                  long end = window[1];
                  int ops = 0;
                  long now = System.nanoTime();
                  while (ops < timing.maxOpsPerWriter() && now < end) {
                    writer.write();
                    long done = System.nanoTime();
                    latency.record(done - now);
                    now = done;
                    ops++;
                  }
                  return new WriterResult(ops, latency, now);
                }));
      }
      var latency = new Latency();
      long ops = 0;
      long finished = 0;
      long timeout = timing.warmup().plus(timing.measure()).toSeconds() + 120;
      for (Future<WriterResult> future : futures) {
        WriterResult r = future.get(timeout, TimeUnit.SECONDS);
        ops += r.ops();
        latency.add(r.latency());
        finished = Math.max(finished, r.finishedAt());
      }
      double seconds = (finished - window[0]) / 1e9;
      return new Result(kind, writers, batch, ops * batch, seconds, latency);
    } finally {
      pool.shutdownNow();
    }
  }

  private record WriterResult(long ops, Latency latency, long finishedAt) {}
}
