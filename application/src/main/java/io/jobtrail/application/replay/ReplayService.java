package io.jobtrail.application.replay;

import io.jobtrail.application.audit.AuditService;
import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.in.ReplayJobs;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Credentials;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvent.JobCreated;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JsonValues;
import io.jobtrail.domain.job.RejectionReason;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.ReuseMode;
import io.jobtrail.domain.job.StepState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Forks a job from a version (Temporal's reset, without touching the original) and rebuilds the
 * read models from the log.
 *
 * <p>A fork is one atomic append to a new stream: a {@code JobCreated} that records the origin and
 * carries the patched parameters, then the original's events 2..N unchanged, with their times and
 * the original's metadata (principal, trace, instance), each marked {@code copiedFrom} the
 * original's (job, version) and caused by the original event; then whatever makes it run on:
 * started if it was pending, resumed if it was paused, and an attempt that was in flight at N is
 * marked interrupted so it runs again with the new parameters. See docs/replay.md.
 */
public final class ReplayService implements ReplayJobs {

  private static final int PAGE = 500;

  private final JobEventStore events;
  private final JobSummaries summaries;
  private final JobSnapshots snapshots;
  private final JobHeadCheckpoints checkpoints;
  private final JobRepository repository;
  private final UuidV7 ids;
  private final Clock clock;
  private final Tracer tracer;
  private final String instanceId;

  public ReplayService(
      JobEventStore events,
      JobSummaries summaries,
      JobSnapshots snapshots,
      JobHeadCheckpoints checkpoints,
      JobRepository repository,
      UuidV7 ids,
      Clock clock,
      Tracer tracer,
      String instanceId) {
    this.events = events;
    this.summaries = summaries;
    this.snapshots = snapshots;
    this.checkpoints = checkpoints;
    this.repository = repository;
    this.ids = ids;
    this.clock = clock;
    this.tracer = tracer;
    this.instanceId = instanceId;
  }

  @Override
  public JobState replay(
      JobId jobId,
      long fromVersion,
      @Nullable Map<String, Object> overrides,
      Map<AgentRole, AgentSpec> agents,
      ReuseMode reuse,
      CommandOrigin origin) {
    Span span =
        tracer
            .spanBuilder("job.ReplayJob")
            .setAttribute("job.id", jobId.toString())
            .setAttribute("job.replay.from_version", fromVersion)
            .setAttribute("job.replay.reuse", reuse.name())
            .startSpan();
    try (var scope = span.makeCurrent()) {
      return fork(
          jobId,
          fromVersion,
          overrides == null ? Map.of() : overrides,
          agents,
          reuse,
          origin,
          span.getSpanContext());
    } finally {
      span.end();
    }
  }

  private JobState fork(
      JobId jobId,
      long fromVersion,
      Map<String, Object> overrides,
      Map<AgentRole, AgentSpec> agents,
      ReuseMode reuse,
      CommandOrigin origin,
      SpanContext span) {
    if (fromVersion < 1) {
      throw new JobRejected(RejectionReason.INVALID_INPUT, "fromVersion must be 1 or more");
    }
    var inline = new ArrayList<>(Credentials.inline("overrides", overrides));
    for (AgentRole role : AgentRole.values()) {
      AgentSpec spec = agents.get(role);
      if (spec != null) {
        inline.addAll(
            Credentials.inline(
                "agents." + role.name().toLowerCase(Locale.ROOT) + ".settings", spec.settings()));
      }
    }
    if (!inline.isEmpty()) {
      throw new JobRejected(RejectionReason.INVALID_INPUT, Credentials.refusal(inline.getFirst()));
    }
    List<RecordedEvent> prefix = events.readStreamRange(jobId, 0, fromVersion);
    if (prefix.isEmpty()) {
      throw new JobRejected(RejectionReason.JOB_NOT_FOUND, "there is no job " + jobId);
    }
    if (prefix.size() < fromVersion) {
      throw new JobRejected(
          RejectionReason.INVALID_INPUT,
          "job " + jobId + " has only " + prefix.size() + " events; choose a version up to that");
    }
    JobState atVersion = JobRepository.fold(prefix);
    if (atVersion.status().isTerminal()) {
      throw new JobRejected(
          RejectionReason.JOB_FINISHED,
          "job "
              + jobId
              + " had already ended ("
              + atVersion.status()
              + ") at version "
              + fromVersion
              + "; choose an earlier version");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    JobId forkId = new JobId(ids.next());
    var original = (JobCreated) prefix.getFirst().event();
    var created =
        new JobCreated(
            forkId,
            original.name(),
            original.task(),
            JsonValues.mergePatch(original.parameters(), overrides),
            replaced(original.agents(), agents),
            original.limits(),
            original.approval(),
            origin.userId(),
            new ReplayOrigin(jobId, fromVersion, overrides, reuse),
            now);
    var newEvents = new ArrayList<NewEvent>();
    newEvents.add(new NewEvent(ids.next(), created, metadata(origin, span, null, jobId)));
    for (RecordedEvent copied : prefix.subList(1, prefix.size())) {
      newEvents.add(new NewEvent(ids.next(), copied.event(), copiedMetadata(copied)));
    }
    JobState state = JobEvolution.replay(newEvents.stream().map(NewEvent::event).toList());
    for (JobCommand command : runOn(state, origin, now)) {
      for (JobEvent event : JobDecider.decide(command, state)) {
        newEvents.add(new NewEvent(ids.next(), event, metadata(origin, span, null, jobId)));
        state = JobEvolution.evolve(state, event);
      }
    }
    return repository.append(null, newEvents).job().state();
  }

  /** The original's agents, with the roles named in {@code replacements} replaced. */
  private static AgentAssignment replaced(
      AgentAssignment original, Map<AgentRole, AgentSpec> replacements) {
    return new AgentAssignment(
        replacements.getOrDefault(AgentRole.PLANNER, original.planner()),
        replacements.getOrDefault(AgentRole.CODER, original.coder()),
        replacements.getOrDefault(AgentRole.CRITIQUE, original.critique()));
  }

  /** What it takes for the fork to run on from where the original was. */
  private static List<JobCommand> runOn(JobState state, CommandOrigin origin, Instant now) {
    var commands = new ArrayList<JobCommand>();
    StepState inFlight = state.inFlightStep();
    if (inFlight != null) {
      commands.add(
          new JobCommand.FailAttempt(
              inFlight.id(),
              inFlight.attempt(),
              FailureKind.INTERRUPTED,
              "replayed from here: the attempt runs again with the replay's parameters",
              Duration.ZERO,
              now));
    }
    switch (state.status()) {
      case PENDING -> commands.add(new JobCommand.StartJob(origin.userId(), now));
      case PAUSED -> commands.add(new JobCommand.ResumeJob(origin.userId(), now));
      // The original's request is a copy: the fork asks its own operators, with its own deadline.
      case AWAITING_APPROVAL -> commands.add(new JobCommand.RequestApproval(now));
      case RUNNING, COMPLETED, FAILED, CANCELLED -> {}
    }
    return commands;
  }

  /**
   * A copied event keeps who, where and in which trace it happened in the original, names the
   * original event as its cause, and is marked with the job and version it was copied from.
   */
  private static EventMetadata copiedMetadata(RecordedEvent copied) {
    EventMetadata original = copied.metadata();
    return new EventMetadata(
        original.userId(),
        original.traceId(),
        original.spanId(),
        copied.eventId().toString(),
        original.correlationId(),
        original.instanceId(),
        new EventMetadata.CopiedFrom(copied.jobId(), copied.version()),
        original.environment());
  }

  private EventMetadata metadata(
      CommandOrigin origin, SpanContext span, @Nullable String causationId, JobId originalJob) {
    return new EventMetadata(
        origin.userId(),
        span.isValid() ? span.getTraceId() : null,
        span.isValid() ? span.getSpanId() : null,
        causationId != null ? causationId : origin.causationId(),
        "replay-of-" + originalJob,
        instanceId);
  }

  @Override
  public RebuildReport rebuildProjections() {
    long started = System.nanoTime();
    snapshots.deleteAll();
    int replayed = 0;
    int clean = 0;
    var failures = new ArrayList<String>();
    // From the first id: uuids compare as unsigned numbers, so no JobId sorts before every other.
    JobId after = null;
    while (true) {
      List<JobId> page = events.jobIds(after, PAGE);
      for (JobId jobId : page) {
        replayed++;
        try {
          List<RecordedEvent> log = events.readStreamRange(jobId, 0, Long.MAX_VALUE);
          JobState state = JobRepository.fold(log);
          RecordedEvent last = log.getLast();
          long head = summaries.find(jobId).map(JobSummary::version).orElse(0L);
          long checkpoint = checkpoints.latest(jobId).map(StreamHead::version).orElse(0L);
          if (head > last.version() || checkpoint > last.version()) {
            // Rebuilding would erase the evidence: report it, leave the head as it is.
            failures.add(
                jobId
                    + ": "
                    + AuditService.truncated(
                        last.version(),
                        Math.max(head, checkpoint),
                        head >= checkpoint ? "the job's head" : "a head checkpoint"));
            continue;
          }
          summaries.rebuild(state, new StreamHead(last.version(), last.hash()));
          if (events.verifyChain(jobId).intact()) {
            clean++;
          } else {
            failures.add(jobId + ": the hash chain is broken (see verifyJob)");
          }
        } catch (RuntimeException e) {
          failures.add(jobId + ": " + e.getMessage());
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.getLast();
    }
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    return new RebuildReport(replayed, clean, replayed - clean, failures, durationMs);
  }
}
