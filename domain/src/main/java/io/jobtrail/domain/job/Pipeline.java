package io.jobtrail.domain.job;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The planner → coder → critique loop: which step comes next, what its agent is given, and how far
 * along the job is.
 */
public final class Pipeline {

  private Pipeline() {}

  /** The role and iteration of a step to begin. */
  public record NextStep(AgentRole role, int iteration) {
    public StepId stepId() {
      return StepId.of(role, iteration);
    }
  }

  /** The step to begin after the last one succeeded; null while one is unfinished or at the end. */
  public static @Nullable NextStep nextStep(JobState state) {
    StepState last = state.lastStep();
    if (last == null) {
      return new NextStep(AgentRole.PLANNER, 0);
    }
    if (last.status() != StepStatus.SUCCEEDED) {
      return null;
    }
    return switch (last.role()) {
      case PLANNER -> new NextStep(AgentRole.CODER, 1);
      case CODER -> new NextStep(AgentRole.CRITIQUE, last.iteration());
      case CRITIQUE ->
          last.output() instanceof AgentResult.Review review
                  && review.verdict() == Verdict.CHANGES_REQUESTED
                  && last.iteration() < state.limits().maxIterations()
              ? new NextStep(AgentRole.CODER, last.iteration() + 1)
              : null;
    };
  }

  /** What the agent of a new step is given, from what the job knows so far. */
  public static AgentInput inputFor(JobState state, NextStep step) {
    return switch (step.role()) {
      case PLANNER ->
          new AgentInput(state.task(), state.parameters(), null, null, null, step.iteration());
      case CODER ->
          new AgentInput(
              state.task(),
              state.parameters(),
              state.plan(),
              state.artifact(),
              state.lastFeedback(),
              step.iteration());
      case CRITIQUE ->
          new AgentInput(
              state.task(),
              state.parameters(),
              state.plan(),
              state.artifact(),
              null,
              step.iteration());
    };
  }

  /**
   * Completed steps over the most a job can run (the plan plus a code and a critique step per
   * iteration); 1 once the job completed.
   */
  public static double progress(JobState state) {
    return progress(state.status(), state.steps(), state.limits());
  }

  static double progress(JobStatus status, List<StepState> steps, JobLimits limits) {
    if (status == JobStatus.COMPLETED) {
      return 1.0;
    }
    long done = steps.stream().filter(s -> s.status() == StepStatus.SUCCEEDED).count();
    double total = 1 + 2.0 * limits.maxIterations();
    return Math.min(1.0, done / total);
  }
}
