package io.jobtrail.agents.openai;

import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.Verdict;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the critique's verdict from a model's reply: a JSON object {@code {"verdict": ...,
 * "feedback": ...}} (also inside a code fence), or else the first of APPROVED / CHANGES_REQUESTED
 * (also "changes requested", "not approved", "rejected") in the text, which is then the feedback
 * (without a first line that holds only the verdict). A reply with no verdict fails the attempt.
 */
final class VerdictReply {

  private static final Pattern VERDICT =
      Pattern.compile(
          "\\b(NOT\\s+APPROVED|CHANGES[\\s_-]+REQUESTED|REJECTED|APPROVED)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern FENCE = Pattern.compile("(?s)^```(?:json)?\\s*(.*?)\\s*```$");

  private VerdictReply() {}

  static AgentResult.Review parse(String reply, JsonMapper json) throws AgentFailure {
    String text = reply.strip();
    AgentResult.Review structured = structured(text, json);
    if (structured != null) {
      return structured;
    }
    Matcher matcher = VERDICT.matcher(text);
    if (!matcher.find()) {
      throw AgentFailure.retryable(
          "the critique's reply names no verdict (APPROVED or CHANGES_REQUESTED): "
              + (text.length() <= 200 ? text : text.substring(0, 200) + "…"));
    }
    Verdict verdict =
        matcher.group(1).toUpperCase(Locale.ROOT).equals("APPROVED")
            ? Verdict.APPROVED
            : Verdict.CHANGES_REQUESTED;
    return new AgentResult.Review(verdict, feedback(text));
  }

  @SuppressWarnings("unchecked")
  private static AgentResult.Review structured(String text, JsonMapper json) {
    Matcher fenced = FENCE.matcher(text);
    String candidate = fenced.matches() ? fenced.group(1) : text;
    if (!candidate.startsWith("{")) {
      return null;
    }
    try {
      Map<String, Object> object = json.readValue(candidate, Map.class);
      if (object.get("verdict") instanceof String v) {
        String normal = v.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
        if (normal.equals("APPROVED") || normal.equals("CHANGES_REQUESTED")) {
          Object feedback = object.get("feedback");
          return new AgentResult.Review(
              Verdict.valueOf(normal), feedback == null ? "" : String.valueOf(feedback));
        }
      }
    } catch (JacksonException notJson) {
      // Read it as text.
    }
    return null;
  }

  /** The reply without a first line that holds only the verdict. */
  private static String feedback(String text) {
    String first = text.lines().findFirst().orElse("");
    String bare = first.replaceAll("[^A-Za-z_ ]", "").strip();
    if (VERDICT.matcher(bare).matches()) {
      return text.substring(first.length()).strip();
    }
    return text;
  }
}
