package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.port.in.QueryJobLogs;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.graphql.security.CurrentCaller;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Agents' log lines: {@code jobLogs}, {@code Job.logs} and the live {@code jobLogsStream}. */
@Controller
public class JobLogsController {

  private static final int PAGE = 500;
  private static final Duration POLL = Duration.ofMillis(250);

  private final QueryJobLogs logs;

  public JobLogsController(QueryJobLogs logs) {
    this.logs = logs;
  }

  @QueryMapping
  public List<JobLogEntry> jobLogs(
      @Argument String jobId,
      @Argument @Nullable Integer after,
      @Argument @Nullable Integer first,
      GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read logs");
    return logs.logs(
        JobIds.parse(jobId), after == null ? 0 : after, JobQueryController.pageSize(first));
  }

  @SchemaMapping(typeName = "Job", field = "logs")
  public List<JobLogEntry> logs(
      JobView job, @Argument @Nullable Integer after, @Argument @Nullable Integer first) {
    return logs.logs(
        JobId.parse(job.id()), after == null ? 0 : after, JobQueryController.pageSize(first));
  }

  /**
   * Lines after {@code after}, then new ones as they are written (read every 250 ms, in sequence,
   * so none is skipped or repeated).
   */
  @SubscriptionMapping
  public Flux<JobLogEntry> jobLogsStream(
      @Argument String jobId, @Argument @Nullable Integer after, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read logs");
    JobId id = JobIds.parse(jobId);
    long[] last = {after == null ? 0 : after};
    return Flux.interval(Duration.ZERO, POLL)
        .onBackpressureDrop()
        .concatMap(
            tick ->
                Mono.fromCallable(() -> logs.logs(id, last[0], PAGE))
                    // A database read: never on Reactor's few parallel threads.
                    .subscribeOn(Schedulers.boundedElastic())
                    // While the database is away the stream stays open and keeps its place.
                    .onErrorResume(StoreUnavailable.class, away -> Mono.empty())
                    .flatMapIterable(page -> page)
                    .doOnNext(line -> last[0] = line.sequence()),
            1);
  }

  @SchemaMapping(typeName = "JobLogEntry", field = "jobId")
  public String jobId(JobLogEntry entry) {
    return entry.jobId().toString();
  }

  @SchemaMapping(typeName = "JobLogEntry", field = "timestamp")
  public java.time.Instant timestamp(JobLogEntry entry) {
    return entry.at();
  }

  @SchemaMapping(typeName = "JobLogEntry", field = "level")
  public String level(JobLogEntry entry) {
    return entry.level().name();
  }
}
