package io.jobtrail.application.audit;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.AuditJobs;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.application.view.AttemptView;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.JobViewFold;
import io.jobtrail.application.view.StepView;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.RejectionReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Verification of a job against its own log, and step-by-step comparison of two jobs. */
public final class AuditService implements AuditJobs {

  private final JobEventStore events;
  private final JobSummaries summaries;
  private final JobSnapshots snapshots;
  private final JobHeadCheckpoints checkpoints;

  public AuditService(
      JobEventStore events,
      JobSummaries summaries,
      JobSnapshots snapshots,
      JobHeadCheckpoints checkpoints) {
    this.events = events;
    this.summaries = summaries;
    this.snapshots = snapshots;
    this.checkpoints = checkpoints;
  }

  @Override
  public VerificationReport verify(JobId jobId) {
    List<RecordedEvent> log = events.readStreamRange(jobId, 0, Long.MAX_VALUE);
    if (log.isEmpty()) {
      throw new JobRejected(RejectionReason.JOB_NOT_FOUND, "there is no job " + jobId);
    }
    var differences = new ArrayList<String>();
    var prefixStates = new ArrayList<JobState>(log.size());
    JobState folded = null;
    for (RecordedEvent e : log) {
      folded = JobEvolution.evolve(folded, e.event());
      prefixStates.add(folded);
    }
    JobSummary expected = JobSummary.of(folded);
    long logEnd = log.getLast().version();
    summaries
        .find(jobId)
        .ifPresentOrElse(
            actual -> {
              if (actual.version() > logEnd) {
                differences.add(truncated(logEnd, actual.version(), "the job's head"));
              }
              differences.addAll(summaryDifferences(expected, actual));
            },
            () -> differences.add("read model: the job summary is missing"));
    checkpoints
        .latest(jobId)
        .ifPresent(
            checkpoint -> {
              if (checkpoint.version() > logEnd) {
                differences.add(truncated(logEnd, checkpoint.version(), "a head checkpoint"));
              } else if (!Objects.equals(
                  checkpoint.lastHash(), log.get((int) checkpoint.version() - 1).hash())) {
                differences.add(
                    "head checkpoint: the event at version "
                        + checkpoint.version()
                        + " is not the one the checkpoint recorded");
              }
            });
    snapshots
        .latest(jobId, Long.MAX_VALUE)
        .ifPresent(
            snapshot -> {
              long version = snapshot.state().version();
              if (version > log.size()) {
                differences.add("snapshot: at version " + version + ", beyond the log");
              } else if (!snapshot.state().equals(prefixStates.get((int) version - 1))) {
                differences.add(
                    "snapshot: the snapshot at version " + version + " differs from the fold");
              } else if (!Objects.equals(
                  snapshot.head().lastHash(), log.get((int) version - 1).hash())) {
                differences.add(
                    "snapshot: the snapshot at version " + version + " names another hash");
              }
            });
    ChainVerification chain = events.verifyChain(jobId);
    if (!chain.intact()) {
      differences.add("hash chain: " + chain.problem());
    }
    return new VerificationReport(
        jobId, chain.eventsChecked(), chain.intact(), chain.firstBrokenVersion(), differences);
  }

  /**
   * The log ends before a head recorded for it ({@code where}: the job's head, written with each
   * append, or a head checkpoint): its tail was deleted.
   */
  public static String truncated(long logEnd, long recordedHead, String where) {
    return "truncated: the log ends at version "
        + logEnd
        + " but "
        + where
        + " records version "
        + recordedHead
        + ": events "
        + (logEnd + 1)
        + ".."
        + recordedHead
        + " were deleted";
  }

  @Override
  public List<RecordedHead> recordedHeads(@Nullable JobId after, int limit) {
    return checkpoints.latestHeads(after, Math.max(1, Math.min(limit, 1_000)));
  }

  private static List<String> summaryDifferences(JobSummary expected, JobSummary actual) {
    var differences = new ArrayList<String>();
    compare("status", expected.status(), actual.status(), differences);
    compare("version", expected.version(), actual.version(), differences);
    compare("progress", expected.progress(), actual.progress(), differences);
    compare("currentStep", expected.currentStep(), actual.currentStep(), differences);
    compare("name", expected.name(), actual.name(), differences);
    compare("createdBy", expected.createdBy(), actual.createdBy(), differences);
    compare("createdAt", expected.createdAt(), actual.createdAt(), differences);
    compare("updatedAt", expected.updatedAt(), actual.updatedAt(), differences);
    compare("originJobId", expected.originJobId(), actual.originJobId(), differences);
    compare("approvalDueAt", expected.approvalDueAt(), actual.approvalDueAt(), differences);
    return differences.stream().map(d -> "read model: " + d).toList();
  }

  private static void compare(
      String field, @Nullable Object expected, @Nullable Object actual, List<String> out) {
    if (!Objects.equals(expected, actual)) {
      out.add(field + " is " + actual + " but the log says " + expected);
    }
  }

