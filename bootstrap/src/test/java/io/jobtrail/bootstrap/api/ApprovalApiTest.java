package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/**
 * Human approval over real HTTP against a real database: a job waits after its plan (or before
 * completing), an operator approves or rejects it with a comment, a timeout decides when nobody
 * does, two operators deciding at once, and pausing a waiting job.
 */
class ApprovalApiTest extends RunningJobtrail {

  private static final String CREATE =
      "mutation($input: CreateJobInput!) { createJob(input: $input) { id status"
          + " approval { afterPlan beforeComplete timeoutMs onTimeout } } }";

  private static final String JOB =
      "query($id: ID!) { job(id: $id) { status plan artifact version failureReason"
          + " steps { id attempts { input } }"
          + " pendingApproval { gate stepId subject deadline status }"
          + " approvals { gate stepId status decidedBy comment timedOut }"
          + " events { eventType eventData metadata { userId } } } }";

  private static final String APPROVE =
      "mutation($id: ID!, $comment: String) { approveJob(id: $id, comment: $comment) { status } }";

  private static final String REJECT =
      "mutation($id: ID!, $comment: String!) { rejectJob(id: $id, comment: $comment) { status } }";

  private static Map<String, Object> job(String name, Map<String, Object> approval) {
    return Map.of(
        "name",
        name,
        "task",
        "count the words of a sentence",
        "parameters",
        Map.of("simulated", Map.of("latencyMs", 20)),
        "approval",
        approval);
  }

  private String create(Map<String, Object> input) {
    return graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", input)
        .execute()
        .path("createJob.id")
        .entity(String.class)
        .get();
  }

