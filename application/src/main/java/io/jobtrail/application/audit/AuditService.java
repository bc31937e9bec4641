package io.jobtrail.application.audit;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.AuditJobs;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.RejectionReason;
import io.jobtrail.domain.job.StepState;
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
    JobState left = fold(leftId);
    JobState right = fold(rightId);
    var differences = new ArrayList<String>();
    differ("status", left.status(), right.status(), differences);
    differ("parameters", left.parameters(), right.parameters(), differences);
    differ("agents", left.agents(), right.agents(), differences);
    differ("limits", left.limits(), right.limits(), differences);
    differ("iterations", left.iteration(), right.iteration(), differences);
    differ("plan", left.plan(), right.plan(), differences);
    differ("artifact", left.artifact(), right.artifact(), differences);
    differ("failureReason", left.failureReason(), right.failureReason(), differences);
    Map<String, StepState[]> byStep = new LinkedHashMap<>();
    left.steps().forEach(s -> byStep.computeIfAbsent(s.id().value(), k -> new StepState[2])[0] = s);
    right
        .steps()
        .forEach(s -> byStep.computeIfAbsent(s.id().value(), k -> new StepState[2])[1] = s);
    var steps = new ArrayList<StepComparison>();
    byStep.forEach(
        (id, pair) ->
            steps.add(new StepComparison(id, pair[0], pair[1], stepDifferences(pair[0], pair[1]))));
    return new JobComparison(left, right, steps, differences);
  }

  private static List<String> stepDifferences(@Nullable StepState left, @Nullable StepState right) {
    if (left == null) {
      return List.of("only in the right job");
    }
    if (right == null) {
      return List.of("only in the left job");
    }
    var differences = new ArrayList<String>();
    differ("status", left.status(), right.status(), differences);
    differ("attempts", left.attempt(), right.attempt(), differences);
    differ("input", left.input(), right.input(), differences);
    differ("output", left.output(), right.output(), differences);
    differ("error", left.error(), right.error(), differences);
    var leftDuration = left.duration();
    var rightDuration = right.duration();
    if (leftDuration != null && rightDuration != null) {
      long l = leftDuration.toMillis();
      long r = rightDuration.toMillis();
      // Durations always differ a little; report the ones that differ by more than a quarter.
      if (Math.abs(l - r) > Math.max(50, Math.max(l, r) / 4)) {
        differences.add("duration: " + l + " ms vs " + r + " ms");
      }
    }
    return differences;
  }

  private static void differ(
      String field, @Nullable Object left, @Nullable Object right, List<String> out) {
    if (!Objects.equals(left, right)) {
      out.add(field + ": " + abbreviate(left) + " vs " + abbreviate(right));
    }
  }

  private static String abbreviate(@Nullable Object value) {
    String text = String.valueOf(value);
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private JobState fold(JobId jobId) {
    JobState state =
        JobEvolution.replay(
            events.readStreamRange(jobId, 0, Long.MAX_VALUE).stream()
                .map(RecordedEvent::event)
                .toList());
    if (state == null) {
      throw new JobRejected(RejectionReason.JOB_NOT_FOUND, "there is no job " + jobId);
    }
    return state;
  }
}
