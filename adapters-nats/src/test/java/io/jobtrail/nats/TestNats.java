package io.jobtrail.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * The NATS server (with JetStream) the tests publish to: {@code JOBTRAIL_TEST_NATS_URL}, else
 * 127.0.0.1:4222. It must answer: these tests fail rather than skip when it does not ({@code
 * .ci/run} starts one).
 */
public final class TestNats {

  public static final String URL =
      System.getenv().getOrDefault("JOBTRAIL_TEST_NATS_URL", "nats://127.0.0.1:4222");

  private TestNats() {}

  public static Connection connect() throws IOException, InterruptedException {
    try {
      return Nats.connect(
          Options.builder().server(URL).connectionTimeout(Duration.ofSeconds(5)).build());
    } catch (IOException e) {
      throw new IOException(
          "no NATS server answers at "
              + URL
              + ": start one with `nats-server -js -a 127.0.0.1 -p 4222 -sd <dir>` (.ci/run does)",
          e);
    }
  }

  /** A stream name no other test uses. */
  public static String uniqueStream() {
    return "JOBTRAIL_TEST_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Deletes the stream if it exists. */
  public static void deleteStream(String stream) throws Exception {
    try (Connection nats = connect()) {
      nats.jetStreamManagement().deleteStream(stream);
    } catch (io.nats.client.JetStreamApiException e) {
      // Already gone.
    }
  }
}
