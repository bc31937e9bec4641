package io.jobtrail.domain.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What holds for the state after every prefix of a valid history ({@link #afterEvent}), and what
 * holds in addition between commands ({@link #betweenCommands}), when no command is half-applied: a
 * step has started its first attempt, a completed attempt's step has ended, and a running job
 * always has something due.
 */
final class JobInvariants {

  private static final Map<JobStatus, Set<JobStatus>> NEXT_STATUS =
      Map.of(
          JobStatus.PENDING, EnumSet.of(JobStatus.RUNNING, JobStatus.CANCELLED),
          JobStatus.RUNNING,
              EnumSet.of(
                  JobStatus.PAUSED,
                  JobStatus.AWAITING_APPROVAL,
                  JobStatus.COMPLETED,
                  JobStatus.FAILED,
                  JobStatus.CANCELLED),
          JobStatus.PAUSED,
              EnumSet.of(
                  JobStatus.RUNNING,
                  JobStatus.AWAITING_APPROVAL,
                  JobStatus.COMPLETED,
                  JobStatus.FAILED,
                  JobStatus.CANCELLED),
          JobStatus.AWAITING_APPROVAL,
              EnumSet.of(
                  JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.FAILED, JobStatus.CANCELLED),
          JobStatus.COMPLETED, EnumSet.noneOf(JobStatus.class),
          JobStatus.FAILED, EnumSet.noneOf(JobStatus.class),
          JobStatus.CANCELLED, EnumSet.noneOf(JobStatus.class));

  private JobInvariants() {}

  /** Checks the state after the {@code length}-th event of a history that began with created. */
  static void afterEvent(
      JobEvent.JobCreated created,
      @Nullable JobState before,
      JobEvent event,
      JobState after,
      long length) {
    assertThat(after.version()).as("version counts the events").isEqualTo(length);
    assertThat(after.updatedAt()).isEqualTo(event.at());
    identityIsFixed(created, after);
    progress(before, after);
    status(before, after);
    steps(after);
  }

  private static void identityIsFixed(JobEvent.JobCreated created, JobState s) {
    assertThat(s.id()).isEqualTo(created.jobId());
    assertThat(s.name()).isEqualTo(created.name());
    assertThat(s.task()).isEqualTo(created.task());
    assertThat(s.parameters()).isEqualTo(created.parameters());
    assertThat(s.agents()).isEqualTo(created.agents());
    assertThat(s.limits()).isEqualTo(created.limits());
    assertThat(s.createdBy()).isEqualTo(created.createdBy());
    assertThat(s.replayOf()).isEqualTo(created.replayOf());
    assertThat(s.createdAt()).isEqualTo(created.at());
  }

  private static void progress(@Nullable JobState before, JobState after) {
    assertThat(after.progress()).isBetween(0.0, 1.0);
    if (before != null) {
      // Succeeded steps never stop being succeeded, so progress never goes back.
      assertThat(after.progress()).isGreaterThanOrEqualTo(before.progress());
    }
    if (after.status() == JobStatus.COMPLETED) {
      assertThat(after.progress()).isEqualTo(1.0);
    }
  }

  private static void status(@Nullable JobState before, JobState after) {
    if (before != null) {
      assertThat(before.status().isTerminal()).as("no event after the job ended").isFalse();
      if (before.status() != after.status()) {
        assertThat(NEXT_STATUS.get(before.status()))
            .as("%s → %s", before.status(), after.status())
            .contains(after.status());
      }
      if (before.endedAt() != null) {
        assertThat(after.endedAt()).isEqualTo(before.endedAt());
      }
    }
    JobStatus status = after.status();
    assertThat(after.endedAt() != null).as("ended iff terminal").isEqualTo(status.isTerminal());
    if (status != JobStatus.PENDING && status != JobStatus.CANCELLED) {
      assertThat(after.startedAt()).as("%s job has a start", status).isNotNull();
    }
    if (status == JobStatus.PENDING) {
      assertThat(after.startedAt()).isNull();
      assertThat(after.steps()).isEmpty();
    }
    if (status == JobStatus.PAUSED) {
      assertThat(after.pauseReason()).isNotNull();
    }
    if (status == JobStatus.RUNNING) {
      assertThat(after.pauseReason()).isNull();
    }
    assertThat(after.cancelReason() != null).isEqualTo(status == JobStatus.CANCELLED);
    assertThat(after.failureReason() != null).isEqualTo(status == JobStatus.FAILED);
    if (after.inFlightStep() != null) {
      assertThat(status).isIn(JobStatus.RUNNING, JobStatus.PAUSED);
    }
    if (status.isTerminal()) {
      assertThat(after.steps())
          .as("every step of an ended job has ended")
          .allSatisfy(step -> assertThat(step.endedAt()).isNotNull());
      assertThat(after.nextAttemptDueAt()).isNull();
    }
    if (status == JobStatus.COMPLETED) {
      StepState last = after.lastStep();
      assertThat(last.role()).isEqualTo(AgentRole.CRITIQUE);
      assertThat(last.output()).isInstanceOf(AgentResult.Review.class);
      assertThat(((AgentResult.Review) last.output()).verdict()).isEqualTo(Verdict.APPROVED);
      StepState coder = after.steps().get(after.steps().size() - 2);
      assertThat(after.artifact()).isEqualTo(((AgentResult.Artifact) coder.output()).artifact());
    }
  }

  private static void steps(JobState s) {
    List<StepState> steps = s.steps();
    assertThat(s.currentStep()).isEqualTo(steps.isEmpty() ? null : steps.getLast().id());
    assertThat(steps.stream().filter(StepState::attemptInFlight).count())
        .as("at most one attempt in flight")
        .isLessThanOrEqualTo(1);
    int maxIteration = 0;
    int plans = (int) steps.stream().takeWhile(step -> step.role() == AgentRole.PLANNER).count();
    for (int i = 0; i < steps.size(); i++) {
      StepState step = steps.get(i);
      boolean last = i == steps.size() - 1;
      assertThat(step.id()).as("step %d follows the pipeline", i).isEqualTo(expectedStep(i, plans));
      assertThat(step.id()).isEqualTo(StepId.of(step.role(), step.iteration()));
      if (!last) {
        assertThat(step.status())
            .as("a step before the last succeeded")
            .isEqualTo(StepStatus.SUCCEEDED);
        assertThat(step.attemptInFlight()).isFalse();
      }
      assertThat(step.attempt()).isNotNegative();
      if (step.attempt() == 0) {
        assertThat(last).as("only a step just started has no attempt yet").isTrue();
        assertThat(step.status()).isEqualTo(StepStatus.RUNNING);
      } else {
        assertThat(step.input()).isNotNull();
        assertThat(step.input().iteration()).isEqualTo(step.iteration());
      }
      assertThat(step.countedFailures())
          .isBetween(0, Math.min(step.attempt(), s.limits().maxAttempts()));
      if (step.countedFailures() == s.limits().maxAttempts()) {
        assertThat(step.status()).isEqualTo(StepStatus.FAILED);
      }
      stepStatus(step);
      if (step.role() == AgentRole.PLANNER) {
        assertThat(step.iteration()).isLessThan(s.limits().maxIterations());
      } else {
        maxIteration = Math.max(maxIteration, step.iteration());
      }
    }
    approvals(s);
    assertThat(s.iteration())
        .isEqualTo(maxIteration)
        .isLessThanOrEqualTo(s.limits().maxIterations());
  }

  private static void stepStatus(StepState step) {
    switch (step.status()) {
      case RUNNING -> {
        assertThat(step.endedAt()).isNull();
        assertThat(step.retryAt()).isNull();
        assertThat(step.error()).isNull();
      }
      case RETRY_SCHEDULED -> {
        assertThat(step.retryAt()).isNotNull();
        assertThat(step.error()).isNotBlank();
        assertThat(step.endedAt()).isNull();
        assertThat(step.output()).isNull();
      }
      case SUCCEEDED -> {
        assertThat(step.output()).isNotNull();
        assertThat(step.output().role()).isEqualTo(step.role());
        assertThat(step.error()).isNull();
        assertThat(step.retryAt()).isNull();
        assertThat(step.endedAt()).isAfterOrEqualTo(step.startedAt());
      }
      case FAILED -> {
        assertThat(step.error()).isNotBlank();
        assertThat(step.output()).isNull();
        assertThat(step.retryAt()).isNull();
        assertThat(step.endedAt()).isAfterOrEqualTo(step.startedAt());
      }
    }
  }

  /** The plan (made again after each rejection: {@code plans} times), then code and critique. */
  private static StepId expectedStep(int index, int plans) {
    if (index < plans) {
      return StepId.of(AgentRole.PLANNER, index);
    }
    int afterPlans = index - plans + 1;
    int iteration = (afterPlans + 1) / 2;
    return afterPlans % 2 == 1
        ? StepId.of(AgentRole.CODER, iteration)
        : StepId.of(AgentRole.CRITIQUE, iteration);
  }

  /**
   * Approvals are asked only at the gates the policy names, for a succeeded step's result, one at a
   * time; a job waits exactly while one is pending; nothing runs past a gate without its approval.
   */
  private static void approvals(JobState s) {
    ApprovalPolicy policy = s.approval();
    List<ApprovalState> approvals = s.approvals();
    for (int i = 0; i < approvals.size(); i++) {
      ApprovalState approval = approvals.get(i);
      assertThat(policy.requires(approval.gate())).as("asked at a gate of the policy").isTrue();
      StepState step = s.step(approval.stepId());
      assertThat(step).isNotNull();
      assertThat(step.status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(Pipeline.gateAfter(step)).isEqualTo(approval.gate());
      if (i < approvals.size() - 1) {
        assertThat(approval.pending()).as("only the last approval may be pending").isFalse();
      }
    }
    ApprovalState pending = s.pendingApproval();
    if (s.status() == JobStatus.AWAITING_APPROVAL) {
      assertThat(pending).as("a waiting job waits for something").isNotNull();
      assertThat(s.inFlightStep()).isNull();
      assertThat(pending.stepId()).isEqualTo(s.lastStep().id());
      assertThat(pending.deadline() != null).isEqualTo(policy.timeoutMs() != null);
    }
    if (pending != null) {
      // Still pending once the job ended: cancelled, or failed when nobody decided in time.
      assertThat(s.status())
          .isIn(
              JobStatus.AWAITING_APPROVAL, JobStatus.PAUSED, JobStatus.CANCELLED, JobStatus.FAILED);
      if (s.status() != JobStatus.AWAITING_APPROVAL) {
        assertThat(s.approvalDeadline()).as("the clock stops while not waiting").isNull();
      }
    }
    StepState lastPlan =
        s.steps().stream()
            .filter(step -> step.role() == AgentRole.PLANNER)
            .reduce((a, b) -> b)
            .orElse(null);
    boolean coded = s.steps().stream().anyMatch(step -> step.role() == AgentRole.CODER);
    if (coded && policy.afterPlan()) {
      ApprovalState plan = s.approvalOf(lastPlan.id());
      assertThat(plan).as("the coder works on an approved plan").isNotNull();
      assertThat(plan.decision().approved()).isTrue();
    }
    if (s.status() == JobStatus.COMPLETED && policy.beforeComplete()) {
      ApprovalState result = s.approvalOf(s.lastStep().id());
      assertThat(result).as("a completed job's result was approved").isNotNull();
      assertThat(result.decision().approved()).isTrue();
    }
  }

  /** Checks what holds once a command's events are all applied. */
  static void betweenCommands(JobState s) {
    for (StepState step : s.steps()) {
      assertThat(step.attempt()).as("step %s has started an attempt", step.id()).isPositive();
      if (step.status() == StepStatus.RUNNING) {
        assertThat(step.output()).as("a running attempt has no result yet").isNull();
      }
    }
    boolean planned =
        s.steps().stream()
            .anyMatch(
                step -> step.role() == AgentRole.PLANNER && step.status() == StepStatus.SUCCEEDED);
    assertThat(s.plan() != null)
        .as("the job has a plan iff a plan step succeeded")
        .isEqualTo(planned);
    if (!s.status().isTerminal()) {
      assertThat(s.progress()).as("only an ended job can be at 100%").isLessThan(1.0);
    }
    if (s.status() == JobStatus.RUNNING && s.inFlightStep() == null) {
      assertThat(s.nextAttemptDueAt())
          .as("a running job with nothing in flight always has something due")
          .isNotNull();
    }
    if (s.status() != JobStatus.RUNNING) {
      assertThat(s.nextAttemptDueAt()).isNull();
    }
  }
}
