package io.jobtrail.agents.simulated;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.application.usage.PriceTable;
import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A pretend agent, and says so in every line it logs. Each call waits its role's latency, then
 * fails as injected or answers with text drawn from the seed (the job's id unless a {@code seed} is
 * set), so a run is reproducible: the same settings and seed give the same history.
 */
public final class SimulatedAgent implements AgentRuntime {

  public static final String KIND = "simulated";

  /** The model the simulated agent reports (priced by default, see the price table). */
  public static final String MODEL = PriceTable.SIMULATED_MODEL;

  /** What every simulated prompt costs beyond its text: the instructions around it. */
  private static final long PROMPT_OVERHEAD_TOKENS = 40;

  private final Map<String, Object> defaults;

  /** An agent with no latency unless the settings ask for some. */
  public SimulatedAgent() {
    this(Map.of());
  }

  /**
   * @param defaults this instance's settings, under each job's (e.g. {@code {"latencyMs": 300}} for
   *     demos)
   */
  public SimulatedAgent(Map<String, Object> defaults) {
    this.defaults = Map.copyOf(defaults);
  }

  @Override
  public AgentResult run(AgentCall call) throws AgentFailure, InterruptedException {
    SimulatedSettings settings;
    try {
      settings = SimulatedSettings.of(defaults, call.spec().settings(), call.input().parameters());
    } catch (InvalidSettings e) {
      throw e.asFailure(KIND);
    }
    AgentRole role = call.role();
    AgentInput input = call.input();
    String seed = settings.seed() != null ? settings.seed() : call.jobId().toString();
    SplittableRandom random = SimulatedRandom.forCall(seed, call.stepId().value(), call.attempt());
    long latency = settings.latencyMs().get(role);
    if (settings.latencyJitterMs() > 0) {
      latency += random.nextLong(settings.latencyJitterMs() + 1);
    }
    boolean randomFailure = random.nextDouble() < settings.failureRate();
    if (!settings.quiet()) {
      call.log()
          .info(
              "simulated "
                  + role.name().toLowerCase(Locale.ROOT)
                  + ": attempt "
                  + call.attempt()
                  + " of "
                  + call.stepId()
                  + ", "
                  + latency
                  + " ms");
    }

    // The simulated model answers every call; failed ones report no tokens (nothing is billed).
    call.meter().model(MODEL, Map.of());
    FailureRule rule = settings.failureFor(role, input.iteration(), call.attempt());
    if (rule != null) {
      throw injected(call, rule, latency);
    }
    Thread.sleep(latency);
    if (randomFailure) {
      throw AgentFailure.retryable(
          "simulated failure (failureRate " + settings.failureRate() + ")");
    }
    AgentResult result =
        switch (role) {
          case PLANNER -> SimulatedWork.plan(input, random);
          case CODER -> SimulatedWork.artifact(input, random);
          case CRITIQUE ->
              SimulatedWork.review(input, settings.verdictFor(input.iteration()), random);
        };
    reportTokens(call, input, result);
    return result;
  }

  /**
   * Synthetic token counts, a function of the text in and out (about four characters a token, as
   * for English with common tokenizers), so the same call always reports the same usage.
   */
  static long promptTokens(AgentInput input) {
    int chars = input.task().length() + input.parameters().toString().length();
    for (String text : new String[] {input.plan(), input.artifact(), input.feedback()}) {
      chars += text == null ? 0 : text.length();
    }
    return PROMPT_OVERHEAD_TOKENS + tokensOf(chars);
  }

  static long completionTokens(AgentResult result) {
    return tokensOf(
        switch (result) {
          case AgentResult.Plan p -> p.plan().length();
          case AgentResult.Artifact a -> a.artifact().length();
          case AgentResult.Review r -> r.feedback().length() + 8;
        });
  }

  private static void reportTokens(AgentCall call, AgentInput input, AgentResult result) {
    long prompt = promptTokens(input);
    long completion = completionTokens(result);
    call.meter().tokens(prompt, completion, prompt + completion);
  }

  private static long tokensOf(int chars) {
    return (chars + 3) / 4;
  }

  private static AgentFailure injected(AgentCall call, FailureRule rule, long latency)
      throws InterruptedException {
    String what =
        rule.message() != null
            ? rule.message()
            : "simulated "
                + rule.kind().name().toLowerCase(Locale.ROOT)
                + " injected for "
                + call.role()
                + " (iteration "
                + call.input().iteration()
                + ", attempt "
                + call.attempt()
                + ")";
    return switch (rule.kind()) {
      case TIMEOUT -> {
        // Hang like a stuck agent; the orchestrator's step timeout interrupts the sleep.
        call.log().warn("simulated hang: waiting for the step timeout");
        Thread.sleep(call.timeout().toMillis() + 1_000);
        yield AgentFailure.timeout(what);
      }
      case FATAL -> {
        Thread.sleep(latency);
        yield AgentFailure.fatal(what);
      }
      case ERROR, INTERRUPTED -> {
        Thread.sleep(latency);
        yield AgentFailure.retryable(what);
      }
    };
  }
}
