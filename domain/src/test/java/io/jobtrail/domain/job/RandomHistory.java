package io.jobtrail.domain.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds a valid history by driving {@link JobDecider} with a sequence of random actions and
 * keeping only the commands it accepts. An action says what to ask for, not which step: it is
 * turned into a command against the state at that moment, so a shrunk sequence still makes sense.
 * Nothing here depends on the property-testing engine ({@link RandomHistories} has the
 * arbitraries). Shared with other modules' tests through the domain's test-jar.
 */
public final class RandomHistory {

  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  public static final JobId JOB_ID =
      new JobId(UUID.fromString("01940000-0000-7000-8000-000000000001"));

  /** The job of a {@link Scenario#richJob() rich} scenario: a replay with every setting given. */
  public static final JobId RICH_JOB_ID =
      new JobId(UUID.fromString("01940000-0000-7000-8000-000000000002"));

  private static final StepId NO_SUCH_STEP = new StepId("code-99");

  private RandomHistory() {}

  /** Which attempt a completion or failure names. */
  public enum Target {
    /** The attempt in flight (or, if none, the last step's latest attempt). */
    CURRENT,
    /** The attempt before the current one. */
    STALE,
    /** A step the job does not have. */
    UNKNOWN
  }

  /** Which result a completion carries. */
  public enum ResultKind {
    FOR_THE_ROLE,
    PLAN,
    BLANK_PLAN,
    ARTIFACT,
    REVIEW
  }

  /** Something to ask of the job after {@code waitMs} milliseconds. */
  public sealed interface Action {
    long waitMs();
  }

  public record Start(long waitMs) implements Action {}

  public record Pause(long waitMs, boolean withReason) implements Action {}

  public record Resume(long waitMs) implements Action {}

  public record Cancel(long waitMs, boolean withReason) implements Action {}

  public record StartNext(long waitMs) implements Action {}

  public record RequestApproval(long waitMs) implements Action {}

  public record Approve(long waitMs, boolean withComment) implements Action {}

  public record Reject(long waitMs, boolean withComment) implements Action {}

  public record TimeOutApproval(long waitMs) implements Action {}

  public record Complete(long waitMs, Target target, ResultKind result, Verdict verdict)
      implements Action {}

  public record Fail(long waitMs, Target target, FailureKind kind, long retryDelayMs)
      implements Action {}

  /**
   * The limits of the job, whether it is the rich one (a replay, with nested parameters and a
   * command agent) or the plain one, where it waits for approvals, and what is asked of it after
   * its creation.
   */
  public record Scenario(
      int maxIterations,
      int maxAttempts,
      boolean richJob,
      ApprovalPolicy approval,
      List<Action> actions) {
    /** The rich job has budgets (and pauses when over one) and its calls report usage. */
    JobLimits limits() {
      return richJob
          ? new JobLimits(
              maxIterations, maxAttempts, 60_000, 100, 2_000, 700L, 0.0002, BudgetAction.PAUSE)
          : new JobLimits(maxIterations, maxAttempts, 60_000, 100, 2_000);
    }
  }

  /** An accepted command and the events it decided. */
  public record Decision(JobCommand command, List<JobEvent> events) {}

  /** What a scenario produced: the accepted decisions, their events in order, the final state. */
  public record Result(
      List<Decision> decisions, List<JobEvent> events, JobState state, int rejected) {

    /** The number of events after each accepted command (the command boundaries). */
    public List<Integer> boundaries() {
      var boundaries = new ArrayList<Integer>();
      int count = 0;
      for (Decision decision : decisions) {
        count += decision.events().size();
        boundaries.add(count);
      }
      return boundaries;
    }
  }

  public static Result run(Scenario scenario) {
    var create = scenario.richJob() ? richCreation(scenario) : plainCreation(scenario);
    var decisions = new ArrayList<Decision>();
    var events = new ArrayList<JobEvent>();
    JobState state = null;
    Instant now = T0;
    int rejected = 0;
    List<Action> actions = scenario.actions();
    for (int i = -1; i < actions.size(); i++) {
      JobCommand command;
      if (i < 0) {
        command = create;
      } else {
        now = now.plusMillis(actions.get(i).waitMs());
        command = command(actions.get(i), state, now);
      }
      List<JobEvent> decided;
      try {
        decided = JobDecider.decide(command, state);
      } catch (JobRejected rejection) {
        rejected++;
        continue;
      }
      if (!decided.equals(JobDecider.decide(command, state))) {
        throw new AssertionError("decide is not a function of its input: " + command);
      }
      decisions.add(new Decision(command, decided));
      events.addAll(decided);
      state = JobEvolution.replay(state, decided);
    }
    if (state == null) {
      throw new AssertionError("the job was not created");
    }
    return new Result(decisions, events, state, rejected);
  }

