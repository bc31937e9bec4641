package io.jobtrail.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jobtrail.application.port.out.WebhookSender;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1. */
class HttpWebhookSenderTest {

  private static final String SECRET = "a-shared-secret-0123456789";
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private HttpServer server;
  private HttpWebhookSender sender;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok",
        exchange -> {
          exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.getFirst()));
          seen.put(
              "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.createContext(
        "/broken",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] answer = "upstream on fire".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(503, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    sender =
        new HttpWebhookSender(
            new WebhookTargets(true), Duration.ofMillis(500), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private WebhookSender.Response send(String path, UUID id) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return sender.send(new WebhookSender.Request(url, "{\"hello\":\"world\"}", SECRET, id, 3));
  }

  @Test
  void givenAReceiver_whenSent_thenTheBodyIsSignedAndCarriesTheIdempotencyKey() throws Exception {
    UUID id = UUID.randomUUID();

    WebhookSender.Response response = send("/ok", id);

    assertThat(response.delivered()).isTrue();
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(seen)
        .containsEntry("body", "{\"hello\":\"world\"}")
        .containsEntry("content-type", "application/json")
        .containsEntry("x-jobtrail-timestamp", Long.toString(NOW.getEpochSecond()))
        .containsEntry("idempotency-key", id.toString())
        .containsEntry("x-jobtrail-attempt", "3");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "sha256="
            + java.util.HexFormat.of()
                .formatHex(
                    mac.doFinal(
                        (NOW.getEpochSecond() + ".{\"hello\":\"world\"}")
                            .getBytes(StandardCharsets.UTF_8)));
    assertThat(seen).containsEntry("x-jobtrail-signature", expected);
  }

  @Test
  void givenAnErrorStatus_whenSent_thenAFailedAttemptWithTheStatusAndAnswer() {
    WebhookSender.Response response = send("/broken", UUID.randomUUID());

    assertThat(response.delivered()).isFalse();
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.error()).isEqualTo("HTTP 503: upstream on fire");
  }

  @Test
  void givenARedirect_whenSent_thenItIsNotFollowed() {
    WebhookSender.Response response = send("/moved", UUID.randomUUID());

    assertThat(response.delivered()).isFalse();
    assertThat(response.statusCode()).isEqualTo(302);
  }

  @Test
  void givenASlowReceiver_whenSent_thenItTimesOut() {
    WebhookSender.Response response = send("/slow", UUID.randomUUID());

    assertThat(response.delivered()).isFalse();
    assertThat(response.statusCode()).isNull();
    assertThat(response.error()).startsWith("timed out");
  }

  @Test
  void givenNobodyListening_whenSent_thenNoAnswer() {
    URI url = URI.create("http://127.0.0.1:1/hook");
    WebhookSender.Response response =
        sender.send(new WebhookSender.Request(url, "{}", SECRET, UUID.randomUUID(), 1));

    assertThat(response.delivered()).isFalse();
    assertThat(response.error()).startsWith("no answer");
  }

  @Test
  void givenATargetThatIsNoLongerAllowed_whenSent_thenNotSent() {
    var strict =
        new HttpWebhookSender(new WebhookTargets(false), Duration.ofMillis(500), Clock.systemUTC());
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ok");

    WebhookSender.Response response =
        strict.send(new WebhookSender.Request(url, "{}", SECRET, UUID.randomUUID(), 1));

    assertThat(response.delivered()).isFalse();
    assertThat(response.error()).startsWith("not sent: ");
    assertThat(seen).isEmpty();
  }
}
