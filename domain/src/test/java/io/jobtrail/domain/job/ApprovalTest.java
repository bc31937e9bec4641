package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.PLAN_TEXT;
import static io.jobtrail.domain.job.JobFixtures.artifact;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.critique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.ApproveJob;
import io.jobtrail.domain.job.JobCommand.CancelJob;
import io.jobtrail.domain.job.JobCommand.CompleteAttempt;
import io.jobtrail.domain.job.JobCommand.PauseJob;
import io.jobtrail.domain.job.JobCommand.RejectJob;
import io.jobtrail.domain.job.JobCommand.RequestApproval;
import io.jobtrail.domain.job.JobCommand.ResumeJob;
import io.jobtrail.domain.job.JobCommand.StartNextStep;
import io.jobtrail.domain.job.JobCommand.TimeOutApproval;
import io.jobtrail.domain.job.JobEvent.ApprovalGranted;
import io.jobtrail.domain.job.JobEvent.ApprovalRejected;
import io.jobtrail.domain.job.JobEvent.ApprovalRequested;
import io.jobtrail.domain.job.JobEvent.ApprovalTimedOut;
import io.jobtrail.domain.job.JobEvent.CritiqueCompleted;
import io.jobtrail.domain.job.JobEvent.JobCancelled;
import io.jobtrail.domain.job.JobEvent.JobCompleted;
import io.jobtrail.domain.job.JobEvent.JobCreated;
import io.jobtrail.domain.job.JobEvent.JobFailed;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobResumed;
import io.jobtrail.domain.job.JobEvent.JobStepCompleted;
import io.jobtrail.domain.job.JobEvent.JobStepStarted;
import io.jobtrail.domain.job.JobEvent.PlannerStarted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Approvals after the plan and before completing: asked, approved, rejected, timed out. */
class ApprovalTest {

  static final ApprovalPolicy AFTER_PLAN =
      new ApprovalPolicy(true, false, null, ApprovalTimeoutAction.FAIL);
  static final ApprovalPolicy BEFORE_COMPLETE =
      new ApprovalPolicy(false, true, null, ApprovalTimeoutAction.FAIL);

  static ApprovalPolicy afterPlanWithTimeout(ApprovalTimeoutAction action) {
    return new ApprovalPolicy(true, false, 60_000L, action);
  }

  /** The fixture's history, for a job created with {@code policy}. */
  static List<JobEvent> withPolicy(ApprovalPolicy policy, List<JobEvent> history) {
    var c = (JobCreated) history.getFirst();
    var events = new ArrayList<JobEvent>(history);
    events.set(
        0,
        new JobCreated(
            c.jobId(),
            c.name(),
            c.task(),
            c.parameters(),
            c.agents(),
            c.limits(),
            policy,
            c.createdBy(),
            c.replayOf(),
            c.at()));
    return events;
  }

  static List<JobEvent> history(List<JobEvent> before, JobEvent... more) {
    var events = new ArrayList<>(before);
    events.addAll(List.of(more));
    return events;
  }

  static List<JobEvent> planAwaitingApproval(ApprovalPolicy policy) {
    return history(
        withPolicy(policy, JobFixtures.planned()),
        new ApprovalRequested(
            ApprovalGate.AFTER_PLAN,
            PLAN,
            policy.timeoutMs() == null ? null : at(21).plusMillis(policy.timeoutMs()),
            at(21)));
  }

  // Asking.

  @Test
  void givenPlannedJobThatNeedsApproval_whenTheNextStepIsDue_thenItAsksForApprovalInstead() {
    List<JobEvent> planned = withPolicy(AFTER_PLAN, JobFixtures.planned());
    JobState before = JobFixtures.stateOf(planned);
    assertThat(Pipeline.approvalDue(before)).isEqualTo(ApprovalGate.AFTER_PLAN);
    assertThat(before.nextAttemptDueAt()).as("asking is due now").isEqualTo(at(20));

    given(planned).when(new StartNextStep(at(21))).thenRejected(RejectionReason.APPROVAL_REQUIRED);
    JobState state =
        given(planned)
            .when(new RequestApproval(at(21)))
            .then(new ApprovalRequested(ApprovalGate.AFTER_PLAN, PLAN, null, at(21)));

    assertThat(state.status()).isEqualTo(JobStatus.AWAITING_APPROVAL);
    assertThat(state.pendingApproval().stepId()).isEqualTo(PLAN);
    assertThat(state.nextAttemptDueAt()).as("nothing runs while it waits").isNull();
    assertThat(state.approvalDeadline()).isNull();
  }

