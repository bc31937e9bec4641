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

  /**
   * The step to begin after the last one succeeded; null while one is unfinished, while an approval
   * of its result is due or awaited, or at the end. A rejected plan is made again; a rejected
   * result goes back to the coder for another iteration, within {@code maxIterations}.
   */
  public static @Nullable NextStep nextStep(JobState state) {
    StepState last = state.lastStep();
    if (last == null) {
      return new NextStep(AgentRole.PLANNER, 0);
    }
    if (last.status() != StepStatus.SUCCEEDED) {
      return null;
    }
    ApprovalGate gate = gateAfter(last);
    ApprovalState approval = state.approvalOf(last.id());
    if (gate != null && state.approval().requires(gate) && approval == null) {
      return null; // The approval comes first.
    }
    boolean rejected =
        approval != null && approval.decision() != null && !approval.decision().approved();
    return switch (last.role()) {
      case PLANNER ->
          rejected
              ? withinIterations(state, AgentRole.PLANNER, last.iteration() + 1)
              : new NextStep(AgentRole.CODER, 1);
      case CODER -> new NextStep(AgentRole.CRITIQUE, last.iteration());
      case CRITIQUE ->
          rejected || isChangesRequested(last)
              ? withinIterations(state, AgentRole.CODER, last.iteration() + 1)
              : null;
    };
  }

  /**
   * The gate at which the job must wait before going on, if its policy asks for one there: its last
   * step succeeded, is a plan or an approving critique, and nobody was asked about it yet.
   */
  public static @Nullable ApprovalGate approvalDue(JobState state) {
    StepState last = state.lastStep();
    if (state.status() != JobStatus.RUNNING
        || last == null
        || last.status() != StepStatus.SUCCEEDED
        || state.approvalOf(last.id()) != null) {
      return null;
    }
    ApprovalGate gate = gateAfter(last);
    return gate != null && state.approval().requires(gate) ? gate : null;
  }

  /** The gate a succeeded step's result may wait at: a plan, or an approved artifact. */
  static @Nullable ApprovalGate gateAfter(StepState step) {
    return switch (step.role()) {
      case PLANNER -> ApprovalGate.AFTER_PLAN;
      case CODER -> null;
      case CRITIQUE ->
          step.output() instanceof AgentResult.Review review && review.verdict() == Verdict.APPROVED
              ? ApprovalGate.BEFORE_COMPLETE
              : null;
    };
  }

  private static boolean isChangesRequested(StepState critique) {
    return critique.output() instanceof AgentResult.Review review
        && review.verdict() == Verdict.CHANGES_REQUESTED;
  }

  /**
   * The planner runs at most {@code maxIterations} times (iterations 0..max-1), the coder up to
   * iteration {@code maxIterations}.
   */
  private static @Nullable NextStep withinIterations(
      JobState state, AgentRole role, int iteration) {
    int max = state.limits().maxIterations();
    boolean within = role == AgentRole.PLANNER ? iteration < max : iteration <= max;
    return within ? new NextStep(role, iteration) : null;
  }

  /** What the agent of a new step is given, from what the job knows so far. */
  public static AgentInput inputFor(JobState state, NextStep step) {
    return switch (step.role()) {
      case PLANNER ->
          step.iteration() == 0
              ? new AgentInput(state.task(), state.parameters(), null, null, null, 0)
              // Made again after a rejection: the planner sees its plan and the operator's comment.
              : new AgentInput(
                  state.task(),
                  state.parameters(),
                  state.plan(),
                  null,
                  state.lastFeedback(),
                  step.iteration());
      case CODER ->
          new AgentInput(
              state.task(),
              state.parameters(),
              state.plan(),
              state.artifact(),
              // The first iteration codes the plan: a comment that rejected a plan was the
              // planner's feedback, not the coder's.
              step.iteration() == 1 ? null : state.lastFeedback(),
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
   * iteration, and the approval of the result when the job asks for one); 1 once the job completed.
   * However often the plan was made, it counts once.
   */
  public static double progress(JobState state) {
    return progress(state.status(), state.steps(), state.limits(), state.approval());
  }

  static double progress(
      JobStatus status, List<StepState> steps, JobLimits limits, ApprovalPolicy approval) {
    if (status == JobStatus.COMPLETED) {
      return 1.0;
    }
    // A plan made again after a rejection replaces the one before: the plan counts once.
    long plans =
        steps.stream()
                .anyMatch(s -> s.role() == AgentRole.PLANNER && s.status() == StepStatus.SUCCEEDED)
            ? 1
            : 0;
    long done =
        plans
            + steps.stream()
                .filter(s -> s.role() != AgentRole.PLANNER && s.status() == StepStatus.SUCCEEDED)
                .count();
    // The approval of the result is the last thing to do: the job is not done before it.
    double total = 1 + 2.0 * limits.maxIterations() + (approval.beforeComplete() ? 1 : 0);
    return Math.min(1.0, done / total);
  }
}
