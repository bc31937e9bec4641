package io.jobtrail.agents.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that speaks the chat-completions protocol: {@code POST /v1/chat/completions}
 * answers with what the test sets (a reply text, or a status and body, optionally late) and every
 * request is recorded.
 */
final class ChatCompletionsServer implements AutoCloseable {

  record Request(
      String method, String path, Map<String, List<String>> headers, Map<String, Object> body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "";
  private volatile long delayMs;

  ChatCompletionsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers with a completion whose first choice says {@code content}. */
  void replyWith(String content) {
    status = 200;
    body =
        json.writeValueAsString(
            Map.of(
                "id",
                "chatcmpl-test",
                "object",
                "chat.completion",
                "model",
                "test-model-0613",
                "choices",
                List.of(
                    Map.of(
                        "index",
                        0,
                        "message",
                        Map.of("role", "assistant", "content", content),
                        "finish_reason",
                        "stop")),
                "usage",
                Map.of("prompt_tokens", 10, "completion_tokens", 5)));
  }

  void answer(int status, String body) {
    this.status = status;
    this.body = body;
  }

  void delay(long millis) {
    delayMs = millis;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              json.readValue(text, Map.class)));
      if (delayMs > 0) {
        Thread.sleep(delayMs);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
