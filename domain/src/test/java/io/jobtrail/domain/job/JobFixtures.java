package io.jobtrail.domain.job;

import io.jobtrail.domain.job.JobEvent.CoderCompleted;
import io.jobtrail.domain.job.JobEvent.CoderStarted;
import io.jobtrail.domain.job.JobEvent.CritiqueCompleted;
import io.jobtrail.domain.job.JobEvent.CritiqueStarted;
import io.jobtrail.domain.job.JobEvent.JobCancelled;
import io.jobtrail.domain.job.JobEvent.JobCompleted;
import io.jobtrail.domain.job.JobEvent.JobCreated;
import io.jobtrail.domain.job.JobEvent.JobFailed;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobStarted;
import io.jobtrail.domain.job.JobEvent.JobStepCompleted;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.JobStepRetryScheduled;
import io.jobtrail.domain.job.JobEvent.JobStepStarted;
import io.jobtrail.domain.job.JobEvent.PlannerCompleted;
import io.jobtrail.domain.job.JobEvent.PlannerStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;

/**
 * Histories of one job in the states that matter, written out as events. Times are seconds after
 * {@link #T0}: created at 0, started at 1, the plan runs 10–20, iteration {@code i} codes from
 * {@code 40i − 10} and is critiqued from {@code 40i + 10}.
 */
final class JobFixtures {

  static final JobId JOB_ID = new JobId(UUID.fromString("0190f0e4-7c1a-7b2e-9d3c-1a2b3c4d5e6f"));
  static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");
  static final String NAME = "Add two numbers";
  static final String TASK = "Write a function that adds two numbers";
  static final Map<String, Object> PARAMETERS = Map.of("language", "java", "strict", true);
  static final JobLimits LIMITS = new JobLimits(3, 3, 60_000, 1_000, 8_000);
  static final String CREATOR = "alice";
  static final String PLAN_TEXT = "1. write add(a, b)\n2. test it";
  static final StepId PLAN = new StepId("plan");

  private JobFixtures() {}

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static StepId code(int iteration) {
    return StepId.of(AgentRole.CODER, iteration);
  }

  static StepId critique(int iteration) {
    return StepId.of(AgentRole.CRITIQUE, iteration);
  }

  static String artifact(int iteration) {
    return "int add(int a, int b) { return a + b; } // v" + iteration;
  }

  static String feedback(int iteration) {
    return "handle overflow (review " + iteration + ")";
  }

  static JobCommand.CreateJob create(String name, String task) {
    return new JobCommand.CreateJob(
        JOB_ID, name, task, PARAMETERS, AgentAssignment.ALL_SIMULATED, LIMITS, CREATOR, null, T0);
  }

  static JobCreated created() {
    return created(LIMITS);
  }

  static JobCreated created(JobLimits limits) {
    return new JobCreated(
        JOB_ID, NAME, TASK, PARAMETERS, AgentAssignment.ALL_SIMULATED, limits, CREATOR, null, T0);
  }

  // Agent inputs, as the pipeline computes them.

  static AgentInput plannerInput() {
    return new AgentInput(TASK, PARAMETERS, null, null, null, 0);
  }

  static AgentInput coderInput(int iteration) {
    return iteration == 1
        ? new AgentInput(TASK, PARAMETERS, PLAN_TEXT, null, null, 1)
        : new AgentInput(
            TASK,
            PARAMETERS,
            PLAN_TEXT,
            artifact(iteration - 1),
            feedback(iteration - 1),
            iteration);
  }

  static AgentInput critiqueInput(int iteration) {
    return new AgentInput(TASK, PARAMETERS, PLAN_TEXT, artifact(iteration), null, iteration);
  }

  // Histories. Each returns a fresh mutable list so tests can add to it.

  static List<JobEvent> pending() {
    return history(List.of(), created());
  }

  static List<JobEvent> running() {
    return history(pending(), new JobStarted(CREATOR, at(1)));
  }

