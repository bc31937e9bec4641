package io.jobtrail.agents.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that speaks the chat-completions protocol: {@code POST /v1/chat/completions}
 * answers with what the test sets (a reply text, or a status and body, optionally late, or a stream
 * of server-sent events that ends as told) and every request is recorded. Answers queued with
 * {@link #queue} are given first, one per request, in order; then the standing answer.
 */
public final class ChatCompletionsServer implements AutoCloseable {

  public static final String MODEL = "test-model-0613";

  public record Request(
      String method, String path, Map<String, List<String>> headers, Map<String, Object> body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /** How a streamed answer ends after its events. */
  public enum StreamEnd {
    /** {@code data: [DONE]}, as the protocol says. */
    DONE,
    /** The body ends without {@code [DONE]}. */
    CLOSED,
    /** The connection stays open and nothing more is sent (until the server closes). */
    STALLED,
    /** The connection is dropped in the middle of the body. */
    BROKEN
  }

  /** What the server answers to one request. */
  public sealed interface Answer {
    record Plain(int status, String body) implements Answer {}

    /**
     * @param events the {@code data} of each event, sent one by one
     */
    record Streamed(List<String> events, StreamEnd end) implements Answer {}
  }

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Queue<Answer> queued = new ConcurrentLinkedQueue<>();
  private final AtomicInteger eventsSent = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Answer standing = new Answer.Plain(200, "");
  private volatile long delayMs;
  private volatile long eventDelayMs;

  public ChatCompletionsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers with a completion whose first choice says {@code content}. */
  public void replyWith(String content) {
    standing = new Answer.Plain(200, completion(content));
  }

  public void answer(int status, String body) {
    standing = new Answer.Plain(status, body);
  }

  /** Answers with a stream of these events, then ends it as told. */
  public void stream(List<String> events, StreamEnd end) {
    standing = new Answer.Streamed(events, end);
  }

  /** Answers the next request (before the standing answer) with this. */
  public void queue(Answer answer) {
    queued.add(answer);
  }

  /** Waits this long before answering. */
  public void delay(long millis) {
    delayMs = millis;
  }

  /** Waits this long before each event of a stream. */
  public void eventDelay(long millis) {
    eventDelayMs = millis;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Events of streams sent so far. */
  int eventsSent() {
    return eventsSent.get();
  }

  /** A plain completion whose first choice says {@code content}, with usage 10 + 5. */
  String completion(String content) {
    return json.writeValueAsString(
        Map.of(
            "id",
            "chatcmpl-test",
            "object",
            "chat.completion",
            "model",
            MODEL,
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

  /**
   * The events of a streamed completion as OpenAI sends them: a first chunk with the role, one
   * chunk per piece of content, one with the finish reason, and a last one with empty choices and
   * the usage (prompt {@code promptTokens}, completion one a piece); {@code [DONE]} is the end's.
   */
  public static List<String> completionChunks(List<String> pieces, int promptTokens) {
    var json = JsonMapper.builder().build();
    var events = new ArrayList<String>();
    events.add(chunk(json, List.of(choice(Map.of("role", "assistant", "content", ""), null))));
    for (String piece : pieces) {
      events.add(chunk(json, List.of(choice(Map.of("content", piece), null))));
    }
    events.add(chunk(json, List.of(choice(Map.of(), "stop"))));
    var last = new LinkedHashMap<String, Object>();
    last.put("id", "chatcmpl-test");
    last.put("object", "chat.completion.chunk");
    last.put("model", MODEL);
    last.put("choices", List.of());
    last.put(
        "usage",
        Map.of(
            "prompt_tokens",
            promptTokens,
            "completion_tokens",
            pieces.size(),
            "total_tokens",
            promptTokens + pieces.size()));
    events.add(json.writeValueAsString(last));
    return events;
  }

  private static String chunk(JsonMapper json, List<Map<String, Object>> choices) {
    var chunk = new LinkedHashMap<String, Object>();
    chunk.put("id", "chatcmpl-test");
    chunk.put("object", "chat.completion.chunk");
    chunk.put("model", MODEL);
    chunk.put("choices", choices);
    chunk.put("usage", null);
    return json.writeValueAsString(chunk);
  }

  private static Map<String, Object> choice(Map<String, Object> delta, String finishReason) {
    var choice = new LinkedHashMap<String, Object>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("finish_reason", finishReason);
    return choice;
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
      Answer next = queued.poll();
      switch (next != null ? next : standing) {
        case Answer.Plain plain -> answerPlain(exchange, plain);
        case Answer.Streamed streamed -> answerStreamed(exchange, streamed);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answerPlain(HttpExchange exchange, Answer.Plain plain) throws IOException {
    byte[] bytes = plain.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(plain.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void answerStreamed(HttpExchange exchange, Answer.Streamed streamed)
      throws IOException, InterruptedException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
    // A broken stream announces more than it sends, so the client sees the connection end early.
    exchange.sendResponseHeaders(200, streamed.end() == StreamEnd.BROKEN ? 1_000_000 : 0);
    OutputStream out = exchange.getResponseBody();
    out.write(": keep-alive comment\n\n".getBytes(StandardCharsets.UTF_8));
    for (String event : streamed.events()) {
      if (eventDelayMs > 0) {
        Thread.sleep(eventDelayMs);
      }
      out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      eventsSent.incrementAndGet();
    }
    switch (streamed.end()) {
      case DONE -> out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      case CLOSED, BROKEN -> {}
      case STALLED -> closing.await();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
