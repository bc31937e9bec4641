package io.jobtrail.agents.command;

import io.jobtrail.application.port.out.AgentFailure;
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
 */
final class StepResults {

  private final JsonMapper json;

  StepResults(JsonMapper json) {
    this.json = json;
  }

  AgentResult parse(AgentRole role, String stdout) throws AgentFailure {
    Map<String, Object> document = document(stdout);
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
