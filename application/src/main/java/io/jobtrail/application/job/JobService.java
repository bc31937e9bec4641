package io.jobtrail.application.job;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.ControlJob;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Credentials;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.JobViewFold;
import io.jobtrail.application.view.JobViews;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.RejectionReason;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The job use cases: commands through the handler, reads from the log and the read model. */
public final class JobService implements CreateJob, ControlJob, QueryJobs {

  private static final int MAX_PAGE = 1_000;

  /** Jobs whose folded view is kept between reads (see {@link JobViews}). */
  private static final int VIEWS_KEPT = 1_000;

  private final JobCommandHandler handler;
  private final JobEventStore events;
  private final JobSummaries summaries;
  private final JobViews views;
  private final UuidV7 ids;
  private final Clock clock;

  public JobService(
      JobCommandHandler handler,
      JobEventStore events,
      JobSummaries summaries,
      UuidV7 ids,
      Clock clock) {
    this.handler = handler;
    this.events = events;
    this.summaries = summaries;
    this.views = new JobViews(events, VIEWS_KEPT);
    this.ids = ids;
    this.clock = clock;
  }

  /** The time for a command, at the store's precision (microseconds). */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Creates the job, and starts it in the same transaction when asked to. */
  @Override
  public JobState create(NewJob job, CommandOrigin origin) {
    rejectInlineSecrets(job);
    JobId jobId = new JobId(ids.next());
    Instant now = now();
    var create =
        new JobCommand.CreateJob(
            jobId,
            job.name(),
            job.task(),
            job.parameters(),
            job.agents(),
            job.limits(),
            job.approval(),
            origin.userId(),
            null,
            now);
    List<JobCommand> commands =
        job.start()
            ? List.of(create, new JobCommand.StartJob(origin.userId(), now))
            : List.of(create);
    return handle(jobId, commands, origin);
  }

  /** A job's events are kept forever: a secret must be given by reference, never inline. */
  private static void rejectInlineSecrets(NewJob job) {
    var inline = new java.util.ArrayList<>(Credentials.inline("parameters", job.parameters()));
    for (AgentRole role : AgentRole.values()) {
      String path = "agents." + role.name().toLowerCase(java.util.Locale.ROOT) + ".settings";
      inline.addAll(Credentials.inline(path, job.agents().forRole(role).settings()));
    }
    if (!inline.isEmpty()) {
      throw new JobRejected(RejectionReason.INVALID_INPUT, Credentials.refusal(inline.getFirst()));
    }
  }

  @Override
  public JobState start(JobId jobId, CommandOrigin origin) {
    return handle(jobId, new JobCommand.StartJob(origin.userId(), now()), origin);
  }

  @Override
  public JobState pause(JobId jobId, @Nullable String reason, CommandOrigin origin) {
    return handle(jobId, new JobCommand.PauseJob(reason, origin.userId(), now()), origin);
  }

  @Override
  public JobState resume(JobId jobId, CommandOrigin origin) {
    return handle(jobId, new JobCommand.ResumeJob(origin.userId(), now()), origin);
  }

  @Override
  public JobState cancel(JobId jobId, @Nullable String reason, CommandOrigin origin) {
    return handle(jobId, new JobCommand.CancelJob(reason, origin.userId(), now()), origin);
  }

  @Override
  public JobState approve(JobId jobId, @Nullable String comment, CommandOrigin origin) {
    return handle(jobId, new JobCommand.ApproveJob(comment, origin.userId(), now()), origin);
  }

  @Override
  public JobState reject(JobId jobId, String comment, CommandOrigin origin) {
    return handle(jobId, new JobCommand.RejectJob(comment, origin.userId(), now()), origin);
  }

  @Override
  public Optional<JobView> job(JobId jobId) {
    return views.current(jobId);
  }

  @Override
  public Optional<JobView> jobAtLeast(JobId jobId, long version) {
    return views.atLeast(jobId, version);
  }

  private JobState handle(JobId jobId, JobCommand command, CommandOrigin origin) {
    return handle(jobId, List.of(command), origin);
  }

  /** Handles the commands at once; their events go into the kept view too, for the answer. */
  private JobState handle(JobId jobId, List<JobCommand> commands, CommandOrigin origin) {
    JobCommandHandler.Handled handled = handler.handle(jobId, commands, origin);
    views.appended(jobId, handled.events());
    return handled.state();
  }

  @Override
  public Optional<JobView> jobAtVersion(JobId jobId, long version) {
    if (version < 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(JobViewFold.of(events.readStreamRange(jobId, 0, version)))
        .filter(view -> view.version() == version);
  }

  @Override
  public Optional<JobView> jobAtTime(JobId jobId, Instant at) {
    long version = events.versionAt(jobId, at);
    return version == 0 ? Optional.empty() : jobAtVersion(jobId, version);
  }

  @Override
  public List<JobSummary> jobs(
      JobFilter filter, JobSort sort, JobSummary.@Nullable Cursor after, int limit) {
    return summaries.list(filter, sort, after, clamp(limit));
  }

  @Override
  public Map<JobView.Status, Long> jobCounts(JobFilter filter) {
    return summaries.countByShownStatus(filter.anyStatus());
  }

  @Override
  public Optional<JobSummary> summary(JobId jobId) {
    return summaries.find(jobId);
  }

  @Override
  public List<JobSummary> summaries(Collection<JobId> jobIds) {
    return jobIds.isEmpty() ? List.of() : summaries.findAll(jobIds);
  }

  @Override
  public List<JobSummary> replaysOf(JobId original) {
    return summaries.replaysOf(original);
  }

  @Override
  public List<RecordedEvent> events(JobId jobId, long afterVersion, int limit) {
    return events.readStream(jobId, Math.max(0, afterVersion), clamp(limit));
  }

  @Override
  public List<RecordedEvent> eventsAfterPosition(JobId jobId, long afterPosition, int limit) {
    return events.readStreamAfterPosition(jobId, Math.max(0, afterPosition), clamp(limit));
  }

  @Override
  public List<RecordedEvent> allEvents(GlobalCursor after, int limit) {
    return events.readAll(after, clamp(limit));
  }

  private static int clamp(int limit) {
    return Math.max(1, Math.min(limit, MAX_PAGE));
  }
}