  @Override
  public JobComparison compare(JobId leftId, JobId rightId) {
    JobView left = view(leftId);
    JobView right = view(rightId);
    var differences = new ArrayList<Difference>();
    JsonDifferences.collect("/status", left.status().name(), right.status().name(), differences);
    JsonDifferences.collect("/task", left.task(), right.task(), differences);
    JsonDifferences.collect("/parameters", left.parameters(), right.parameters(), differences);
    JsonDifferences.collect("/agents", agents(left), agents(right), differences);
    JsonDifferences.collect("/limits", limits(left), limits(right), differences);
    JsonDifferences.collect("/iteration", left.iteration(), right.iteration(), differences);
    JsonDifferences.collect("/plan", left.plan(), right.plan(), differences);
    JsonDifferences.collect("/artifact", left.artifact(), right.artifact(), differences);
    JsonDifferences.collect(
        "/failureReason", left.failureReason(), right.failureReason(), differences);
    JsonDifferences.collect("/approval", approvalOf(left), approvalOf(right), differences);
    JsonDifferences.collect("/approvals", decisions(left), decisions(right), differences);
    // Step ids name the role and the iteration, so equal ids are the same step of the pipeline.
    Map<String, StepView[]> byStep = new LinkedHashMap<>();
    left.steps().forEach(s -> byStep.computeIfAbsent(s.id(), k -> new StepView[2])[0] = s);
    right.steps().forEach(s -> byStep.computeIfAbsent(s.id(), k -> new StepView[2])[1] = s);
    var steps = new ArrayList<StepComparison>();
    byStep.forEach((id, pair) -> steps.add(compareStep(id, pair[0], pair[1])));
    return new JobComparison(left, right, differences, steps);
  }

  private static Map<String, Object> approvalOf(JobView job) {
    return EventDocuments.approval(job.approval());
  }

  /** What was decided on each approval (times and deciders' names aside: they always differ). */
  private static List<Object> decisions(JobView job) {
    var decisions = new ArrayList<Object>();
    for (JobView.Approval a : job.approvals()) {
      var d = new LinkedHashMap<String, Object>();
      d.put("gate", a.gate());
      d.put("stepId", a.stepId());
      d.put("status", a.status().name());
      d.put("timedOut", a.timedOut());
      if (a.comment() != null) {
        d.put("comment", a.comment());
      }
      decisions.add(d);
    }
    return decisions;
  }

  private static StepComparison compareStep(
      String id, @Nullable StepView left, @Nullable StepView right) {
    StepView either = left != null ? left : Objects.requireNonNull(right);
    var differences = new ArrayList<Difference>();
    JsonDifferences.collect(
        "/status",
        left == null ? null : left.status().name(),
        right == null ? null : right.status().name(),
        differences);
    JsonDifferences.collect(
        "/attempts",
        left == null ? null : left.attempts().size(),
        right == null ? null : right.attempts().size(),
        differences);
    var attempts = new ArrayList<AttemptComparison>();
    int count =
        Math.max(
            left == null ? 0 : left.attempts().size(), right == null ? 0 : right.attempts().size());
    for (int i = 0; i < count; i++) {
      AttemptView l = attempt(left, i);
      AttemptView r = attempt(right, i);
      var attemptDifferences = new ArrayList<Difference>();
      JsonDifferences.collect(
          "/status",
          l == null ? null : l.status().name(),
          r == null ? null : r.status().name(),
          attemptDifferences);
      JsonDifferences.collect(
          "/input", l == null ? null : l.input(), r == null ? null : r.input(), attemptDifferences);
      JsonDifferences.collect(
          "/output",
          l == null ? null : l.output(),
          r == null ? null : r.output(),
          attemptDifferences);
      JsonDifferences.collect(
          "/error", l == null ? null : l.error(), r == null ? null : r.error(), attemptDifferences);
      JsonDifferences.collect(
          "/failureKind",
          l == null || l.failureKind() == null ? null : l.failureKind().name(),
          r == null || r.failureKind() == null ? null : r.failureKind().name(),
          attemptDifferences);
      attempts.add(new AttemptComparison(i + 1, l, r, attemptDifferences));
    }
    return new StepComparison(
        id, either.role(), either.iteration(), left, right, differences, attempts);
  }

  private static @Nullable AttemptView attempt(@Nullable StepView step, int index) {
    return step == null || index >= step.attempts().size() ? null : step.attempts().get(index);
  }

  private static Map<String, Object> agents(JobView job) {
    return Map.of(
        "planner", agent(job.agents().planner()),
        "coder", agent(job.agents().coder()),
        "critique", agent(job.agents().critique()));
  }

  private static Map<String, Object> agent(JobView.Agent agent) {
    return Map.of("kind", agent.kind(), "settings", agent.settings());
  }

  private static Map<String, Object> limits(JobView job) {
    JobView.Limits l = job.limits();
    var limits = new java.util.LinkedHashMap<String, Object>();
    limits.put("maxIterations", l.maxIterations());
    limits.put("maxAttempts", l.maxAttempts());
    limits.put("stepTimeoutMs", l.stepTimeoutMs());
    limits.put("backoffInitialMs", l.backoffInitialMs());
    limits.put("backoffMaxMs", l.backoffMaxMs());
    if (l.maxTotalTokens() != null) {
      limits.put("maxTotalTokens", l.maxTotalTokens());
    }
    if (l.maxCostUsd() != null) {
      limits.put("maxCostUsd", l.maxCostUsd());
    }
    limits.put("onBudgetExceeded", l.onBudgetExceeded().name());
    return limits;
  }

  private JobView view(JobId jobId) {
    JobView view = JobViewFold.of(events.readStreamRange(jobId, 0, Long.MAX_VALUE));
    if (view == null) {
      throw new JobRejected(RejectionReason.JOB_NOT_FOUND, "there is no job " + jobId);
    }
    return view;
  }
}
