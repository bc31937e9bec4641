package io.jobtrail.agents;

import io.jobtrail.application.log.LogLevel;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentCancellation;
import io.jobtrail.application.port.out.AgentLog;
import io.jobtrail.application.port.out.AgentMeter;
import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.StepId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Agent calls for tests, and a log that remembers its lines. */
public final class Calls {

  public static final JobId JOB =
      new JobId(UUID.fromString("0190f0e4-7c1a-7b2e-9d3c-1a2b3c4d5e6f"));

  private Calls() {}

  public static AgentCall call(AgentRole role, int iteration, int attempt, AgentSpec spec) {
    return call(role, iteration, attempt, spec, Map.of(), Duration.ofSeconds(10), new Lines());
  }

  public static AgentCall call(
      AgentRole role,
      int iteration,
      int attempt,
      AgentSpec spec,
      Map<String, Object> parameters,
      Duration timeout,
      AgentLog log) {
    var input =
        switch (role) {
          case PLANNER -> new AgentInput("reverse a string", parameters, null, null, null, 0);
          case CODER ->
              new AgentInput(
                  "reverse a string",
                  parameters,
                  "1. write it",
                  iteration > 1 ? "v" + (iteration - 1) : null,
                  iteration > 1 ? "add tests" : null,
                  iteration);
          case CRITIQUE ->
              new AgentInput(
                  "reverse a string", parameters, "1. write it", "v" + iteration, null, iteration);
        };
    return new AgentCall(
        JOB,
        StepId.of(role, iteration),
        attempt,
        role,
        spec,
        input,
        timeout,
        log,
        new AgentCancellation(),
        new AgentMeter());
  }

  /** An {@link AgentLog} that keeps every line as "LEVEL message". */
  public static final class Lines implements AgentLog {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(LogLevel level, String message) {
      lines.add(level + " " + message);
    }

    public List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
