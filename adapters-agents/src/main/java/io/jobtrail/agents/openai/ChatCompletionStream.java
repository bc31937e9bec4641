package io.jobtrail.agents.openai;

import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.domain.job.AgentUsage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a streamed chat completion: server-sent events whose {@code data} is a JSON chunk, ended by
 * {@code data: [DONE]}. Each chunk's {@code choices[0].delta.content} is a piece of the reply (also
 * passed on to the log as it arrives), any chunk may name the {@code model}, and the last one (with
 * empty {@code choices}) carries the {@code usage}. Comments (keep-alives) and the fields {@code
 * event}, {@code id} and {@code retry} are skipped.
 *
 * <p>A stream that is not what the protocol says fails the attempt (retried): a chunk that is not a
 * JSON object, an {@code error} chunk, an end before {@code [DONE]}, or no content at all. A read
 * that fails (the connection broke, the body was closed) throws {@link IOException} for the caller
 * to explain.
 */
final class ChatCompletionStream {

  /** A stream read to its {@code [DONE]}. */
  record Reply(String content, @Nullable String model, AgentUsage.@Nullable Tokens tokens) {}

  private static final String DONE = "[DONE]";

  private final JsonMapper json;
  private final String source;
  private final StreamedLines lines;
  private final StringBuilder content = new StringBuilder();
  private boolean hadContent;
  private @Nullable String model;
  private AgentUsage.@Nullable Tokens tokens;

  /**
   * @param source names the endpoint in failures
   */
  private ChatCompletionStream(JsonMapper json, String source, StreamedLines lines) {
    this.json = json;
    this.source = source;
    this.lines = lines;
  }

  /** Reads {@code body} to its {@code [DONE]}; the text streamed goes to {@code lines}. */
  static Reply read(InputStream body, JsonMapper json, String source, StreamedLines lines)
      throws IOException, AgentFailure {
    var stream = new ChatCompletionStream(json, source, lines);
    try {
      return stream.readEvents(
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
    } finally {
      lines.flush();
    }
  }

  private Reply readEvents(BufferedReader reader) throws IOException, AgentFailure {
    var data = new StringBuilder();
    boolean hasData = false;
    while (true) {
      String line = reader.readLine();
      // A blank line ends an event; so does the end of the body (lenient to a last event without).
      if (line == null || line.isEmpty()) {
        if (hasData && accept(data.toString())) {
          return reply();
        }
        data.setLength(0);
        hasData = false;
        if (line == null) {
          throw AgentFailure.retryable(
              "the stream from " + source + " ended before data: " + DONE + snippet(content));
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      if (field.equals("data")) {
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (hasData) {
          data.append('\n');
        }
        data.append(value.startsWith(" ") ? value.substring(1) : value);
        hasData = true;
      }
    }
  }

  /** Takes one event's data; true when it is the end of the stream. */
  @SuppressWarnings("unchecked")
  private boolean accept(String data) throws AgentFailure {
    if (data.strip().equals(DONE)) {
      return true;
    }
    Map<String, Object> chunk;
    try {
      chunk = json.readValue(data, Map.class);
    } catch (JacksonException e) {
      throw malformed(data);
    }
    if (chunk == null) {
      throw malformed(data);
    }
    if (chunk.get("error") instanceof Map<?, ?> error) {
      Object message = error.get("message");
      throw AgentFailure.retryable(
          "the stream from "
              + source
              + " reported an error: "
              + (message != null ? message : json.writeValueAsString(error)));
    }
    String named = ReplyUsage.model(chunk.get("model"));
    if (named != null) {
      model = named;
    }
    AgentUsage.Tokens counted = ReplyUsage.tokens(chunk.get("usage"));
    if (counted != null) {
      tokens = counted;
    }
    if (chunk.get("choices") instanceof List<?> choices
        && !choices.isEmpty()
        && choices.getFirst() instanceof Map<?, ?> choice
        && choice.get("delta") instanceof Map<?, ?> delta
        && delta.get("content") instanceof String piece) {
      hadContent = true;
      content.append(piece);
      lines.append(piece);
    }
    return false;
  }

  private Reply reply() throws AgentFailure {
    if (!hadContent) {
      throw AgentFailure.retryable(
          "the stream from " + source + " carried no choices[0].delta.content");
    }
    return new Reply(content.toString(), model, tokens);
  }

  private AgentFailure malformed(String data) {
    String text = data.strip();
    return AgentFailure.retryable(
        "the stream from "
            + source
            + " has a malformed chunk (not a JSON object): "
            + (text.length() <= 200 ? text : text.substring(0, 200) + "…"));
  }

  private static String snippet(CharSequence received) {
    return received.isEmpty()
        ? " (no content received)"
        : " (after " + received.length() + " characters of content)";
  }
}
