package io.jobtrail.application.testing;

import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.ApprovalPolicy;
import io.jobtrail.domain.job.ApprovalTimeoutAction;
import io.jobtrail.domain.job.BudgetAction;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.StepState;
import io.jobtrail.domain.job.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * One job's history written by the real decider, command by command, as the batches of events each
 * command appends. A story keeps its own clock: every command happens one second after the last
 * (times stay whole microseconds, the database's precision).
 */
public final class JobStory {

  public static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
  public static final String TASK = "Write a function that adds two numbers";
  public static final String ACTOR = "alice";

  private final JobId jobId;
  private final List<List<JobEvent>> batches = new ArrayList<>();
  private final List<JobEvent> events = new ArrayList<>();
  private @Nullable JobState state;
  private Instant now;

  private JobStory(JobCommand.CreateJob create) {
    this.jobId = create.jobId();
    this.now = create.now();
    then(create);
  }

  /** A job created at {@code at} with the default task, parameters, agents and limits. */
  public static JobStory create(JobId jobId, String name, Instant at) {
    return create(command(jobId, name, at, null));
  }

  public static JobStory create(JobCommand.CreateJob create) {
    return new JobStory(create);
  }

  /** A replay of {@code origin} created at {@code at}. */
  public static JobStory replayOf(JobId jobId, String name, Instant at, ReplayOrigin origin) {
    return create(command(jobId, name, at, origin));
  }

  /** A creation with everything a document can hold: nested parameters, agent settings, limits. */
  public static JobCommand.CreateJob richCommand(
      JobId jobId, String name, Instant at, @Nullable ReplayOrigin origin) {
    Map<String, Object> parameters =
        Map.of(
            "language",
            "java",
            "strict",
            true,
            "maxLines",
            120,
            "temperature",
            0.25,
            "tags",
            List.of("math", "intro"),
            "style",
            Map.of("indent", 2, "quotes", "double"));
    var command =
        new AgentSpec(
            "command", Map.of("executable", "/usr/local/bin/coder", "args", List.of("--json")));
    var agents = new AgentAssignment(AgentSpec.SIMULATED, command, AgentSpec.SIMULATED);
    return new JobCommand.CreateJob(
        jobId,
        name,
        "Write a function that adds two numbers.\nQuote \"carefully\" \\ and tab\there: ✓",
        parameters,
        agents,
        new JobLimits(2, 3, 90_000, 250, 4_000),
        ACTOR,
        origin,
        at);
  }

  /** What a priced call used, as an agent and the price table report it. */
  public static final AgentUsage USAGE =
      new AgentUsage(
          "gpt-4o-mini-2024-07-18",
          Map.of("temperature", 0.2, "maxTokens", 512),
          AgentUsage.Tokens.of(1_200, 340),
          1_875,
          0.000384);

  /**
   * A job with budgets that pauses when over one: {@link #USAGE} takes it over its token budget.
   */
  public static JobCommand.CreateJob budgetCommand(JobId jobId, String name, Instant at) {
    return new JobCommand.CreateJob(
        jobId,
        name,
        TASK,
        Map.of("language", "java"),
        AgentAssignment.ALL_SIMULATED,
        new JobLimits(3, 3, 300_000, 500, 30_000, 1_000L, 0.5, BudgetAction.PAUSE),
        ACTOR,
        null,
        at);
  }

  /**
   * A job that waits for approval after the plan and before completing; nobody deciding within a
   * minute approves it.
   */
  public static JobCommand.CreateJob approvalCommand(JobId jobId, String name, Instant at) {
    return new JobCommand.CreateJob(
        jobId,
        name,
        TASK,
        Map.of("language", "java"),
        AgentAssignment.ALL_SIMULATED,
        JobLimits.DEFAULT,
        new ApprovalPolicy(true, true, 60_000L, ApprovalTimeoutAction.APPROVE),
        ACTOR,
        null,
        at);
  }

  public static JobCommand.CreateJob command(
      JobId jobId, String name, Instant at, @Nullable ReplayOrigin origin) {
    return new JobCommand.CreateJob(
        jobId,
        name,
        TASK,
        Map.of("language", "java"),
        AgentAssignment.ALL_SIMULATED,
        JobLimits.DEFAULT,
        ACTOR,
        origin,
        at);
  }

  /** A fresh UUIDv7 job id (random, so tests sharing a database do not collide). */
  public static JobId newJobId() {
    return jobIdsInOrder(1).getFirst();
  }

  /** {@code n} fresh UUIDv7 job ids, each greater than the one before. */
  public static List<JobId> jobIdsInOrder(int n) {
    var random = ThreadLocalRandom.current();
    long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_0000L) | 0x8000_0000_0000_0000L;
    var ids = new ArrayList<JobId>(n);
    for (int i = 1; i <= n; i++) {
      ids.add(new JobId(new UUID(high, low + i)));
    }
    return ids;
  }

  // Commands, each one second after the last.

  /** Decides {@code command} against the story so far and records what it appends. */
  public JobStory then(JobCommand command) {
    List<JobEvent> decided = JobDecider.decide(command, state);
    state = JobEvolution.replay(state, decided);
    batches.add(List.copyOf(decided));
    events.addAll(decided);
    now = command.now();
    return this;
  }

  public JobStory start() {
    return then(new JobCommand.StartJob(ACTOR, tick()));
  }

  public JobStory pause(@Nullable String reason) {
    return then(new JobCommand.PauseJob(reason, ACTOR, tick()));
  }

  public JobStory resume() {
    return then(new JobCommand.ResumeJob(ACTOR, tick()));
  }

  public JobStory cancel(@Nullable String reason) {
    return then(new JobCommand.CancelJob(reason, ACTOR, tick()));
  }

  public JobStory nextStep() {
    return then(new JobCommand.StartNextStep(tick()));
  }

  /** Completes the attempt in flight with {@code result}. */
  public JobStory complete(AgentResult result) {
    StepState step = inFlight();
    return then(new JobCommand.CompleteAttempt(step.id(), step.attempt(), result, tick()));
  }

  /** Completes the attempt in flight with {@code result} and what the call used. */
  public JobStory complete(AgentResult result, AgentUsage usage) {
    StepState step = inFlight();
    return then(new JobCommand.CompleteAttempt(step.id(), step.attempt(), result, usage, tick()));
  }

  /** Fails the attempt in flight. */
  public JobStory fail(FailureKind kind, String error, Duration retryDelay) {
    StepState step = inFlight();
    return then(
        new JobCommand.FailAttempt(step.id(), step.attempt(), kind, error, retryDelay, tick()));
  }

  /** Asks for the approval the job's policy requires now (the orchestrator's command). */
  public JobStory requestApproval() {
    return then(new JobCommand.RequestApproval(tick()));
  }

  public JobStory approve(@Nullable String comment) {
    return then(new JobCommand.ApproveJob(comment, "olga", tick()));
  }

  public JobStory reject(String comment) {
    return then(new JobCommand.RejectJob(comment, "olga", tick()));
  }

  /** Lets the approval's timeout pass, then records it (the orchestrator's command). */
  public JobStory timeOutApproval() {
    Instant deadline =
        Objects.requireNonNull(state().approvalDeadline(), "the job waits with a deadline");
    now = deadline;
    return then(new JobCommand.TimeOutApproval(tick()));
  }

  /**
   * From a started job of {@link #approvalCommand}: a plan that is rejected, a second that times
   * out (and so is approved), then code approved by the critique, waiting for its final approval.
   */
  public JobStory runToFinalApproval() {
    nextStep().complete(new AgentResult.Plan("1. add"));
    requestApproval().reject("say how to test it");
    nextStep().complete(new AgentResult.Plan("1. add\n2. test"));
    requestApproval().timeOutApproval();
    nextStep().complete(new AgentResult.Artifact("final"));
    nextStep().complete(new AgentResult.Review(Verdict.APPROVED, "ship it"));
    return requestApproval();
  }

  /** Lets time pass without a command. */
  public JobStory advance(Duration duration) {
    now = now.plus(duration);
    return this;
  }

  /**
   * Runs the pipeline from a started job: a plan, then {@code rejections} rounds of code and
   * requested changes, then code that is approved.
   */
  public JobStory runToApproval(int rejections) {
    nextStep().complete(new AgentResult.Plan("1. add\n2. test"));
    for (int i = 1; i <= rejections; i++) {
      nextStep().complete(new AgentResult.Artifact("draft " + i));
      nextStep().complete(new AgentResult.Review(Verdict.CHANGES_REQUESTED, "fix " + i));
    }
    nextStep().complete(new AgentResult.Artifact("final"));
    return nextStep().complete(new AgentResult.Review(Verdict.APPROVED, "ship it"));
  }

  private Instant tick() {
    now = now.plusSeconds(1);
    return now;
  }

  private StepState inFlight() {
    return Objects.requireNonNull(
        state().inFlightStep(), "no attempt is in flight in job " + jobId);
  }

  // What the story wrote.

  public JobId jobId() {
    return jobId;
  }

  public Instant now() {
    return now;
  }

  public JobState state() {
    return Objects.requireNonNull(state);
  }

  /** The fold of the first {@code version} events. */
  public JobState stateAt(long version) {
    return Objects.requireNonNull(JobEvolution.replay(events.subList(0, (int) version)));
  }

  public List<List<JobEvent>> batches() {
    return List.copyOf(batches);
  }

  public List<JobEvent> events() {
    return List.copyOf(events);
  }
}
