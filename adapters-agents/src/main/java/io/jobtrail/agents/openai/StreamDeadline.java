package io.jobtrail.agents.openai;

import io.jobtrail.application.port.out.AgentCancellation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a response body that is still being read when the step's time is up or the call is
 * cancelled: it closes the body, which wakes a read blocked on a server that stalls (and releases
 * the connection). The reader then asks {@link #passed()} to tell a timeout from a break.
 */
final class StreamDeadline implements AutoCloseable {

  private final CompletableFuture<Void> reading = new CompletableFuture<>();
  private volatile boolean passed;

  /**
   * @param remaining the time left of the step
   */
  StreamDeadline(InputStream body, Duration remaining, AgentCancellation cancellation) {
    reading
        .orTimeout(Math.max(remaining.toNanos(), 0), TimeUnit.NANOSECONDS)
        .whenComplete(
            (done, failure) -> {
              if (failure instanceof TimeoutException) {
                passed = true;
                closeQuietly(body);
              }
            });
    cancellation.onCancel(() -> closeQuietly(body));
  }

  /** Whether the step's time ran out while the body was read. */
  boolean passed() {
    return passed;
  }

  /** The body was read (or given up): no timeout any more. */
  @Override
  public void close() {
    reading.complete(null);
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException alreadyBroken) {
      // Closing is all that was wanted.
    }
  }
}
