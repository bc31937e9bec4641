package io.jobtrail.webhooks;

import io.jobtrail.application.alert.InvalidAlertInput;
import io.jobtrail.application.port.out.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Webhook attempts over the JDK's HTTP client: a POST of the JSON body with the signature headers
 * ({@link WebhookSignature}), the delivery id as {@code Idempotency-Key} (the same on every
 * attempt), a timeout for connecting and one for the whole exchange, and no redirects (a redirect
 * could lead past the target check). A 2xx answer is a delivery; anything else, or no answer, is a
 * failed attempt with its reason.
 */
public final class HttpWebhookSender implements WebhookSender {

  private static final int ERROR_BODY_CHARS = 200;

  private final HttpClient client;
  private final WebhookTargets targets;
  private final Duration timeout;
  private final Clock clock;

  public HttpWebhookSender(WebhookTargets targets, Duration timeout, Clock clock) {
    this.targets = targets;
    this.timeout = timeout;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public void checkTarget(URI url) {
    targets.check(url);
  }

  @Override
  public Response send(Request request) {
    long started = System.nanoTime();
    try {
      targets.check(request.url());
    } catch (InvalidAlertInput e) {
      return new Response(null, 0, "not sent: " + e.getMessage());
    }
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest http =
        HttpRequest.newBuilder(request.url())
            // Plain http: HTTP/1.1 at once, not an h2c upgrade most receivers do not speak.
            .version(
                "http".equalsIgnoreCase(request.url().getScheme())
                    ? HttpClient.Version.HTTP_1_1
                    : HttpClient.Version.HTTP_2)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Jobtrail-Webhooks/1")
            .header("X-Jobtrail-Timestamp", Long.toString(timestamp))
            .header(
                "X-Jobtrail-Signature",
                WebhookSignature.sign(request.secret(), timestamp, request.body()))
            .header("Idempotency-Key", request.deliveryId().toString())
            .header("X-Jobtrail-Delivery", request.deliveryId().toString())
            .header("X-Jobtrail-Attempt", Integer.toString(request.attempt()))
            .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response = client.send(http, HttpResponse.BodyHandlers.ofString());
      long latency = millisSince(started);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new Response(status, latency, null);
      }
      return new Response(status, latency, "HTTP " + status + answer(response.body()));
    } catch (HttpTimeoutException e) {
      return new Response(
          null, millisSince(started), "timed out after " + timeout.toMillis() + "ms");
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Response(null, millisSince(started), "no answer: " + reason);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(null, millisSince(started), "interrupted: the instance is stopping");
    }
  }

  private static String answer(String body) {
    String text = body.strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": "
        + (text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "…" : text);
  }

  private static long millisSince(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }
}
