package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handshake as a browser sends it, over a raw socket: the GraphQL WebSocket is upgraded with
 * the graphql-ws protocol and without per-message compression, which browsers and most clients
 * offer and which would cost a deflater per socket and a compression per message (ADR 47).
 */
class WebSocketHandshakeTest extends RunningJobtrail {

  @Test
  void givenAClientOfferingCompression_whenItUpgrades_thenTheSocketIsOpenedWithoutIt()
      throws Exception {
    List<String> answer =
        upgrade("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");

    assertThat(answer.getFirst()).startsWith("HTTP/1.1 101");
    assertThat(answer).contains("Sec-WebSocket-Protocol: graphql-transport-ws");
    assertThat(answer).noneMatch(line -> line.toLowerCase().startsWith("sec-websocket-extensions"));
  }

  /** The status line and headers of the answer to an upgrade request with {@code header}. */
  private List<String> upgrade(String header) throws Exception {
    try (var socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String request =
          String.join(
              "\r\n",
              "GET /graphql HTTP/1.1",
              "Host: localhost:" + port,
              "Connection: Upgrade",
              "Upgrade: websocket",
              "Sec-WebSocket-Version: 13",
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
              "Sec-WebSocket-Protocol: graphql-transport-ws",
              header,
              "",
              "");
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      var lines = new ArrayList<String>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        lines.add(line);
      }
      return lines;
    }
  }
}