  private void awaitStatus(String id, String status) {
    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals(status));
  }

  private String awaitingPlan(Map<String, Object> approval) {
    String id = create(job("awaits its plan's approval", approval));
    awaitStatus(id, "AWAITING_APPROVAL");
    return id;
  }

  private static void invalidTransition(List<ResponseError> errors) {
    assertThat(errors).hasSize(1);
    assertThat(errors.getFirst().getExtensions()).containsEntry("code", "INVALID_TRANSITION");
  }

  @Test
  void
      givenAJobThatWaitsAfterThePlan_whenAnOperatorApproves_thenItCompletesAndTheDecisionIsAudited() {
    String id = awaitingPlan(Map.of("afterPlan", true));

    var waiting = graphQl(VIEWER).document(JOB).variable("id", id).execute();
    String plan = waiting.path("job.plan").entity(String.class).get();
    waiting.path("job.pendingApproval.gate").entity(String.class).isEqualTo("AFTER_PLAN");
    waiting.path("job.pendingApproval.stepId").entity(String.class).isEqualTo("plan");
    waiting.path("job.pendingApproval.subject").entity(String.class).isEqualTo(plan);
    waiting.path("job.pendingApproval.deadline").valueIsNull();
    waiting.path("job.steps[*].id").entityList(String.class).containsExactly("plan");

    graphQl(VIEWER)
        .document(APPROVE)
        .variable("id", id)
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions()).containsEntry("code", "FORBIDDEN"));
    graphQl(OPERATOR)
        .document(APPROVE)
        .variable("id", id)
        .variable("comment", "looks right")
        .execute()
        .path("approveJob.status")
        .entity(String.class)
        .satisfies(status -> assertThat(status).isIn("RUNNING", "COMPLETED"));
    awaitStatus(id, "COMPLETED");

    var done = graphQl(VIEWER).document(JOB).variable("id", id).execute();
    done.path("job.pendingApproval").valueIsNull();
    done.path("job.approvals[0].status").entity(String.class).isEqualTo("APPROVED");
    done.path("job.approvals[0].decidedBy").entity(String.class).isEqualTo("otto");
    done.path("job.approvals[0].comment").entity(String.class).isEqualTo("looks right");
    done.path("job.events[?(@.eventType == 'ApprovalGranted')].metadata.userId")
        .entityList(String.class)
        .containsExactly("otto");
    done.path("job.events[?(@.eventType == 'ApprovalRequested')].metadata.userId")
        .entityList(String.class)
        .containsExactly("orchestrator");
  }

  @Test
  void givenAPlanAwaitingApproval_whenRejectedWithAComment_thenThePlannerGetsItAsFeedback() {
    String id = awaitingPlan(Map.of("afterPlan", true));

    graphQl(OPERATOR)
        .document(REJECT)
        .variable("id", id)
        .variable("comment", "  ")
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions())
                    .containsEntry("code", "BAD_USER_INPUT"));
    assertThat(jobStatus(id))
        .as("a refused rejection changes nothing")
        .isEqualTo("AWAITING_APPROVAL");

    graphQl(OPERATOR)
        .document(REJECT)
        .variable("id", id)
        .variable("comment", "mention punctuation")
        .execute()
        .path("rejectJob.status")
        .entity(String.class)
        .satisfies(status -> assertThat(status).isIn("RUNNING", "AWAITING_APPROVAL"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                graphQl(VIEWER)
                    .document(JOB)
                    .variable("id", id)
                    .execute()
                    .path("job.pendingApproval.stepId")
                    .hasValue()
                    .entity(String.class)
                    .get()
                    .equals("plan-1"));

    var again = graphQl(VIEWER).document(JOB).variable("id", id).execute();
    again.path("job.steps[1].id").entity(String.class).isEqualTo("plan-1");
    again
        .path("job.steps[1].attempts[0].input.feedback")
        .entity(String.class)
        .isEqualTo("mention punctuation");
    again.path("job.approvals[0].status").entity(String.class).isEqualTo("REJECTED");
  }

  @Test
  void givenAResultAwaitingApproval_whenRejected_thenTheCoderIteratesAndTheJobWaitsAgain() {
    String id = create(job("awaits its result's approval", Map.of("beforeComplete", true)));
    awaitStatus(id, "AWAITING_APPROVAL");
    var waiting = graphQl(VIEWER).document(JOB).variable("id", id).execute();
    waiting.path("job.pendingApproval.gate").entity(String.class).isEqualTo("BEFORE_COMPLETE");
    String artifact = waiting.path("job.artifact").entity(String.class).get();
    waiting.path("job.pendingApproval.subject").entity(String.class).isEqualTo(artifact);

    graphQl(OPERATOR)
        .document(REJECT)
        .variable("id", id)
        .variable("comment", "handle empty input")
        .execute()
        .path("rejectJob.status")
        .hasValue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jobStatus(id).equals("AWAITING_APPROVAL")
                    && graphQl(VIEWER)
                            .document(JOB)
                            .variable("id", id)
                            .execute()
                            .path("job.approvals")
                            .entityList(Object.class)
                            .get()
                            .size()
                        == 2);
    var second = graphQl(VIEWER).document(JOB).variable("id", id).execute();
    second
        .path("job.steps[*].id")
        .entityList(String.class)
        .containsExactly("plan", "code-1", "critique-1", "code-2", "critique-2");
    second
        .path("job.steps[3].attempts[0].input.feedback")
        .entity(String.class)
        .isEqualTo("handle empty input");

    graphQl(OPERATOR).document(APPROVE).variable("id", id).execute().path("approveJob").hasValue();
    awaitStatus(id, "COMPLETED");
  }

  @Test
  void
      givenAnApprovalWithATimeout_whenNobodyDecides_thenTheSystemRecordsTheTimeoutAndTheJobFails() {
    var created =
        graphQl(OPERATOR)
            .document(CREATE)
            .variable(
                "input",
                job(
                    "nobody decides",
                    Map.of("afterPlan", true, "timeoutMs", 400, "onTimeout", "FAIL")))
            .execute();
    created.path("createJob.approval.timeoutMs").entity(Double.class).isEqualTo(400.0);
    created.path("createJob.approval.onTimeout").entity(String.class).isEqualTo("FAIL");
    String id = created.path("createJob.id").entity(String.class).get();

    awaitStatus(id, "FAILED");

    var read = graphQl(VIEWER).document(JOB).variable("id", id).execute();
    read.path("job.failureReason")
        .entity(String.class)
        .isEqualTo("not approved (AFTER_PLAN): no decision within 400 ms");
    read.path("job.events[?(@.eventType == 'ApprovalTimedOut')].eventData.action")
        .entityList(String.class)
        .containsExactly("FAIL");
    read.path("job.events[?(@.eventType == 'ApprovalTimedOut')].metadata.userId")
        .entityList(String.class)
        .containsExactly("orchestrator");
    read.path("job.approvals[0].status").entity(String.class).isEqualTo("CLOSED");
  }

  @Test
  void
      givenAJobAwaitingApproval_whenTwoOperatorsDecideAtOnce_thenOneWinsAndTheOtherGetsInvalidTransition()
          throws Exception {
    String id = awaitingPlan(Map.of("afterPlan", true));

    var go = new CountDownLatch(1);
    var answers = new ArrayList<Future<List<ResponseError>>>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String document : List.of(APPROVE, APPROVE)) {
        answers.add(
            threads.submit(
                () -> {
                  go.await();
                  return graphQl(OPERATOR)
                      .document(document)
                      .variable("id", id)
                      .execute()
                      .returnResponse()
                      .getErrors();
                }));
      }
      go.countDown();
      var errors = new ArrayList<List<ResponseError>>();
      for (var answer : answers) {
        errors.add(answer.get());
      }
      assertThat(errors).filteredOn(List::isEmpty).hasSize(1);
      assertThat(errors)
          .filteredOn(e -> !e.isEmpty())
          .singleElement()
          .satisfies(ApprovalApiTest::invalidTransition);
    }
    graphQl(VIEWER)
        .document(JOB)
        .variable("id", id)
        .execute()
        .path("job.events[?(@.eventType == 'ApprovalGranted')]")
        .entityList(Object.class)
        .hasSize(1);
  }

  @Test
  void givenAJobAwaitingApproval_whenPaused_thenDecisionsWaitForTheResume() {
    String id = awaitingPlan(Map.of("afterPlan", true, "timeoutMs", 600_000));
    graphQl(OPERATOR)
        .document("mutation($id: ID!) { pauseJob(id: $id, reason: \"thinking\") { status } }")
        .variable("id", id)
        .execute()
        .path("pauseJob.status")
        .entity(String.class)
        .isEqualTo("PAUSED");
    graphQl(VIEWER)
        .document(JOB)
        .variable("id", id)
        .execute()
        .path("job.pendingApproval.deadline")
        .valueIsNull();

    graphQl(OPERATOR)
        .document(APPROVE)
        .variable("id", id)
        .execute()
        .errors()
        .satisfy(ApprovalApiTest::invalidTransition);

    graphQl(OPERATOR)
        .document("mutation($id: ID!) { resumeJob(id: $id) { status } }")
        .variable("id", id)
        .execute()
        .path("resumeJob.status")
        .entity(String.class)
        .isEqualTo("AWAITING_APPROVAL");
    graphQl(VIEWER)
        .document(JOB)
        .variable("id", id)
        .execute()
        .path("job.pendingApproval.deadline")
        .hasValue();
    graphQl(OPERATOR).document(APPROVE).variable("id", id).execute().path("approveJob").hasValue();
    awaitStatus(id, "COMPLETED");
  }

  @Test
  void givenBadApprovalInput_whenCreatingOrDeciding_thenStableCodesAndNothingChanges() {
    graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", job("bad timeout", Map.of("afterPlan", true, "timeoutMs", 5)))
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors).hasSize(1);
              assertThat(errors.getFirst().getExtensions())
                  .containsEntry("code", "BAD_USER_INPUT")
                  .containsEntry("field", "input.approval.timeoutMs");
            });
    String running =
        create(
            Map.of(
                "name",
                "never waits",
                "task",
                "t",
                "parameters",
                Map.of("simulated", Map.of("latencyMs", 2_000))));
    graphQl(OPERATOR)
        .document(APPROVE)
        .variable("id", running)
        .execute()
        .errors()
        .satisfy(ApprovalApiTest::invalidTransition);
  }
}
