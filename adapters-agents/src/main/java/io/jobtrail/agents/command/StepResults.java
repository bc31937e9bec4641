package io.jobtrail.agents.command;

import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentMeter;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a command's stdout: one JSON object, {@code {"plan": ...}}, {@code {"artifact": ...}} or
 * {@code {"verdict": "APPROVED" | "CHANGES_REQUESTED", "feedback": ...}} by role. Lines of other
 * output before it are tolerated when the last line is the object. A plan or artifact that is not a
 * string is kept as its JSON text.
 *
 * <p>The object may also report the call's usage: {@code "usage": {"model": "…", "promptTokens": n,
 * "completionTokens": n, "totalTokens": n, "parameters": {…}}}, every member optional ({@code
 * totalTokens} defaults to the sum). A usage that is not of this shape fails the attempt, so a
 * mistake in a script does not go unnoticed.
 */
final class StepResults {

  private final JsonMapper json;

  StepResults(JsonMapper json) {
    this.json = json;
  }

  AgentResult parse(AgentRole role, String stdout, AgentMeter meter) throws AgentFailure {
    Map<String, Object> document = document(stdout);
    if (document.get("usage") != null) {
      usage(document.get("usage"), meter);
    }
    return switch (role) {
      case PLANNER -> new AgentResult.Plan(text(document, "plan"));
      case CODER -> new AgentResult.Artifact(text(document, "artifact"));
      case CRITIQUE -> {
        Object feedback = document.get("feedback");
        yield new AgentResult.Review(
            verdict(document.get("verdict")), feedback == null ? "" : textOf(feedback));
      }
    };
  }

  private Map<String, Object> document(String stdout) throws AgentFailure {
    String trimmed = stdout.strip();
    if (trimmed.isEmpty()) {
      throw AgentFailure.retryable("the command wrote nothing on stdout; expected a JSON object");
    }
    Map<String, Object> whole = object(trimmed);
    if (whole != null) {
      return whole;
    }
    List<String> lines = trimmed.lines().toList();
    Map<String, Object> last = object(lines.getLast().strip());
    if (last != null) {
      return last;
    }
    throw AgentFailure.retryable(
        "the command's stdout is not a JSON object: " + abbreviate(trimmed, 300));
  }

  @SuppressWarnings("unchecked")
  private @Nullable Map<String, Object> object(String text) {
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      return json.readValue(text, Map.class);
    } catch (JacksonException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static void usage(Object value, AgentMeter meter) throws AgentFailure {
    if (!(value instanceof Map<?, ?> usage)) {
      throw AgentFailure.retryable("the command's \"usage\" must be an object, not " + value);
    }
    Object model = usage.get("model");
    Object parameters = usage.get("parameters");
    if ((model != null && !(model instanceof String))
        || (parameters != null && !(parameters instanceof Map<?, ?>))) {
      throw AgentFailure.retryable(
          "the command's \"usage\" needs \"model\" as a string and \"parameters\" as an object");
    }
    meter.model((String) model, parameters == null ? Map.of() : (Map<String, Object>) parameters);
    Long prompt = tokens(usage, "promptTokens");
    Long completion = tokens(usage, "completionTokens");
    Long total = tokens(usage, "totalTokens");
    if (prompt != null || completion != null || total != null) {
      long p = prompt == null ? 0 : prompt;
      long c = completion == null ? 0 : completion;
      meter.tokens(p, c, total == null ? p + c : total);
    }
  }

  private static @Nullable Long tokens(Map<?, ?> usage, String field) throws AgentFailure {
    Object value = usage.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 0) {
      return n.longValue();
    }
    throw AgentFailure.retryable(
        "the command's \"usage." + field + "\" must be a whole number of tokens, not " + value);
  }

  private String text(Map<String, Object> document, String field) throws AgentFailure {
    Object value = document.get(field);
    if (value == null) {
      throw AgentFailure.retryable("the command's output has no \"" + field + "\"");
    }
    return textOf(value);
  }

  private String textOf(Object value) {
    return value instanceof String s ? s : json.writeValueAsString(value);
  }

  private static Verdict verdict(@Nullable Object value) throws AgentFailure {
    if (value instanceof String s) {
      String normal = s.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
      if (normal.equals("APPROVED") || normal.equals("CHANGES_REQUESTED")) {
        return Verdict.valueOf(normal);
      }
    }
    throw AgentFailure.retryable(
        "the command's \"verdict\" must be APPROVED or CHANGES_REQUESTED, not " + value);
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
