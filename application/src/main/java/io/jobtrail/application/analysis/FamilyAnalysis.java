package io.jobtrail.application.analysis;

import io.jobtrail.application.port.in.AnalyseJobs;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.view.AttemptView;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.StepView;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.RejectionReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Families from the job summaries (each replay names the job it was forked from), figures from the
 * jobs' views. An analysis reads each job's view once; the views are kept folded ({@code
 * JobViews}), so reading a family again costs only the events appended since.
 */
public final class FamilyAnalysis implements AnalyseJobs {

  private final QueryJobs queries;

  public FamilyAnalysis(QueryJobs queries) {
    this.queries = queries;
  }

  @Override
  public JobFamily family(JobId member) {
    JobSummary root = root(summary(member));
    var members = new ArrayList<FamilyMember>();
    var next = new ArrayDeque<FamilyMember>();
    next.add(new FamilyMember(root, null, 0));
    while (!next.isEmpty() && members.size() < MAX_JOBS) {
      FamilyMember current = next.removeFirst();
      members.add(current);
      for (JobSummary replay : queries.replaysOf(current.job().jobId())) {
        next.addLast(new FamilyMember(replay, current.job().jobId(), current.depth() + 1));
      }
    }
    return new JobFamily(root.jobId(), members, !next.isEmpty());
  }

  @Override
  public JobAnalysis analyseFamily(JobId member) {
    JobFamily family = family(member);
    return analyse(family.members().stream().map(FamilyMember::job).toList(), family.truncated());
  }

