package io.jobtrail.application.job;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Load → decide → append, in an OpenTelemetry span. The load is the state this instance kept from
 * the job's last load or append when it has one, or none for a job being created (no read), checked
 * by the append's expected version. When another writer appended first, the job is reloaded and the
 * command decided again, a bounded number of times; a command that no longer fits is rejected with
 * the domain's reason. Every event carries the span's trace and span id.
 */
public final class JobCommandHandler {

  private final JobRepository repository;
  private final UuidV7 ids;
  private final Tracer tracer;
  private final String instanceId;
  private final int maxConflictRetries;
  private final EventMetadata.@Nullable Environment environment;

  public JobCommandHandler(
      JobRepository repository,
      UuidV7 ids,
      Tracer tracer,
      String instanceId,
      int maxConflictRetries) {
    this(repository, ids, tracer, instanceId, maxConflictRetries, null);
  }

  /**
   * @param environment written in every event's metadata (with the agent of a call's outcome), or
   *     null for none
   */
  public JobCommandHandler(
      JobRepository repository,
      UuidV7 ids,
      Tracer tracer,
      String instanceId,
      int maxConflictRetries,
      EventMetadata.@Nullable Environment environment) {
    this.repository = repository;
    this.ids = ids;
    this.tracer = tracer;
    this.instanceId = instanceId;
    this.maxConflictRetries = maxConflictRetries;
    this.environment = environment;
  }

  /** The job after the command, and the events it recorded. */
  public record Handled(LoadedJob job, List<RecordedEvent> events) {
    public JobState state() {
      return job.state();
    }
  }

  /**
   * Decides and appends {@code command} for the job.
   *
   * @throws JobRejected if the command does not fit the job's state
   * @throws ConcurrencyConflict if other writers kept winning after every retry
   */
  public Handled handle(JobId jobId, JobCommand command, CommandOrigin origin) {
    return handle(jobId, List.of(command), origin);
  }

  /**
   * Decides {@code commands} in turn, each on the job as the ones before it left it, and appends
   * all their events in one transaction: all of them are recorded or none (a job created to start
   * at once is never stored created but not started). A rejection of any rejects them all.
   *
   * @throws JobRejected if a command does not fit the job's state
   * @throws ConcurrencyConflict if other writers kept winning after every retry
   */
  public Handled handle(JobId jobId, List<JobCommand> commands, CommandOrigin origin) {
    Span span =
        tracer
            .spanBuilder("job." + spanName(commands))
            .setAttribute("job.id", jobId.toString())
            .setAttribute("jobtrail.user", origin.userId())
            .startSpan();
    try (var scope = span.makeCurrent()) {
      Handled handled = decideAndAppend(jobId, commands, origin, span.getSpanContext());
      span.setAttribute("job.version", handled.state().version());
      return handled;
    } catch (JobRejected rejected) {
      span.setAttribute("jobtrail.rejection", rejected.reason().name());
      span.setStatus(StatusCode.ERROR, rejected.getMessage());
      throw rejected;
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      span.end();
    }
  }

  /** The commands' names: {@code CreateJob}, or {@code CreateJob+StartJob} for two at once. */
  private static String spanName(List<JobCommand> commands) {
    var name = new StringBuilder();
    for (JobCommand command : commands) {
      name.append(name.isEmpty() ? "" : "+").append(command.getClass().getSimpleName());
    }
    return name.toString();
  }

  private Handled decideAndAppend(
      JobId jobId, List<JobCommand> commands, CommandOrigin origin, SpanContext span) {
    // First against the state kept from this instance's last load or append of the job, with no
    // read; a job being created is first decided as new (its id was just made). If another writer
    // appended since, the append's version check fails and nothing is written; a rejection is
    // never decided on a kept state. Either way the command is decided again below, on the job as
    // read.
    Optional<LoadedJob> kept = repository.kept(jobId);
    if (kept.isPresent() || commands.getFirst() instanceof JobCommand.CreateJob) {
      try {
        return decideAndAppendOnce(kept.orElse(null), commands, origin, span);
      } catch (JobRejected | ConcurrencyConflict possiblyStale) {
        // Decided again on the job as it is now.
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return decideAndAppendOnce(repository.load(jobId).orElse(null), commands, origin, span);
      } catch (ConcurrencyConflict conflict) {
        if (attempt > maxConflictRetries) {
          throw conflict;
        }
        // Someone else appended first: back off a little (more each time) and decide again.
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000L, 200_000L * attempt));
      }
    }
  }

  private Handled decideAndAppendOnce(
      @Nullable LoadedJob loaded,
      List<JobCommand> commands,
      CommandOrigin origin,
      SpanContext span) {
    var metadata = metadata(origin, span);
    var newEvents = new ArrayList<NewEvent>();
    JobState state = loaded == null ? null : loaded.state();
    for (JobCommand command : commands) {
      for (JobEvent event : JobDecider.decide(command, state)) {
        newEvents.add(new NewEvent(ids.next(), event, metadata));
        state = JobEvolution.evolve(state, event);
      }
    }
    var appended = repository.append(loaded, newEvents);
    return new Handled(appended.job(), appended.result().events());
  }

  private EventMetadata metadata(CommandOrigin origin, SpanContext span) {
    return new EventMetadata(
        origin.userId(),
        span.isValid() ? span.getTraceId() : null,
        span.isValid() ? span.getSpanId() : null,
        origin.causationId(),
        origin.correlationId(),
        instanceId,
        null,
        environment == null ? null : environment.withAgent(origin.agent()));
  }
}
