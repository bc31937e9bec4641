package io.jobtrail.bootstrap.edges;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A bare {@code graphql-transport-ws} connection: messages as text, in order, and the close code,
 * so tests see exactly what a client sees.
 */
final class RawSocket implements AutoCloseable {

  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private final java.util.concurrent.atomic.AtomicBoolean paused =
      new java.util.concurrent.atomic.AtomicBoolean();

  private RawSocket(URI uri) {
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("graphql-transport-ws")
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, new Listener())
            .join();
  }

  static RawSocket open(int port) {
    return new RawSocket(URI.create("ws://localhost:" + port + "/graphql"));
  }

  /** Opens a socket and completes the handshake with {@code token}; returns once acknowledged. */
  static RawSocket initialised(int port, String token) throws InterruptedException {
    RawSocket socket = open(port);
    socket.send(
        "{\"type\":\"connection_init\",\"payload\":{\"Authorization\":\"Bearer " + token + "\"}}");
    String ack = socket.next(Duration.ofSeconds(10));
    if (ack == null || !ack.contains("connection_ack")) {
      throw new AssertionError("no connection_ack: " + ack);
    }
    return socket;
  }

  /** Every message received so far, in order, whether or not it was taken with next(). */
  java.util.List<String> received() {
    return java.util.List.copyOf(received);
  }

  /** Stops taking messages (a slow client: the server's writes back up); {@link #resume} again. */
  void pause() {
    paused.set(true);
  }

  void resume() {
    if (paused.compareAndSet(true, false)) {
      socket.request(1);
    }
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  @Nullable String next(Duration timeout) throws InterruptedException {
    return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The message that contains {@code text}, skipping others; null if none comes in time. */
  @Nullable String awaitMessage(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String message = messages.poll(10, TimeUnit.MILLISECONDS);
      if (message != null && message.contains(text)) {
        return message;
      }
    }
    return null;
  }

  /** The close code the server sent, or null if it did not close in time. */
  @Nullable Integer closeCode(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        received.add(partial.toString());
        partial.setLength(0);
      }
      if (!paused.get()) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
