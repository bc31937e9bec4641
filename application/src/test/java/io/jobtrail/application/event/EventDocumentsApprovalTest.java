package io.jobtrail.application.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.ApprovalGate;
import io.jobtrail.domain.job.ApprovalPolicy;
import io.jobtrail.domain.job.ApprovalTimeoutAction;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.Pipeline;
import io.jobtrail.domain.job.StepId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Approval policies and decisions in the stored documents, and jobs stored before approvals. */
class EventDocumentsApprovalTest {

  private static final Instant AT = Instant.parse("2025-03-01T09:00:00.123456Z");
  private static final StepId PLAN = new StepId("plan");
  private static final JobId JOB =
      new JobId(UUID.fromString("0190f0e4-7c1a-7000-8000-00000000000c"));

  /** A JobCreated document as releases before approvals stored it: no approval member. */
  private static Map<String, Object> storedBeforeApprovals() {
    var d = new LinkedHashMap<String, Object>();
    d.put("jobId", JOB.toString());
    d.put("name", "old job");
    d.put("task", "add two numbers");
    d.put("parameters", Map.of());
    d.put("agents", EventDocuments.agents(AgentAssignment.ALL_SIMULATED));
    d.put("limits", EventDocuments.limits(JobLimits.DEFAULT));
    d.put("createdBy", "alice");
    d.put("at", AT.toString());
    return d;
  }

  @Test
  void givenAJobStoredBeforeApprovalsExisted_whenRead_thenItNeverWaitsAndIsWrittenAsStored() {
    Map<String, Object> stored = storedBeforeApprovals();

    var created = (JobEvent.JobCreated) EventDocuments.read("JobCreated", stored);

    assertThat(created.approval()).isEqualTo(ApprovalPolicy.NONE);
    assertThat(CanonicalJson.write(EventDocuments.write(created)))
        .as("written, and so hashed, exactly as it was stored")
        .isEqualTo(CanonicalJson.write(stored));
    List<JobEvent> history =
        List.of(
            created,
            new JobEvent.JobStarted("alice", AT),
            new JobEvent.JobStepStarted(PLAN, io.jobtrail.domain.job.AgentRole.PLANNER, 0, AT),
            new JobEvent.PlannerStarted(
                PLAN,
                1,
                new io.jobtrail.domain.job.AgentInput(
                    "add two numbers", Map.of(), null, null, null, 0),
                AT),
            new JobEvent.PlannerCompleted(PLAN, 1, "1. add", AT),
            new JobEvent.JobStepCompleted(PLAN, 1, 0, AT));
    JobState planned = JobEvolution.replay(history);
    assertThat(Pipeline.approvalDue(planned)).as("an old job never waits").isNull();
    assertThat(Pipeline.nextStep(planned).stepId()).isEqualTo(new StepId("code-1"));
  }

  @Test
  void givenAJobWithAnApprovalPolicy_whenWrittenAndRead_thenThePolicyComesBack() {
    var policy = new ApprovalPolicy(true, true, 60_000L, ApprovalTimeoutAction.REJECT);
    var created =
        new JobEvent.JobCreated(
            JOB,
            "new job",
            "add",
            Map.of(),
            AgentAssignment.ALL_SIMULATED,
            JobLimits.DEFAULT,
            policy,
            "alice",
            null,
            AT);

    Map<String, Object> written = EventDocuments.write(created);

    assertThat(written.get("approval"))
        .isEqualTo(
            Map.of(
                "afterPlan",
                true,
                "beforeComplete",
                true,
                "timeoutMs",
                60_000L,
                "onTimeout",
                "REJECT"));
    assertThat(EventDocuments.read("JobCreated", written)).isEqualTo(created);
  }

  @Test
  void givenEveryApprovalEvent_whenWrittenAndRead_thenEqual() {
    List<JobEvent> events =
        List.of(
            new JobEvent.ApprovalRequested(ApprovalGate.AFTER_PLAN, PLAN, AT.plusSeconds(60), AT),
            new JobEvent.ApprovalRequested(
                ApprovalGate.BEFORE_COMPLETE, new StepId("critique-2"), null, AT),
            new JobEvent.ApprovalGranted(ApprovalGate.AFTER_PLAN, PLAN, null, "olga", AT),
            new JobEvent.ApprovalGranted(ApprovalGate.AFTER_PLAN, PLAN, "fine", "olga", AT),
            new JobEvent.ApprovalRejected(
                ApprovalGate.AFTER_PLAN, new StepId("plan-2"), "no", "pat", AT),
            new JobEvent.ApprovalTimedOut(
                ApprovalGate.BEFORE_COMPLETE,
                new StepId("critique-1"),
                ApprovalTimeoutAction.FAIL,
                AT));

    for (JobEvent event : events) {
      assertThat(EventDocuments.read(event.eventType(), EventDocuments.write(event)))
          .isEqualTo(event);
    }
    assertThat(EventDocuments.write(events.get(2))).doesNotContainKey("comment");
    assertThat(EventDocuments.write(events.get(1))).doesNotContainKey("deadline");
  }
}
