package io.jobtrail.graphql.transport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
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
    return super.initWebSocketHttpRequestHandler(
        new DefaultHandshakeHandler(new WithoutCompression()));
  }

  /**
   * The container's upgrade, with the client's extension offers hidden from it. Choosing none in
   * the handshake handler is not enough: Tomcat takes an empty choice as "the container's own", and
   * negotiates {@code permessage-deflate} from the request's header itself.
   */
  private static final class WithoutCompression implements RequestUpgradeStrategy {
    private final RequestUpgradeStrategy container = new StandardWebSocketUpgradeStrategy();

    @Override
    public String[] getSupportedVersions() {
      return container.getSupportedVersions();
    }

    @Override
    public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
      return List.of();
    }

    @Override
    public void upgrade(
        ServerHttpRequest request,
        ServerHttpResponse response,
        @Nullable String selectedProtocol,
        List<WebSocketExtension> selectedExtensions,
        @Nullable Principal user,
        WebSocketHandler handler,
        Map<String, Object> attributes)
        throws HandshakeFailureException {
      ServerHttpRequest offersNothing =
          request instanceof ServletServerHttpRequest servlet
              ? new ServletServerHttpRequest(
                  new WithoutExtensionOffers(servlet.getServletRequest()))
              : request;
      container.upgrade(
          offersNothing, response, selectedProtocol, List.of(), user, handler, attributes);
    }
  }

  /** The request without its {@code Sec-WebSocket-Extensions} header. */
  private static final class WithoutExtensionOffers extends HttpServletRequestWrapper {
    private static final String OFFERS = "Sec-WebSocket-Extensions";

    WithoutExtensionOffers(HttpServletRequest request) {
      super(request);
    }

    @Override
    public @Nullable String getHeader(String name) {
      return OFFERS.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return OFFERS.equalsIgnoreCase(name)
          ? Collections.emptyEnumeration()
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(
          Collections.list(super.getHeaderNames()).stream()
              .filter(name -> !OFFERS.equalsIgnoreCase(name))
              .toList());
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
