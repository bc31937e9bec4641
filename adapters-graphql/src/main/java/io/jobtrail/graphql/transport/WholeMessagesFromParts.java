package io.jobtrail.graphql.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Spring for GraphQL's WebSocket handler, taking each message in the parts the container reads and
 * handing it on whole. A message may be as large as an HTTP request ({@code
 * jobtrail.graphql.max-request-bytes}, counted in characters); a larger one closes the socket with
 * 1009 (message too big), the WebSocket protocol's answer, since it cannot be read to answer it.
 *
 * <p>Why parts: a container that hands over whole messages keeps, for every open socket, a buffer
 * as large as the largest message allowed (Tomcat allocates its text and binary buffers when the
 * socket opens). At 256 KB that was about 0.75 MB per subscriber, and 1,000 subscribers filled a 1
 * GB heap. Taking parts, the container keeps its default 8 KB buffer, and only a message larger
 * than that is assembled here, for as long as it is being read.
 *
 * <p>The handshake also declines per-message compression ({@code permessage-deflate}), which
 * browsers and most clients offer: Tomcat would keep a deflater (about 256 KB of native memory) and
 * an inflater for every socket, and compress every message for every subscriber in turn, while the
 * messages are a few hundred bytes of JSON that gain little from it.
 */
final class WholeMessagesFromParts extends GraphQlWebSocketHandler {

  private final int maxMessageChars;
  private final Map<String, StringBuilder> unfinished = new ConcurrentHashMap<>();

  WholeMessagesFromParts(
      WebGraphQlHandler graphQlHandler,
      HttpMessageConverter<Object> converter,
      Duration connectionInitTimeout,
      @Nullable Duration keepAlive,
      @Nullable CorsConfiguration cors,
      int maxMessageChars) {
    super(graphQlHandler, converter, connectionInitTimeout, keepAlive, cors);
    this.maxMessageChars = maxMessageChars;
  }

  @Override
  public WebSocketHttpRequestHandler initWebSocketHttpRequestHandler(HandshakeHandler ignored) {
    return super.initWebSocketHttpRequestHandler(new WithoutCompression());
  }

  private static final class WithoutCompression extends DefaultHandshakeHandler {
    @Override
    protected List<WebSocketExtension> filterRequestedExtensions(
        ServerHttpRequest request,
        List<WebSocketExtension> requested,
        List<WebSocketExtension> supported) {
      return List.of();
    }
  }

  @Override
  public boolean supportsPartialMessages() {
    return true;
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage part) throws Exception {
    if (!session.isOpen()) {
      return; // Closed for a message too big: the rest of it is not read.
    }
    StringBuilder started = unfinished.get(session.getId());
    int length = (started == null ? 0 : started.length()) + part.getPayload().length();
    if (length > maxMessageChars) {
      unfinished.remove(session.getId());
      session.close(CloseStatus.TOO_BIG_TO_PROCESS);
      return;
    }
    if (started == null && part.isLast()) {
      super.handleTextMessage(session, part); // Most messages: one part, no copy.
      return;
    }
    if (started == null) {
      started = new StringBuilder(2 * part.getPayload().length());
      unfinished.put(session.getId(), started);
    }
    started.append(part.getPayload());
    if (part.isLast()) {
      unfinished.remove(session.getId());
      super.handleTextMessage(session, new TextMessage(started));
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
    unfinished.remove(session.getId());
    super.afterConnectionClosed(session, closeStatus);
  }
}