  @Test
  void givenPlannedJobWithATimeout_whenApprovalRequested_thenTheDeadlineIsRecorded() {
    ApprovalPolicy policy = afterPlanWithTimeout(ApprovalTimeoutAction.FAIL);
    JobState state =
        given(withPolicy(policy, JobFixtures.planned()))
            .when(new RequestApproval(at(21)))
            .then(new ApprovalRequested(ApprovalGate.AFTER_PLAN, PLAN, at(81), at(21)));

    assertThat(state.approvalDeadline()).isEqualTo(at(81));
  }

  @Test
  void givenJobWithoutApprovalPolicy_whenPlanned_thenTheCoderStartsAndNoApprovalIsDue() {
    JobState planned = JobFixtures.stateOf(JobFixtures.planned());
    assertThat(planned.approval()).isEqualTo(ApprovalPolicy.NONE);
    assertThat(Pipeline.approvalDue(planned)).isNull();

    given(JobFixtures.planned())
        .when(new RequestApproval(at(21)))
        .thenRejected(RejectionReason.NO_APPROVAL_DUE);
  }

  // Deciding.

  @Test
  void givenPlanAwaitingApproval_whenApproved_thenApprovalGrantedAndTheCoderIsNext() {
    JobState state =
        given(planAwaitingApproval(AFTER_PLAN))
            .when(new ApproveJob("fine", "olga", at(30)))
            .then(new ApprovalGranted(ApprovalGate.AFTER_PLAN, PLAN, "fine", "olga", at(30)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(Pipeline.nextStep(state)).isEqualTo(new Pipeline.NextStep(AgentRole.CODER, 1));
    ApprovalState approval = state.approvalOf(PLAN);
    assertThat(approval.decision())
        .isEqualTo(new ApprovalState.Decision(true, "olga", "fine", at(30)));
    assertThat(approval.decision().timedOut()).isFalse();
  }

  @Test
  void givenPlanAwaitingApproval_whenApprovedWithoutComment_thenTheCommentIsAbsent() {
    given(planAwaitingApproval(AFTER_PLAN))
        .when(new ApproveJob("  ", "olga", at(30)))
        .then(new ApprovalGranted(ApprovalGate.AFTER_PLAN, PLAN, null, "olga", at(30)));
  }

  @Test
  void givenPlanAwaitingApproval_whenRejected_thenThePlannerRunsAgainWithTheComment() {
    JobState state =
        given(planAwaitingApproval(AFTER_PLAN))
            .when(new RejectJob(" split step 2 ", "olga", at(30)))
            .then(
                new ApprovalRejected(
                    ApprovalGate.AFTER_PLAN, PLAN, "split step 2", "olga", at(30)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state.lastFeedback()).isEqualTo("split step 2");
    StepId revised = new StepId("plan-1");
    given(
            history(
                planAwaitingApproval(AFTER_PLAN),
                new ApprovalRejected(
                    ApprovalGate.AFTER_PLAN, PLAN, "split step 2", "olga", at(30))))
        .when(new StartNextStep(at(31)))
        .then(
            new JobStepStarted(revised, AgentRole.PLANNER, 1, at(31)),
            new PlannerStarted(
                revised,
                1,
                new AgentInput(
                    JobFixtures.TASK, JobFixtures.PARAMETERS, PLAN_TEXT, null, "split step 2", 1),
                at(31)));
  }

  @Test
  void givenTheLastPlanAllowedAwaitingApproval_whenRejected_thenTheJobFails() {
    var oneIteration = new JobLimits(1, 3, 60_000, 1_000, 8_000);
    List<JobEvent> awaiting = planAwaitingApproval(AFTER_PLAN);
    var c = (JobCreated) awaiting.getFirst();
    awaiting.set(
        0,
        new JobCreated(
            c.jobId(),
            c.name(),
            c.task(),
            c.parameters(),
            c.agents(),
            oneIteration,
            AFTER_PLAN,
            c.createdBy(),
            null,
            c.at()));

    JobState state =
        given(awaiting)
            .when(new RejectJob("no", "olga", at(30)))
            .then(
                new ApprovalRejected(ApprovalGate.AFTER_PLAN, PLAN, "no", "olga", at(30)),
                new JobFailed("rejected after 1 iteration (AFTER_PLAN): no", PLAN, at(30)));

    assertThat(state.status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void givenPlanAwaitingApproval_whenRejectedWithoutComment_thenRejected() {
    given(planAwaitingApproval(AFTER_PLAN))
        .when(new RejectJob(" ", "olga", at(30)))
        .thenRejected(RejectionReason.INVALID_INPUT);
  }

  @Test
  void givenRunningJob_whenApprovedOrRejected_thenNotAwaitingApproval() {
    given(JobFixtures.planned())
        .when(new ApproveJob(null, "olga", at(30)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);
    given(JobFixtures.planned())
        .when(new RejectJob("no", "olga", at(30)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);
  }

  @Test
  void givenApprovedPlan_whenApprovedAgain_thenTheSecondDecisionIsRejected() {
    List<JobEvent> approved =
        history(
            planAwaitingApproval(AFTER_PLAN),
            new ApprovalGranted(ApprovalGate.AFTER_PLAN, PLAN, null, "olga", at(30)));

    given(approved)
        .when(new ApproveJob(null, "pat", at(30)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);
    given(approved)
        .when(new RejectJob("too late", "pat", at(30)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);
  }

  // Before completing.

  static List<JobEvent> resultApprovedByCritique() {
    return history(
        withPolicy(BEFORE_COMPLETE, JobFixtures.critiqueRunning(1)),
        new CritiqueCompleted(critique(1), 1, Verdict.APPROVED, "good", at(60)),
        new JobStepCompleted(critique(1), 1, 10_000, at(60)));
  }

  @Test
  void givenJobThatNeedsApprovalBeforeCompleting_whenTheCritiqueApproves_thenItDoesNotComplete() {
    JobState state =
        given(withPolicy(BEFORE_COMPLETE, JobFixtures.critiqueRunning(1)))
            .when(
                new CompleteAttempt(
                    critique(1), 1, new AgentResult.Review(Verdict.APPROVED, "good"), at(60)))
            .then(
                new CritiqueCompleted(critique(1), 1, Verdict.APPROVED, "good", at(60)),
                new JobStepCompleted(critique(1), 1, 10_000, at(60)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state.progress()).isLessThan(1.0);
    assertThat(Pipeline.approvalDue(state)).isEqualTo(ApprovalGate.BEFORE_COMPLETE);
  }

  @Test
  void givenResultAwaitingApproval_whenApproved_thenTheJobCompletesWithTheArtifact() {
    List<JobEvent> awaiting =
        history(
            resultApprovedByCritique(),
            new ApprovalRequested(ApprovalGate.BEFORE_COMPLETE, critique(1), null, at(61)));

    JobState state =
        given(awaiting)
            .when(new ApproveJob("ship it", "olga", at(70)))
            .then(
                new ApprovalGranted(
                    ApprovalGate.BEFORE_COMPLETE, critique(1), "ship it", "olga", at(70)),
                new JobCompleted(artifact(1), at(70)));

    assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(state.progress()).isEqualTo(1.0);
  }

  @Test
  void givenResultAwaitingApproval_whenRejected_thenTheCoderGetsAnotherIterationWithTheComment() {
    List<JobEvent> awaiting =
        history(
            resultApprovedByCritique(),
            new ApprovalRequested(ApprovalGate.BEFORE_COMPLETE, critique(1), null, at(61)));

    JobState state =
        given(awaiting)
            .when(new RejectJob("name it sum", "olga", at(70)))
            .then(
                new ApprovalRejected(
                    ApprovalGate.BEFORE_COMPLETE, critique(1), "name it sum", "olga", at(70)));

    assertThat(Pipeline.nextStep(state)).isEqualTo(new Pipeline.NextStep(AgentRole.CODER, 2));
    assertThat(Pipeline.inputFor(state, Pipeline.nextStep(state)).feedback())
        .isEqualTo("name it sum");
  }

  // Pause, resume and cancel while waiting.

  @Test
  void givenJobAwaitingApproval_whenPaused_thenTheClockStopsAndDecisionsWaitForTheResume() {
    ApprovalPolicy policy = afterPlanWithTimeout(ApprovalTimeoutAction.FAIL);
    JobState paused =
        given(planAwaitingApproval(policy))
            .when(new PauseJob("lunch", "olga", at(30)))
            .then(new JobPaused("lunch", "olga", at(30)));
    assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(paused.pendingApproval()).isNotNull();
    assertThat(paused.approvalDeadline()).isNull();

    List<JobEvent> pausedHistory =
        history(planAwaitingApproval(policy), new JobPaused("lunch", "olga", at(30)));
    given(pausedHistory)
        .when(new ApproveJob(null, "olga", at(40)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);
    given(pausedHistory)
        .when(new TimeOutApproval(at(500)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);

    JobState resumed =
        given(pausedHistory)
            .when(new ResumeJob("olga", at(100)))
            .then(new JobResumed("olga", at(100)));
    assertThat(resumed.status()).isEqualTo(JobStatus.AWAITING_APPROVAL);
    assertThat(resumed.approvalDeadline()).as("a full timeout again").isEqualTo(at(160));
  }

  @Test
  void givenJobAwaitingApproval_whenCancelled_thenJobCancelled() {
    JobState state =
        given(planAwaitingApproval(AFTER_PLAN))
            .when(new CancelJob(null, "olga", at(30)))
            .then(new JobCancelled("cancelled", "olga", at(30)));

    assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
  }

  // Timeouts.

  @Test
  void givenApprovalBeforeItsDeadline_whenTimedOut_thenNotDue() {
    given(planAwaitingApproval(afterPlanWithTimeout(ApprovalTimeoutAction.FAIL)))
        .when(new TimeOutApproval(at(80)))
        .thenRejected(RejectionReason.APPROVAL_NOT_DUE);
    given(planAwaitingApproval(AFTER_PLAN))
        .when(new TimeOutApproval(at(1_000)))
        .thenRejected(RejectionReason.APPROVAL_NOT_DUE);
  }

  @Test
  void givenApprovalPastItsDeadline_whenTimedOutToApprove_thenApprovedByTheTimeout() {
    JobState state =
        given(planAwaitingApproval(afterPlanWithTimeout(ApprovalTimeoutAction.APPROVE)))
            .when(new TimeOutApproval(at(81)))
            .then(
                new ApprovalTimedOut(
                    ApprovalGate.AFTER_PLAN, PLAN, ApprovalTimeoutAction.APPROVE, at(81)),
                new ApprovalGranted(
                    ApprovalGate.AFTER_PLAN,
                    PLAN,
                    "approved: no decision within 60000 ms",
                    JobDecider.APPROVAL_TIMEOUT_ACTOR,
                    at(81)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state.approvalOf(PLAN).decision().timedOut()).isTrue();
  }

  @Test
  void givenApprovalPastItsDeadline_whenTimedOutToReject_thenRejectedByTheTimeout() {
    JobState state =
        given(planAwaitingApproval(afterPlanWithTimeout(ApprovalTimeoutAction.REJECT)))
            .when(new TimeOutApproval(at(81)))
            .then(
                new ApprovalTimedOut(
                    ApprovalGate.AFTER_PLAN, PLAN, ApprovalTimeoutAction.REJECT, at(81)),
                new ApprovalRejected(
                    ApprovalGate.AFTER_PLAN,
                    PLAN,
                    "rejected: no decision within 60000 ms",
                    JobDecider.APPROVAL_TIMEOUT_ACTOR,
                    at(81)));

    assertThat(Pipeline.nextStep(state)).isEqualTo(new Pipeline.NextStep(AgentRole.PLANNER, 1));
  }

  @Test
  void givenApprovalPastItsDeadline_whenTimedOutToFail_thenTheJobFails() {
    JobState state =
        given(planAwaitingApproval(afterPlanWithTimeout(ApprovalTimeoutAction.FAIL)))
            .when(new TimeOutApproval(at(81)))
            .then(
                new ApprovalTimedOut(
                    ApprovalGate.AFTER_PLAN, PLAN, ApprovalTimeoutAction.FAIL, at(81)),
                new JobFailed(
                    "not approved (AFTER_PLAN): no decision within 60000 ms", PLAN, at(81)));

    assertThat(state.status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void givenTimedOutApproval_whenAnOperatorDecidesAfterwards_thenNotAwaitingApproval() {
    List<JobEvent> timedOut =
        history(
            planAwaitingApproval(afterPlanWithTimeout(ApprovalTimeoutAction.APPROVE)),
            new ApprovalTimedOut(
                ApprovalGate.AFTER_PLAN, PLAN, ApprovalTimeoutAction.APPROVE, at(81)),
            new ApprovalGranted(
                ApprovalGate.AFTER_PLAN,
                PLAN,
                "approved",
                JobDecider.APPROVAL_TIMEOUT_ACTOR,
                at(81)));

    given(timedOut)
        .when(new RejectJob("wait", "olga", at(82)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);
    given(timedOut)
        .when(new TimeOutApproval(at(90)))
        .thenRejected(RejectionReason.NOT_AWAITING_APPROVAL);
  }

  @Test
  void givenJobAwaitingApproval_whenAskedAgain_thenTheDeadlineStartsAgain() {
    JobState state =
        given(planAwaitingApproval(afterPlanWithTimeout(ApprovalTimeoutAction.FAIL)))
            .when(new RequestApproval(at(200)))
            .then(new ApprovalRequested(ApprovalGate.AFTER_PLAN, PLAN, at(260), at(200)));

    assertThat(state.approvals()).hasSize(1);
    assertThat(state.approvalDeadline()).isEqualTo(at(260));
  }

  @Test
  void givenPolicyWithATimeoutOutOfRange_whenBuilt_thenRefused() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ApprovalPolicy(true, false, 5L, ApprovalTimeoutAction.FAIL))
        .withMessageContaining("timeoutMs");
  }
}
