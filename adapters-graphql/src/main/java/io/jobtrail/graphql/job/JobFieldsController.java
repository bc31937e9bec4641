package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Role;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.StepState;
import io.jobtrail.graphql.security.CurrentCaller;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The fields of {@code Job}, {@code Step} and {@code ReplayOrigin} that are not plain accessors.
 */
@Controller
public class JobFieldsController {

  private final QueryJobs queries;

  public JobFieldsController(QueryJobs queries) {
    this.queries = queries;
  }

  @SchemaMapping(typeName = "Job", field = "id")
  public String id(JobState job) {
    return job.id().toString();
  }

  @SchemaMapping(typeName = "Job", field = "events")
  public List<EventView> events(
      JobState job, @Argument @Nullable Integer after, @Argument @Nullable Integer first) {
    return queries
        .events(job.id(), after == null ? 0 : after, JobQueryController.pageSize(first))
        .stream()
        .map(EventView::of)
        .toList();
  }

  @SchemaMapping(typeName = "Job", field = "replays")
  public List<JobState> replays(JobState job, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read jobs");
    return queries.replaysOf(job.id()).stream()
        .map(JobSummary::jobId)
        .flatMap(id -> queries.job(id).stream())
        .toList();
  }

  @SchemaMapping(typeName = "ReplayOrigin", field = "jobId")
  public String originJobId(ReplayOrigin origin) {
    return origin.jobId().toString();
  }

  @SchemaMapping(typeName = "ReplayOrigin", field = "job")
  public @Nullable JobState originJob(ReplayOrigin origin) {
    return queries.job(origin.jobId()).orElse(null);
  }

  @SchemaMapping(typeName = "Step", field = "durationMs")
  public @Nullable Long durationMs(StepState step) {
    Duration duration = step.duration();
    return duration == null ? null : duration.toMillis();
  }
}
