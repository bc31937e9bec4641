package io.jobtrail.application.alert;

import io.jobtrail.application.alert.AlertPayloads.Firing;
import io.jobtrail.application.consumer.LogConsumer;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.out.AlertDeliveries;
import io.jobtrail.application.port.out.AlertRules;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the alert rules: a durable consumer of the log (one active instance in the cluster)
 * that checks every event against the enabled rules and queues a delivery for each firing, and, on
 * the same instance, sweeps the running jobs for the time conditions (running too long, stuck).
 * Each firing has a trigger key unique per rule, so seeing an event again after a crash, or a stuck
 * job on every sweep, queues nothing new: a rule fires once.
 */
public final class AlertsConsumer implements LogConsumer {

  public static final String NAME = "alerts";

  /** Running jobs looked at per sweep, newest first. */
  private static final int SWEEP_LIMIT = 2_000;

  private static final Duration OUTCOMES_KEPT = Durations.LONGEST.plusDays(1);

  private final AlertRules rules;
  private final AlertDeliveries deliveries;
  private final AlertDispatcher dispatcher;
  private final JobRepository jobs;
  private final JobSummaries summaries;
  private final JobEventStore events;
  private final AlertSettings settings;
  private final UuidV7 ids;
  private final Clock clock;
  private final Map<JobId, JobState> createdStates = lruMap(10_000);
  private final Map<JobId, JobState> liveStates = lruMap(1_000);
  private Instant lastSweep = Instant.EPOCH;
  private Instant lastPrune = Instant.EPOCH;
  private List<AlertRule> enabledRules = List.of();
  private long rulesRevision = -1;

  public AlertsConsumer(
      AlertRules rules,
      AlertDeliveries deliveries,
      AlertDispatcher dispatcher,
      JobRepository jobs,
      JobSummaries summaries,
      JobEventStore events,
      AlertSettings settings,
      UuidV7 ids,
      Clock clock) {
    this.rules = rules;
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.jobs = jobs;
    this.summaries = summaries;
    this.events = events;
    this.settings = settings;
    this.ids = ids;
    this.clock = clock;
  }

