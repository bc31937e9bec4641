package io.jobtrail.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket client speaking {@code graphql-transport-ws} as the web console does: {@code
 * connection_init} with the bearer token, then the console's own {@code jobEvents} subscription for
 * one job from its beginning. It checks that the job's sequences arrive contiguously and exactly
 * once, and records the latency (receive time minus the event's {@code timestamp}) of the events
 * stamped inside the measurement window.
 */
final class Subscriber implements WebSocket.Listener {

  /** The console's {@code JobEventsStream} document with its {@code JobEventFields}. */
  static final String DOCUMENT =
      "subscription JobEventsStream($jobId: ID!, $after: String) {"
          + " jobEvents(jobId: $jobId, after: $after) { id jobId eventType eventData timestamp"
          + " sequence position cursor metadata { traceId spanId userId version causationId"
          + " correlationId instanceId } } }";

  /** The window, in epoch microseconds of the events' timestamps, whose latencies count. */
  static final class Window {
    volatile long fromMicros = Long.MAX_VALUE;
    volatile long untilMicros = Long.MAX_VALUE;
  }

  private final String jobId;
  private final String token;
  private final Window window;
  private final StringBuilder partial = new StringBuilder();
  private final BitSet received = new BitSet();
  private @Nullable WebSocket socket;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  private long[] latencies = new long[256];
  private int latencyCount;
  private long inWindow;
  private long duplicates;
  private long outOfOrder;
  private int highest;
  private @Nullable String error;
  private boolean completed;
  private boolean closed;

  Subscriber(String jobId, String token, Window window) {
    this.jobId = jobId;
    this.token = token;
    this.window = window;
  }

  String jobId() {
    return jobId;
  }

  /** Opens the socket; the subscription follows the server's {@code connection_ack}. */
  CompletableFuture<WebSocket> connect(HttpClient client, URI uri) {
    return client
        .newWebSocketBuilder()
        .subprotocols("graphql-transport-ws")
        .connectTimeout(Duration.ofSeconds(20))
        .buildAsync(uri, this);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    synchronized (this) {
      socket = webSocket;
      send(
          "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer "
              + token
              + "\"}}");
    }
    // Unbounded demand: the listener never blocks, and asking for each message costs CPU.
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long receivedMicros = StepTimes.micros(Instant.now());
    synchronized (this) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        handle(message, receivedMicros);
      }
    }
    return null;
  }

  private void handle(String message, long receivedMicros) {
    String type = field(message, "\"type\":\"", false);
    switch (type) {
      case "next" -> next(message, receivedMicros);
      case "connection_ack" ->
          send(
              "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\""
                  + DOCUMENT
                  + "\",\"variables\":{\"jobId\":\""
                  + jobId
                  + "\"}}}");
      case "ping" -> send("{\"type\":\"pong\"}");
      case "complete" -> completed = true;
      case "error" -> error = message;
      default -> {
        // pong and anything else: nothing to do.
      }
    }
  }

  private void next(String message, long receivedMicros) {
    // The event's own fields follow eventData, so the last occurrence is the event's.
    int sequence = Integer.parseInt(number(message, message.lastIndexOf("\"sequence\":") + 11));
    long stamped = StepTimes.micros(Instant.parse(field(message, "\"timestamp\":\"", true)));
    if (received.get(sequence)) {
      duplicates++;
    } else {
      received.set(sequence);
    }
    if (sequence < highest) {
      outOfOrder++;
    }
    highest = Math.max(highest, sequence);
    if (stamped >= window.fromMicros && stamped < window.untilMicros) {
      inWindow++;
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[latencyCount++] = receivedMicros - stamped;
    }
  }

  /** Sends in order: the JDK WebSocket allows one outstanding send at a time. */
  private void send(String text) {
    WebSocket ws = socket;
    if (ws != null) {
      sending = sending.thenCompose(done -> ws.sendText(text, true));
    }
  }

  @Override
  public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    synchronized (this) {
      closed = true;
      if (!completed && error == null && statusCode != WebSocket.NORMAL_CLOSURE) {
        error = "closed by the server: " + statusCode + " " + reason;
      }
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable failure) {
    synchronized (this) {
      closed = true;
      if (error == null) {
        error = "socket error: " + failure;
      }
    }
  }

  /** Every sequence from 1 up to this one has arrived. */
  synchronized int contiguous() {
    return received.nextClearBit(1) - 1;
  }

  synchronized @Nullable String error() {
    return error;
  }

  /** Sequences up to {@code head} that never arrived. */
  synchronized long lost(long head) {
    long got = received.get(1, (int) head + 1).cardinality();
    return head - got;
  }

  /** Sequences that arrived more than once, or beyond the job's head. */
  synchronized long duplicated(long head) {
    return duplicates + received.get((int) head + 1, Integer.MAX_VALUE).cardinality();
  }

  synchronized long outOfOrder() {
    return outOfOrder;
  }

  synchronized long inWindow() {
    return inWindow;
  }

  /** Adds this subscriber's window latencies to {@code into}. */
  synchronized void latencies(Latency into) {
    for (int i = 0; i < latencyCount; i++) {
      into.record(latencies[i] * 1_000);
    }
  }

  /** Drops the connection without a close handshake, as a lost network would. */
  void drop() {
    WebSocket ws;
    synchronized (this) {
      ws = socket;
    }
    if (ws != null) {
      ws.abort();
    }
  }

  /** Stops the subscription and closes the socket, waiting at most {@code timeout}. */
  void close(Duration timeout) {
    WebSocket ws;
    CompletableFuture<?> sent;
    synchronized (this) {
      ws = socket;
      if (ws == null || closed) {
        return;
      }
      send("{\"id\":\"1\",\"type\":\"complete\"}");
      sent = sending.thenCompose(done -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }
    try {
      sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      ws.abort();
    }
  }

  /** The string after {@code key}'s first (or last) occurrence, up to the closing quote. */
  private static String field(String message, String key, boolean last) {
    int at = last ? message.lastIndexOf(key) : message.indexOf(key);
    if (at < 0) {
      return "";
    }
    int start = at + key.length();
    return message.substring(start, message.indexOf('"', start));
  }

  private static String number(String message, int start) {
    int end = start;
    while (end < message.length() && Character.isDigit(message.charAt(end))) {
      end++;
    }
    return message.substring(start, end);
  }
}
