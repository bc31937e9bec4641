package io.jobtrail.graphql.transport;

import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A WebSocket session whose messages are written by a writer of its own (a virtual thread), as many
 * as are waiting in one write: Spring for GraphQL sends one message at a time and waits for each
 * write, so a subscriber with a burst of events cost a socket write (a system call and a TCP
 * segment) per event, and the messages behind it waited in the handler's queue. Here a send returns
 * once the message is queued; the writer takes everything queued and writes it as one batch (the
 * container's batching: frames gathered in its output buffer, written when it fills and at the end
 * of the batch).
 *
 * <p>The queue is small and a send waits when it is full, so a subscriber that stops reading still
 * backs up into its own bounded live queue and gets {@code RESYNC}, as before. Messages keep their
 * order: one queue, one writer. A failed write closes the session, as the handler does.
 */
final class BatchedSends extends WebSocketSessionDecorator {

  private static final Logger log = LoggerFactory.getLogger(BatchedSends.class);

  /** Messages queued before a send waits: a burst, not a backlog. */
  private static final int QUEUED = 64;

  private final BlockingQueue<WebSocketMessage<?>> queue = new ArrayBlockingQueue<>(QUEUED);
  private final Thread writer;

  BatchedSends(WebSocketSession session) {
    super(session);
    this.writer =
        Thread.ofVirtual().name("graphql-ws-writer-" + session.getId()).start(this::write);
  }

  @Override
  public void sendMessage(WebSocketMessage<?> message) throws IOException {
    if (!isOpen()) {
      throw new IOException("the WebSocket session is closed");
    }
    try {
      queue.put(message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while queueing a WebSocket message");
    }
  }

  /** Stops the writer; what is still queued is not sent (the socket is closed). */
  void stop() {
    writer.interrupt();
  }

  private void write() {
    var batch = new ArrayList<WebSocketMessage<?>>();
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch);
        writeAll(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      // Stopped: the session closed.
    } catch (IOException | RuntimeException e) {
      if (isOpen()) {
        log.debug("closing WebSocket session {}: a write failed", getId(), e);
        try {
          getDelegate().close(CloseStatus.SERVER_ERROR);
        } catch (IOException ignored) {
          // Already going.
        }
      }
    }
  }

  private void writeAll(List<WebSocketMessage<?>> batch) throws IOException {
    RemoteEndpoint.Basic remote =
        batch.size() > 1 && getDelegate() instanceof StandardWebSocketSession standard
            ? standard.getNativeSession().getBasicRemote()
            : null;
    if (remote == null) {
      for (WebSocketMessage<?> message : batch) {
        getDelegate().sendMessage(message);
      }
      return;
    }
    remote.setBatchingAllowed(true);
    try {
      for (WebSocketMessage<?> message : batch) {
        getDelegate().sendMessage(message);
      }
    } finally {
      remote.setBatchingAllowed(false); // Writes what is gathered.
    }
  }
}
