package io.jobtrail.benchmarks;

import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.StepState;
import io.jobtrail.domain.job.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A job history of exactly {@code n} events written by the real decider: the planner, then coder
 * and critique rounds up to the iteration limit, with failed attempts that are retried and an
 * operator pausing and resuming now and then. The limits bound a job to 101 steps, so a long
 * history is the pipeline followed by many pauses and resumes.
 */
final class History {

  private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
  private static final JobLimits LIMITS = new JobLimits(50, 5, 300_000, 0, 0);

  private final Random random;
  private final List<List<JobEvent>> batches = new ArrayList<>();
  private @Nullable JobState state;
  private Instant now = T0;
  private int count;

  private History(long seed) {
    this.random = new Random(seed);
  }

  /** The decider's batches, the last one cut so the total is exactly {@code n}. */
  static List<List<JobEvent>> of(JobId jobId, int n, long seed) {
    var history = new History(seed);
    history.then(
        new JobCommand.CreateJob(
            jobId,
            "bench rebuild " + n,
            "write a function that adds two numbers, with tests",
            Map.of("language", "java", "maxLines", 120, "style", Map.of("indent", 2)),
            AgentAssignment.ALL_SIMULATED,
            LIMITS,
            "bench-user",
            null,
            T0));
    history.then(new JobCommand.StartJob("bench-user", history.tick()));
    while (history.count < n) {
      history.step();
    }
    var batches = history.batches;
    int excess = history.count - n;
    if (excess > 0) {
      List<JobEvent> last = batches.removeLast();
      batches.add(last.subList(0, last.size() - excess));
    }
    return batches;
  }

  private void step() {
    JobState s = state;
    Instant at = tick();
    if (s.status() == JobStatus.PAUSED) {
      then(new JobCommand.ResumeJob("operator", at));
      return;
    }
    StepState inFlight = s.inFlightStep();
    boolean lastCritique =
        inFlight != null
            && inFlight.role() == AgentRole.CRITIQUE
            && inFlight.iteration() >= LIMITS.maxIterations();
    if (random.nextInt(8) == 0 || lastCritique) {
      // The operator pauses (also the way a long job goes on once its pipeline is done).
      then(new JobCommand.PauseJob(Events.text(40 + random.nextInt(160)), "operator", at));
      return;
    }
    if (inFlight == null) {
      if (!tryThen(new JobCommand.StartNextStep(at))) {
        then(new JobCommand.PauseJob("waiting for review", "operator", at));
      }
      return;
    }
    if (random.nextInt(6) == 0 && inFlight.attempt() < LIMITS.maxAttempts()) {
      then(
          new JobCommand.FailAttempt(
              inFlight.id(),
              inFlight.attempt(),
              FailureKind.ERROR,
              "rate limited by the model endpoint; " + Events.text(60),
              Duration.ZERO,
              at));
      return;
    }
    AgentResult result =
        switch (inFlight.role()) {
          case PLANNER -> new AgentResult.Plan(Events.text(300));
          case CODER -> new AgentResult.Artifact(Events.text(600));
          case CRITIQUE -> new AgentResult.Review(Verdict.CHANGES_REQUESTED, Events.text(200));
        };
    then(new JobCommand.CompleteAttempt(inFlight.id(), inFlight.attempt(), result, at));
  }

  private boolean tryThen(JobCommand command) {
    try {
      then(command);
      return true;
    } catch (JobRejected rejected) {
      return false;
    }
  }

  private void then(JobCommand command) {
    List<JobEvent> decided = JobDecider.decide(command, state);
    state = JobEvolution.replay(state, decided);
    if (state.status().isTerminal()) {
      throw new IllegalStateException("the benchmark job ended: " + decided);
    }
    batches.add(decided);
    count += decided.size();
  }

  private Instant tick() {
    now = now.plusMillis(500 + random.nextInt(2_000));
    return now;
  }
}
