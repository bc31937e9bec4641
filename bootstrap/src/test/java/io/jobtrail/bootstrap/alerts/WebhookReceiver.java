package io.jobtrail.bootstrap.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver as a customer would write one, on a real HTTP server on 127.0.0.1: it checks
 * the signature (HMAC-SHA256 of "timestamp.body" with the shared secret, compared in constant time)
 * and answers 401 when it does not match, keeps every accepted delivery, and can be down (nothing
 * listening on its port) or answer with an error status.
 */
final class WebhookReceiver implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Received(
      String idempotencyKey, int attempt, long timestamp, Map<String, Object> body, Instant at) {}

  private final String secret;
  private final int port;
  private final List<Received> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger rejectedSignatures = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int answerStatus = 200;
  private @Nullable HttpServer server;

  /** A receiver on a free port, not yet listening. */
  WebhookReceiver(String secret) {
    this.secret = secret;
    try (var probe = new ServerSocket(0)) {
      this.port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hooks/jobtrail";
  }

  synchronized WebhookReceiver up() {
    if (server == null) {
      try {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        s.createContext("/hooks/jobtrail", this::handle);
        s.start();
        server = s;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Answer every request with this status (after checking the signature). */
  void answer(int status) {
    this.answerStatus = status;
  }

  List<Received> accepted() {
    return List.copyOf(accepted);
  }

  int rejectedSignatures() {
    return rejectedSignatures.get();
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String timestamp = exchange.getRequestHeaders().getFirst("X-Jobtrail-Timestamp");
    String signature = exchange.getRequestHeaders().getFirst("X-Jobtrail-Signature");
    int status;
    if (timestamp == null || signature == null || !validSignature(timestamp, body, signature)) {
      rejectedSignatures.incrementAndGet();
      status = 401;
    } else {
      status = answerStatus;
      if (status >= 200 && status < 300) {
        accepted.add(
            new Received(
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                Integer.parseInt(exchange.getRequestHeaders().getFirst("X-Jobtrail-Attempt")),
                Long.parseLong(timestamp),
                JSON.readValue(body, new TypeReference<Map<String, Object>>() {}),
                Instant.now()));
      }
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private boolean validSignature(String timestamp, String body, String signature) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected =
          "sha256="
              + HexFormat.of()
                  .formatHex(
                      mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
      return MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII),
          signature.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    down();
  }
}