  static List<JobEvent> paused() {
    return history(running(), new JobPaused("maintenance", CREATOR, at(2)));
  }

  static List<JobEvent> cancelled() {
    return history(running(), new JobCancelled("not needed", CREATOR, at(2)));
  }

  static List<JobEvent> failed() {
    return history(
        planRunning(),
        new JobStepFailed(PLAN, 1, FailureKind.FATAL, "no model", at(15)),
        new JobFailed("step plan failed: no model", PLAN, at(15)));
  }

  static List<JobEvent> completed() {
    return history(
        critiqueRunning(1),
        new CritiqueCompleted(critique(1), 1, Verdict.APPROVED, "good", at(60)),
        new JobStepCompleted(critique(1), 1, 10_000, at(60)),
        new JobCompleted(artifact(1), at(60)));
  }

  static List<JobEvent> planRunning() {
    return history(
        running(),
        new JobStepStarted(PLAN, AgentRole.PLANNER, 0, at(10)),
        new PlannerStarted(PLAN, 1, plannerInput(), at(10)));
  }

  /** The plan's first attempt failed with an error; attempt 2 is due at {@code retryAt}. */
  static List<JobEvent> planRetryScheduled(Instant retryAt) {
    return history(
        planRunning(),
        new JobStepFailed(PLAN, 1, FailureKind.ERROR, "rate limited", at(15)),
        new JobStepRetryScheduled(PLAN, 2, retryAt, at(15)));
  }

  static List<JobEvent> planned() {
    return history(
        planRunning(),
        new PlannerCompleted(PLAN, 1, PLAN_TEXT, at(20)),
        new JobStepCompleted(PLAN, 1, 10_000, at(20)));
  }

  static List<JobEvent> codeRunning(int iteration) {
    List<JobEvent> before = iteration == 1 ? planned() : changesRequested(iteration - 1);
    long start = 40L * iteration - 10;
    return history(
        before,
        new JobStepStarted(code(iteration), AgentRole.CODER, iteration, at(start)),
        new CoderStarted(code(iteration), 1, coderInput(iteration), at(start)));
  }

  static List<JobEvent> coded(int iteration) {
    long end = 40L * iteration;
    return history(
        codeRunning(iteration),
        new CoderCompleted(code(iteration), 1, artifact(iteration), at(end)),
        new JobStepCompleted(code(iteration), 1, 10_000, at(end)));
  }

  static List<JobEvent> critiqueRunning(int iteration) {
    long start = 40L * iteration + 10;
    return history(
        coded(iteration),
        new JobStepStarted(critique(iteration), AgentRole.CRITIQUE, iteration, at(start)),
        new CritiqueStarted(critique(iteration), 1, critiqueInput(iteration), at(start)));
  }

  static List<JobEvent> changesRequested(int iteration) {
    long end = 40L * iteration + 20;
    return history(
        critiqueRunning(iteration),
        new CritiqueCompleted(
            critique(iteration), 1, Verdict.CHANGES_REQUESTED, feedback(iteration), at(end)),
        new JobStepCompleted(critique(iteration), 1, 10_000, at(end)));
  }

  /** Every way a job ends, named for parameterized tests. */
  static Stream<Named<List<JobEvent>>> finishedHistories() {
    return Stream.of(
        Named.of("completed", completed()),
        Named.of("failed", failed()),
        Named.of("cancelled", cancelled()),
        Named.of(
            "cancelled while pending",
            history(pending(), new JobCancelled("changed my mind", CREATOR, at(1)))));
  }

  static List<JobEvent> history(List<JobEvent> before, JobEvent... more) {
    var events = new ArrayList<JobEvent>(before);
    events.addAll(List.of(more));
    return events;
  }

  static JobState stateOf(List<JobEvent> history) {
    JobState state = JobEvolution.replay(history);
    if (state == null) {
      throw new IllegalArgumentException("empty history");
    }
    return state;
  }

  static @Nullable JobState stateOrNull(List<JobEvent> history) {
    return JobEvolution.replay(history);
  }
}
