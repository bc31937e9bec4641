package io.jobtrail.agents.openai;

import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentRole;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prompt templates: {@code {{task}}}, {@code {{plan}}}, {@code {{artifact}}}, {@code {{feedback}}},
 * {@code {{parameters}}} (JSON), {@code {{iteration}}}, {@code {{stepId}}} and {@code {{attempt}}}
 * are replaced by the call's values (empty when absent); other text is kept.
 */
final class PromptTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z]+)\\s*}}");

  private PromptTemplate() {}

  static String render(String template, AgentCall call, JsonMapper json) {
    AgentInput input = call.input();
    Map<String, String> values =
        Map.of(
            "task", input.task(),
            "plan", orEmpty(input.plan()),
            "artifact", orEmpty(input.artifact()),
            "feedback", orEmpty(input.feedback()),
            "parameters", json.writeValueAsString(input.parameters()),
            "iteration", String.valueOf(input.iteration()),
            "stepId", call.stepId().value(),
            "attempt", String.valueOf(call.attempt()));
    Matcher matcher = PLACEHOLDER.matcher(template);
    var out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(value != null ? value : matcher.group()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  static String system(AgentRole role) {
    return switch (role) {
      case PLANNER ->
          "You are the planner of a plan-code-review pipeline. You write short, concrete,"
              + " numbered plans.";
      case CODER ->
          "You are the coder of a plan-code-review pipeline. You carry out the plan and answer"
              + " with the complete result only.";
      case CRITIQUE ->
          "You are the reviewer of a plan-code-review pipeline. You judge whether the result"
              + " carries out the task and the plan.";
    };
  }

  static String user(AgentRole role) {
    return switch (role) {
      case PLANNER ->
          """
          Task:
          {{task}}

          Parameters (JSON):
          {{parameters}}

          Write a numbered plan for carrying out the task.""";
      case CODER ->
          """
          Task:
          {{task}}

          Plan:
          {{plan}}

          Your previous version (empty on the first iteration):
          {{artifact}}

          Reviewer feedback to address (may be empty):
          {{feedback}}

          Write iteration {{iteration}} of the result.""";
      case CRITIQUE ->
          """
          Task:
          {{task}}

          Plan:
          {{plan}}

          Result to review:
          {{artifact}}

          Answer APPROVED or CHANGES_REQUESTED on the first line, then your feedback.""";
    };
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
