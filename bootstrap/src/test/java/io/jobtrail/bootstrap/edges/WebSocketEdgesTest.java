package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The WebSocket transport's edges: refused tokens, the subscription limit, message sizes. */
@ExtendWith(OutputCaptureExtension.class)
class WebSocketEdgesTest extends RunningJobtrail {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String UNKNOWN_JOB = "01a21a75-9f7d-72f4-ab04-6b81c7877277";

  @Test
  void givenAWrongToken_whenInitialising_thenClosedWith4401SoClientsStopRetrying() {
    try (RawSocket socket = RawSocket.open(port)) {
      socket.send(
          "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer wrong-token-000000\"}}");

      assertThat(socket.closeCode(WAIT)).isEqualTo(4401);
    }
  }

  @Test
  void givenRepeatedWrongTokens_whenInitialising_thenNoErrorIsLoggedAndNoTokenEither(
      CapturedOutput output) {
    for (int i = 0; i < 3; i++) {
      try (RawSocket socket = RawSocket.open(port)) {
        socket.send(
            "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer try-"
                + i
                + "-secret-000000\"}}");
        assertThat(socket.closeCode(WAIT)).isEqualTo(4401);
      }
    }

    assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("-secret-000000");
  }

  @Test
  void givenATokenInTheWebSocketUrl_whenConnecting_thenRefusedAndTheTokenNeverLogged(
      CapturedOutput output) {
    var connecting =
        java.net.http.HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("graphql-transport-ws")
            .buildAsync(
                java.net.URI.create("ws://localhost:" + port + "/graphql?token=" + VIEWER),
                new java.net.http.WebSocket.Listener() {});

    assertThat(connecting).failsWithin(WAIT);
    assertThat(output.getAll()).doesNotContain(VIEWER);
  }

  @Test
  void givenNoToken_whenInitialising_thenClosedWith4401() {
    try (RawSocket socket = RawSocket.open(port)) {
      socket.send("{\"type\":\"connection_init\",\"payload\":{}}");

      assertThat(socket.closeCode(WAIT)).isEqualTo(4401);
    }
  }

  @Test
  void givenTheLimitOfSubscriptions_whenOneMoreIsStarted_thenItIsRefusedAndTheOthersStay()
      throws Exception {
    try (RawSocket socket = RawSocket.initialised(port, VIEWER)) {
      for (int i = 1; i <= 51; i++) {
        socket.send(
            "{\"id\":\"s"
                + i
                + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { jobEvents(jobId: \\\""
                + UNKNOWN_JOB
                + "\\\") { id } }\"}}");
      }

      String refused = socket.awaitMessage("LIMIT_EXCEEDED", WAIT);
      assertThat(refused).isNotNull().contains("\"s51\"");
      // The socket and the 50 others are still there: one more query answers on it.
      socket.send(
          "{\"id\":\"q\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ orchestratorStatus { instanceId } }\"}}");
      assertThat(socket.awaitMessage("instanceId", WAIT)).isNotNull();
      assertThat(socket.closeCode(Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void givenACompletedSubscription_whenTheLimitWasReached_thenItsSlotIsFreeAgain()
      throws Exception {
    try (RawSocket socket = RawSocket.initialised(port, VIEWER)) {
      for (int i = 1; i <= 50; i++) {
        socket.send(
            "{\"id\":\"s"
                + i
                + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { jobEvents(jobId: \\\""
                + UNKNOWN_JOB
                + "\\\") { id } }\"}}");
      }
      socket.send("{\"id\":\"s1\",\"type\":\"complete\"}");
      Thread.sleep(300);
      socket.send(
          "{\"id\":\"again\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { jobEvents(jobId: \\\""
              + UNKNOWN_JOB
              + "\\\") { id } }\"}}");
      assertThat(socket.awaitMessage("LIMIT_EXCEEDED", Duration.ofSeconds(2))).isNull();
    }
  }

  @Test
  void givenALargeValidCommand_whenSentOverWebSocket_thenAnsweredAsOverHttp() throws Exception {
    String task = "x".repeat(20_000);
    try (RawSocket socket = RawSocket.initialised(port, OPERATOR)) {
      socket.send(
          "{\"id\":\"big\",\"type\":\"subscribe\",\"payload\":{\"query\":\"mutation($in: CreateJobInput!) {"
              + " createJob(input: $in) { id task } }\",\"variables\":{\"in\":{\"name\":\"ws-big\",\"task\":\""
              + task
              + "\",\"start\":false}}}}");

      String answer = socket.awaitMessage("\"big\"", WAIT);
      assertThat(answer).isNotNull().contains("createJob").doesNotContain("errors");
    }
  }

  @Test
  void givenAMessageAboveTheRequestLimit_whenSent_thenTheSocketClosesWith1009() throws Exception {
    try (RawSocket socket = RawSocket.initialised(port, OPERATOR)) {
      socket.send(
          "{\"id\":\"huge\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ orchestratorStatus { instanceId } }\","
              + "\"variables\":{\"pad\":\""
              + "x".repeat(300_000)
              + "\"}}}");

      assertThat(socket.closeCode(WAIT)).isEqualTo(1009);
    }
  }
}
