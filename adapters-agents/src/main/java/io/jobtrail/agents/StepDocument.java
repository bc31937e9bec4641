package io.jobtrail.agents;

import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.domain.job.AgentInput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call as a JSON document: which attempt of which step, and what the agent is given. Absent
 * values (no plan yet, no feedback) are JSON nulls, so a reader always finds every field.
 */
public final class StepDocument {

  private StepDocument() {}

  public static Map<String, Object> of(AgentCall call) {
    AgentInput input = call.input();
    var document = new LinkedHashMap<String, Object>();
    document.put("jobId", call.jobId().toString());
    document.put("stepId", call.stepId().value());
    document.put("role", call.role().name());
    document.put("attempt", call.attempt());
    document.put("iteration", input.iteration());
    document.put("idempotencyKey", call.idempotencyKey());
    document.put("timeoutMs", call.timeout().toMillis());
    document.put("task", input.task());
    document.put("parameters", input.parameters());
    document.put("plan", input.plan());
    document.put("artifact", input.artifact());
    document.put("feedback", input.feedback());
    return document;
  }
}
