package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.view.AttemptView;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.ReusedFrom;
import io.jobtrail.graphql.security.CurrentCaller;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The fields of {@code Job}, {@code ReplayOrigin} and {@code JobSummary} that are not plain
 * accessors of the application's views.
 */
@Controller
public class JobFieldsController {

  private final QueryJobs queries;

  public JobFieldsController(QueryJobs queries) {
    this.queries = queries;
  }

  @SchemaMapping(typeName = "Job", field = "events")
  public List<EventView> events(
      JobView job, @Argument @Nullable Integer after, @Argument @Nullable Integer first) {
    return queries
        .events(
            JobId.parse(job.id()), after == null ? 0 : after, JobQueryController.pageSize(first))
        .stream()
        .map(EventView::of)
        .toList();
  }

  @SchemaMapping(typeName = "Job", field = "replays")
  public List<JobSummary> replays(JobView job, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read jobs");
    return queries.replaysOf(JobId.parse(job.id()));
  }

  @SchemaMapping(typeName = "Attempt", field = "reusedFrom")
  public EventView.@Nullable Origin reusedFrom(AttemptView attempt) {
    ReusedFrom from = attempt.reusedFrom();
    return from == null ? null : new EventView.Origin(from.jobId().toString(), from.version());
  }

  @SchemaMapping(typeName = "ReplayOrigin", field = "job")
  public @Nullable JobSummary originJob(JobView.Origin origin) {
    return queries.summary(JobId.parse(origin.jobId())).orElse(null);
  }

  @SchemaMapping(typeName = "JobSummary", field = "id")
  public String summaryId(JobSummary summary) {
    return summary.jobId().toString();
  }

  @SchemaMapping(typeName = "JobSummary", field = "status")
  public JobView.Status summaryStatus(JobSummary summary) {
    return summary.shownStatus();
  }

  public record SummaryOrigin(String jobId, long version) {}

  @SchemaMapping(typeName = "JobSummary", field = "replayOf")
  public @Nullable SummaryOrigin summaryOrigin(JobSummary summary) {
    JobId origin = summary.originJobId();
    Long version = summary.originVersion();
    return origin == null || version == null ? null : new SummaryOrigin(origin.toString(), version);
  }

  /** The whole job of a list row; a damaged history is reported naming the job. */
  @SchemaMapping(typeName = "JobSummary", field = "job")
  public @Nullable JobView summaryJob(JobSummary summary, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read jobs");
    try {
      return queries.job(summary.jobId()).orElse(null);
    } catch (HistoryDamaged damaged) {
      throw new HistoryDamaged(
          damaged.version(), "job " + summary.jobId() + ": " + damaged.getMessage());
    }
  }

  @SchemaMapping(typeName = "AttemptUsage", field = "promptTokens")
  public @Nullable Long promptTokens(AgentUsage usage) {
    return usage.tokens() == null ? null : usage.tokens().prompt();
  }

  @SchemaMapping(typeName = "AttemptUsage", field = "completionTokens")
  public @Nullable Long completionTokens(AgentUsage usage) {
    return usage.tokens() == null ? null : usage.tokens().completion();
  }

  @SchemaMapping(typeName = "AttemptUsage", field = "totalTokens")
  public @Nullable Long totalTokens(AgentUsage usage) {
    return usage.tokens() == null ? null : usage.tokens().total();
  }

  @SchemaMapping(typeName = "AttemptUsage", field = "agentTimeMs")
  public long agentTimeMs(AgentUsage usage) {
    return usage.latencyMs();
  }
}