  @Override
  public JobAnalysis analyseJobs(JobFilter filter, int limit) {
    if (limit < 1 || limit > MAX_JOBS) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_JOBS);
    }
    List<JobSummary> page = queries.jobs(filter, JobSort.CREATED, null, limit + 1);
    return analyse(page.subList(0, Math.min(limit, page.size())), page.size() > limit);
  }

  private JobSummary summary(JobId jobId) {
    return queries
        .summary(jobId)
        .orElseThrow(
            () -> new JobRejected(RejectionReason.JOB_NOT_FOUND, "there is no job " + jobId));
  }

  /** Up the replayOf links to the first job that is not a replay (or whose original is gone). */
  private JobSummary root(JobSummary job) {
    Set<JobId> seen = new HashSet<>();
    JobSummary current = job;
    while (current.originJobId() != null && seen.add(current.jobId()) && seen.size() <= MAX_JOBS) {
      Optional<JobSummary> parent = queries.summary(current.originJobId());
      if (parent.isEmpty()) {
        break;
      }
      current = parent.get();
    }
    return current;
  }

  private JobAnalysis analyse(List<JobSummary> jobs, boolean truncated) {
    var views = new LinkedHashMap<JobId, JobView>();
    for (JobSummary job : jobs) {
      queries.job(job.jobId()).ifPresent(view -> views.put(job.jobId(), view));
    }
    var outcomes = new EnumMap<JobView.Status, Long>(JobView.Status.class);
    var steps = new LinkedHashMap<String, StepTally>();
    var roles = new EnumMap<StepView.Role, StepTally>(StepView.Role.class);
    var replays = new ArrayList<ReplayDifference>();
    for (JobView view : views.values()) {
      outcomes.merge(view.status(), 1L, Long::sum);
      for (StepView step : view.steps()) {
        List<AttemptView> own = ownAttempts(step);
        if (own.isEmpty()) {
          continue;
        }
        steps
            .computeIfAbsent(step.id(), id -> new StepTally(step.role(), step.iteration()))
            .add(step, own);
        roles.computeIfAbsent(step.role(), role -> new StepTally(role, 0)).add(step, own);
      }
      replayDifference(view, views).ifPresent(replays::add);
    }
    return new JobAnalysis(
        views.size(),
        truncated,
        outcomes,
        steps.entrySet().stream()
            .sorted(
                Comparator.comparing((Map.Entry<String, StepTally> e) -> e.getValue().iteration)
                    .thenComparing(e -> e.getValue().role))
            .map(
                e ->
                    new StepFigures(
                        e.getKey(),
                        e.getValue().role,
                        e.getValue().iteration,
                        e.getValue().figures()))
            .toList(),
        roles.values().stream().map(t -> new RoleFigures(t.role, t.figures())).toList(),
        replays);
  }

  private Optional<ReplayDifference> replayDifference(JobView replay, Map<JobId, JobView> views) {
    JobView.Origin origin = replay.replayOf();
    if (origin == null) {
      return Optional.empty();
    }
    JobId originalId = JobId.parse(origin.jobId());
    Optional<JobView> original =
        Optional.ofNullable(views.get(originalId)).or(() -> queries.job(originalId));
    Optional<JobSummary> originalSummary = queries.summary(originalId);
    Optional<JobSummary> replaySummary = queries.summary(JobId.parse(replay.id()));
    if (original.isEmpty() || originalSummary.isEmpty() || replaySummary.isEmpty()) {
      return Optional.empty();
    }
    var copied = new ArrayList<String>();
    var rerun = new ArrayList<String>();
    for (StepView step : replay.steps()) {
      if (step.attempts().isEmpty()) {
        continue;
      }
      (ownAttempts(step).isEmpty() ? copied : rerun).add(step.id());
    }
    return Optional.of(
        new ReplayDifference(
            originalSummary.get(),
            replaySummary.get(),
            origin.version(),
            copied,
            rerun,
            original.get().status(),
            replay.status(),
            original.get().durationMs(),
            replay.durationMs(),
            ownSpend(original.get()),
            ownSpend(replay)));
  }

  /**
   * The attempts this job ran itself: not copied from its original, and not reused from it (a
   * reused output made no call; it was the original's).
   */
  private static List<AttemptView> ownAttempts(StepView step) {
    return step.attempts().stream().filter(a -> !a.copied() && a.reusedFrom() == null).toList();
  }

  private static Spend ownSpend(JobView job) {
    var spend = new SpendTally();
    job.steps().forEach(step -> ownAttempts(step).forEach(spend::add));
    return spend.spend();
  }

  /** Running totals for one step id or one role. */
  private static final class StepTally {
    final StepView.Role role;
    final int iteration;
    int runs;
    int succeeded;
    int failed;
    int attempts;
    int failedAttempts;
    final List<Long> durations = new ArrayList<>();
    final SpendTally spend = new SpendTally();

    StepTally(StepView.Role role, int iteration) {
      this.role = role;
      this.iteration = iteration;
    }

    void add(StepView step, List<AttemptView> own) {
      runs++;
      switch (step.status()) {
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case RUNNING, RETRY_SCHEDULED -> {}
      }
      for (AttemptView attempt : own) {
        attempts++;
        if (attempt.status() == AttemptView.Status.FAILED) {
          failedAttempts++;
        }
        if (attempt.endedAt() != null) {
          durations.add(Duration.between(attempt.startedAt(), attempt.endedAt()).toMillis());
        }
        spend.add(attempt);
      }
    }

    Figures figures() {
      List<Long> sorted = durations.stream().sorted().toList();
      return new Figures(
          runs,
          succeeded,
          failed,
          attempts,
          failedAttempts,
          percentile(sorted, 0.50),
          percentile(sorted, 0.95),
          spend.spend());
    }
  }

  private static final class SpendTally {
    long tokens;
    double cost;
    boolean anyCost;
    long agentTimeMs;
    int calls;
    int unpriced;

    void add(AttemptView attempt) {
      AgentUsage usage = attempt.usage();
      if (usage == null) {
        return;
      }
      calls++;
      agentTimeMs += usage.latencyMs();
      if (usage.tokens() != null) {
        tokens += usage.tokens().total();
      }
      if (usage.costUsd() == null) {
        unpriced++;
      } else {
        cost += usage.costUsd();
        anyCost = true;
      }
    }

    Spend spend() {
      return new Spend(tokens, anyCost ? cost : null, agentTimeMs, calls, unpriced);
    }
  }

  /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
  static @Nullable Long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