  private static <K, V> Map<K, V> lruMap(int capacity) {
    return new LinkedHashMap<>(capacity, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Alerts are about what happens from now on, not the history before alerting was switched on. */
  @Override
  public StartPosition startFrom() {
    return StartPosition.LATEST;
  }

  /**
   * The enabled rules, read again only when a rule changed since they were read: a batch of events
   * then costs one small query for them, not reading and parsing every rule. The revision is read
   * first, so a change that commits meanwhile is read at the next batch at the latest.
   */
  private List<AlertRule> enabledRules() {
    long revision = rules.revision();
    if (revision != rulesRevision) {
      enabledRules = rules.enabled();
      rulesRevision = revision;
    }
    return enabledRules;
  }

  @Override
  public void handle(List<RecordedEvent> batch) {
    List<AlertRule> enabled =
        enabledRules().stream()
            .filter(r -> r.condition() == null || r.condition().eventDriven())
            .toList();
    if (enabled.isEmpty()) {
      return;
    }
    var queued = new ArrayList<NewDelivery>();
    for (RecordedEvent event : batch) {
      for (AlertRule rule : enabled) {
        if (event.timestamp().isBefore(rule.createdAt())) {
          continue; // The event happened before the rule existed.
        }
        Firing firing = evaluate(rule, event);
        if (firing != null) {
          queued.add(delivery(rule, firing, event.jobId()));
        }
      }
      follow(event);
    }
    if (!queued.isEmpty() && deliveries.enqueue(queued) > 0) {
      dispatcher.wake();
    }
  }

  private @Nullable Firing evaluate(AlertRule rule, RecordedEvent event) {
    AlertCondition condition = rule.condition();
    JobEvent e = event.event();
    if (condition == null) {
      if (!rule.match().matchesType(event.eventType())) {
        return null;
      }
      JobState job = matchingJob(rule, event);
      return job == null
          ? null
          : new Firing(
              "event:" + event.eventId(),
              event.eventType(),
              "Job '" + job.name() + "': " + event.eventType(),
              job,
              List.of(event));
    }
    return switch (condition) {
      case AlertCondition.JobFailed c -> {
        if (!(e instanceof JobEvent.JobFailed failed)) {
          yield null;
        }
        JobState job = matchingJob(rule, event);
        yield job == null
            ? null
            : new Firing(
                "job-failed:" + event.jobId(),
                condition.type(),
                "Job '" + job.name() + "' failed: " + failed.reason(),
                job,
                withCauses(event, JobEvent.JobStepFailed.class));
      }
      case AlertCondition.StepRetried c -> {
        if (!(e instanceof JobEvent.JobStepRetryScheduled retry)
            || retry.nextAttempt() - 1 < c.atLeast()) {
          yield null;
        }
        JobState job = matchingJob(rule, event);
        yield job == null
            ? null
            : new Firing(
                "step-retried:" + event.jobId() + ":" + retry.stepId(),
                condition.type(),
                "Step "
                    + retry.stepId()
                    + " of job '"
                    + job.name()
                    + "' was retried "
                    + (retry.nextAttempt() - 1)
                    + " times",
                job,
                withCauses(event, JobEvent.JobStepFailed.class));
      }
      case AlertCondition.FailureRate c -> failureRate(rule, c, event);
      case AlertCondition.RunningLongerThan c -> null;
      case AlertCondition.NoEventFor c -> null;
    };
  }

  /**
   * Counts the matching job's outcome; on a failure, fires if the rate over the window (ending at
   * the event) is above the threshold, at most once per window length.
   */
  private @Nullable Firing failureRate(
      AlertRule rule, AlertCondition.FailureRate condition, RecordedEvent event) {
    boolean failed = event.event() instanceof JobEvent.JobFailed;
    if (!failed && !(event.event() instanceof JobEvent.JobCompleted)) {
      return null;
    }
    JobState job = matchingJob(rule, event);
    if (job == null) {
      return null;
    }
    rules.recordOutcome(rule.id(), event.jobId(), event.timestamp(), failed);
    if (!failed) {
      return null;
    }
    AlertRules.Outcomes outcomes =
        rules.outcomesSince(rule.id(), event.timestamp().minus(condition.window()));
    if (outcomes.finished() < condition.minJobs()
        || outcomes.failed() * 100.0 <= condition.abovePercent() * outcomes.finished()) {
      return null;
    }
    long window = event.timestamp().toEpochMilli() / condition.window().toMillis();
    double percent = Math.round(outcomes.failed() * 1000.0 / outcomes.finished()) / 10.0;
    return new Firing(
        "failure-rate:" + window,
        condition.type(),
        outcomes.failed()
            + " of "
            + outcomes.finished()
            + " matching jobs failed in the last "
            + Durations.format(condition.window())
            + " ("
            + percent
            + "%)",
        job,
        List.of(event));
  }

  /** The job as of the event, if it passes the rule's job filters. */
  private @Nullable JobState matchingJob(AlertRule rule, RecordedEvent event) {
    if (rule.match().filtersJobs()) {
      // Most events of most jobs fail a filter on the name or parameters: answer those from the
      // job's first state (kept per job) before bringing the job up to the event.
      JobState created = createdStates.get(event.jobId());
      if (created == null) {
        created = jobs.loadAt(event.jobId(), 1).map(LoadedJob::state).orElse(null);
        if (created == null) {
          return null;
        }
        createdStates.put(event.jobId(), created);
      }
      if (!rule.match().matchesFixedFacts(created)) {
        return null;
      }
    }
    JobState job = stateAt(event);
    return job != null && rule.match().matchesJob(job) ? job : null;
  }

  /**
   * The job as of the event: the kept state evolved by the event when the state is one version
   * behind (the consumer reads every event of the log in order), else loaded from the store.
   */
  private @Nullable JobState stateAt(RecordedEvent event) {
    JobState kept = liveStates.get(event.jobId());
    if (kept != null && kept.version() == event.version()) {
      return kept;
    }
    JobState state =
        kept != null && kept.version() == event.version() - 1
            ? JobEvolution.evolve(kept, event.event())
            : jobs.loadAt(event.jobId(), event.version()).map(LoadedJob::state).orElse(null);
    if (state != null) {
      liveStates.put(event.jobId(), state);
    }
    return state;
  }

  /** Keeps the states of jobs a rule looked at in step with the log. */
  private void follow(RecordedEvent event) {
    JobState kept = liveStates.get(event.jobId());
    if (kept != null && kept.version() == event.version() - 1) {
      liveStates.put(event.jobId(), JobEvolution.evolve(kept, event.event()));
    }
  }

  /** The event and the latest events of the given type before it (the failure it ends with). */
  private List<RecordedEvent> withCauses(RecordedEvent event, Class<? extends JobEvent> cause) {
    List<RecordedEvent> before =
        events.readStreamRange(
            event.jobId(), Math.max(0, event.version() - 10), event.version() - 1);
    var found = new ArrayList<RecordedEvent>();
    for (int i = before.size() - 1; i >= 0 && found.isEmpty(); i--) {
      if (cause.isInstance(before.get(i).event())) {
        found.add(before.get(i));
      }
    }
    found.add(event);
    return found;
  }

  private NewDelivery delivery(AlertRule rule, Firing firing, @Nullable JobId jobId) {
    var id = ids.next();
    Instant now = clock.instant();
    return new NewDelivery(
        id,
        rule.id(),
        jobId,
        firing.triggerKey(),
        firing.trigger(),
        rule.format(),
        AlertPayloads.body(id, rule, firing, now),
        settings.maxAttempts(),
        now);
  }

  /** The time conditions, swept at most every sweep interval. */
  @Override
  public void whileActive(Instant now) {
    if (Duration.between(lastSweep, now).compareTo(settings.sweepInterval()) < 0) {
      return;
    }
    lastSweep = now;
    if (Duration.between(lastPrune, now).toHours() >= 1) {
      lastPrune = now;
      rules.pruneOutcomes(now.minus(OUTCOMES_KEPT));
    }
    List<AlertRule> timed =
        enabledRules().stream()
            .filter(r -> r.condition() != null && !r.condition().eventDriven())
            .toList();
    if (timed.isEmpty()) {
      return;
    }
    List<JobSummary> running = runningJobs();
    var queued = new ArrayList<NewDelivery>();
    for (AlertRule rule : timed) {
      queued.addAll(sweep(rule, running, now));
    }
    if (!queued.isEmpty() && deliveries.enqueue(queued) > 0) {
      dispatcher.wake();
    }
  }

  private List<JobSummary> runningJobs() {
    // Every job the domain calls RUNNING: shown as QUEUED until its first step begins.
    var filter =
        new JobFilter(Set.of(JobView.Status.QUEUED, JobView.Status.RUNNING), null, null, null);
    var running = new ArrayList<JobSummary>();
    JobSummary.Cursor after = null;
    while (running.size() < SWEEP_LIMIT) {
      List<JobSummary> page = summaries.list(filter, JobSort.CREATED, after, 500);
      running.addAll(page);
      if (page.size() < 500) {
        break;
      }
      after = page.getLast().cursor(JobSort.CREATED);
    }
    return running;
  }

  private List<NewDelivery> sweep(AlertRule rule, List<JobSummary> running, Instant now) {
    // Candidates by the summary alone, keyed by what would fire; the state is only loaded for
    // those not fired yet.
    var candidates = new LinkedHashMap<String, JobSummary>();
    AlertCondition condition = rule.condition();
    if (condition instanceof AlertCondition.NoEventFor c) {
      for (JobSummary job : running) {
        if (job.updatedAt().isBefore(now.minus(c.duration()))) {
          candidates.put("stuck:" + job.jobId() + ":" + job.version(), job);
        }
      }
    } else if (condition instanceof AlertCondition.RunningLongerThan c) {
      for (JobSummary job : running) {
        if (job.createdAt().isBefore(now.minus(c.duration()))) {
          candidates.put("running-too-long:" + job.jobId(), job);
        }
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    candidates.keySet().removeAll(deliveries.existingTriggers(rule.id(), candidates.keySet()));
    var queued = new ArrayList<NewDelivery>();
    candidates.forEach(
        (key, summary) -> {
          Firing firing = timedFiring(rule, key, summary, now);
          if (firing != null) {
            queued.add(delivery(rule, firing, summary.jobId()));
          }
        });
    return queued;
  }

  private @Nullable Firing timedFiring(
      AlertRule rule, String key, JobSummary summary, Instant now) {
    JobState job = jobs.load(summary.jobId()).map(LoadedJob::state).orElse(null);
    if (job == null
        || job.status() != JobStatus.RUNNING
        || job.version() != summary.version()
        || !rule.match().matchesJob(job)) {
      return null; // It moved on since the summary was read, or the rule does not look at it.
    }
    List<RecordedEvent> last = events.readStreamRange(job.id(), job.version() - 1, job.version());
    AlertCondition condition = rule.condition();
    String summaryText;
    if (condition instanceof AlertCondition.NoEventFor c) {
      summaryText =
          "Job '"
              + job.name()
              + "' has recorded no event for "
              + Durations.format(c.duration())
              + (job.currentStep() == null ? "" : " (at step " + job.currentStep() + ")");
    } else if (condition instanceof AlertCondition.RunningLongerThan c
        && job.startedAt() != null
        && job.startedAt().isBefore(now.minus(c.duration()))) {
      summaryText =
          "Job '"
              + job.name()
              + "' has been running for more than "
              + Durations.format(c.duration());
    } else {
      return null;
    }
    return new Firing(key, condition.type(), summaryText, job, last);
  }
}