  private static JobCommand.CreateJob plainCreation(Scenario scenario) {
    return new JobCommand.CreateJob(
        JOB_ID,
        "random",
        "do something",
        Map.of("seed", 1),
        AgentAssignment.ALL_SIMULATED,
        scenario.limits(),
        scenario.approval(),
        "tester",
        null,
        T0);
  }

  private static JobCommand.CreateJob richCreation(Scenario scenario) {
    var command =
        new AgentSpec("command", Map.of("executable", "/bin/coder", "args", List.of("-v")));
    return new JobCommand.CreateJob(
        RICH_JOB_ID,
        "random, rich",
        "do something else\nwith \"care\"",
        Map.of("seed", 2, "temperature", 0.5, "tags", List.of("a", "b"), "nested", Map.of("d", 2)),
        new AgentAssignment(AgentSpec.SIMULATED, command, AgentSpec.SIMULATED),
        scenario.limits(),
        scenario.approval(),
        "another tester",
        new ReplayOrigin(JOB_ID, 3, Map.of("temperature", 0.9)),
        T0.plusSeconds(1));
  }

  /**
   * The rich job's calls report usage that depends on the wait before them (so it varies, and
   * shrinks with the scenario); every third is unpriced. The plain job's report none.
   */
  private static @Nullable AgentUsage usage(@Nullable JobState state, long waitMs) {
    if (state == null || state.agents().coder().kind().equals("simulated")) {
      return null;
    }
    long prompt = 50 + waitMs % 700;
    long completion = 20 + waitMs % 300;
    Double cost = waitMs % 3 == 0 ? null : (prompt * 0.15 + completion * 0.6) / 1_000_000;
    return new AgentUsage(
        waitMs % 3 == 0 ? null : "sim-1",
        Map.of("temperature", 0.2),
        waitMs % 5 == 0 ? null : AgentUsage.Tokens.of(prompt, completion),
        waitMs,
        waitMs % 5 == 0 ? null : cost);
  }

  private static JobCommand command(Action action, @Nullable JobState state, Instant now) {
    return switch (action) {
      case Start s -> new JobCommand.StartJob("tester", now);
      case Pause p -> new JobCommand.PauseJob(p.withReason() ? "a break" : null, "tester", now);
      case Resume r -> new JobCommand.ResumeJob("tester", now);
      case Cancel c -> new JobCommand.CancelJob(c.withReason() ? "enough" : null, "tester", now);
      case StartNext s -> new JobCommand.StartNextStep(now);
      case RequestApproval r -> new JobCommand.RequestApproval(now);
      case Approve a -> new JobCommand.ApproveJob(a.withComment() ? "looks good" : null, "op", now);
      case Reject r -> new JobCommand.RejectJob(r.withComment() ? "do it again" : " ", "op", now);
      case TimeOutApproval t -> new JobCommand.TimeOutApproval(now);
      case Complete c -> {
        Attempt attempt = attempt(c.target(), state);
        yield new JobCommand.CompleteAttempt(
            attempt.stepId(),
            attempt.number(),
            result(c, attempt.role()),
            usage(state, c.waitMs()),
            now);
      }
      case Fail f -> {
        Attempt attempt = attempt(f.target(), state);
        yield new JobCommand.FailAttempt(
            attempt.stepId(),
            attempt.number(),
            f.kind(),
            "failure " + f.kind(),
            Duration.ofMillis(f.retryDelayMs()),
            usage(state, f.waitMs()),
            now);
      }
    };
  }

  private record Attempt(StepId stepId, int number, AgentRole role) {}

  private static Attempt attempt(Target target, @Nullable JobState state) {
    StepState last = state == null ? null : state.lastStep();
    if (target == Target.UNKNOWN || last == null) {
      return new Attempt(NO_SUCH_STEP, 1, AgentRole.CODER);
    }
    int number = target == Target.STALE ? last.attempt() - 1 : last.attempt();
    return new Attempt(last.id(), Math.max(number, 0), last.role());
  }

  private static AgentResult result(Complete c, AgentRole role) {
    return switch (c.result()) {
      case FOR_THE_ROLE ->
          switch (role) {
            case PLANNER -> new AgentResult.Plan("the plan");
            case CODER -> new AgentResult.Artifact("code");
            case CRITIQUE -> new AgentResult.Review(c.verdict(), "feedback");
          };
      case PLAN -> new AgentResult.Plan("another plan");
      case BLANK_PLAN -> new AgentResult.Plan(" ");
      case ARTIFACT -> new AgentResult.Artifact("other code");
      case REVIEW -> new AgentResult.Review(c.verdict(), "other feedback");
    };
  }
}
