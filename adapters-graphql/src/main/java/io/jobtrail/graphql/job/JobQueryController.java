package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Role;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.error.GraphQlErrors;
import io.jobtrail.graphql.security.CurrentCaller;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Reads: a job, the job list, a job's events, a job at a point in time. */
@Controller
public class JobQueryController {

  private static final int MAX_PAGE = 500;

  private final QueryJobs queries;

  public JobQueryController(QueryJobs queries) {
    this.queries = queries;
  }

  @QueryMapping
  public @Nullable JobState job(@Argument String id, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read jobs");
    return queries.job(JobIds.parse(id)).orElse(null);
  }

  public record JobConnection(List<Edge> edges, PageInfo pageInfo) {}

  public record Edge(String cursor, JobState node) {}

  public record PageInfo(boolean hasNextPage, @Nullable String endCursor) {}

  public record JobFilterInput(
      @Nullable List<JobStatus> status,
      @Nullable String nameContains,
      @Nullable Instant createdAfter,
      @Nullable Instant createdBefore) {}

  /**
   * A page of jobs. A job whose stored history is damaged is left out of the page and reported in
   * an error of its own ({@code DAMAGED_HISTORY}), so one damaged job does not hide the others.
   */
  @QueryMapping
  public DataFetcherResult<JobConnection> jobs(
      @Argument @Nullable JobFilterInput filter,
      @Argument @Nullable Integer first,
      @Argument @Nullable String after,
      GraphQLContext context,
      DataFetchingEnvironment env) {
    CurrentCaller.require(context, Role.VIEWER, "list jobs");
    int limit = pageSize(first);
    var jobFilter =
        filter == null
            ? JobFilter.ALL
            : new JobFilter(
                filter.status() == null ? java.util.Set.of() : new HashSet<>(filter.status()),
                filter.nameContains(),
                filter.createdAfter(),
                filter.createdBefore());
    List<JobSummary> page =
        queries.jobs(jobFilter, after == null ? null : decode(after), limit + 1);
    var edges = new ArrayList<Edge>();
    var errors = new ArrayList<GraphQLError>();
    for (JobSummary summary : page.subList(0, Math.min(limit, page.size()))) {
      try {
        Optional<JobState> state = queries.job(summary.jobId());
        state.ifPresent(s -> edges.add(new Edge(encode(summary.cursor()), s)));
      } catch (HistoryDamaged damaged) {
        errors.add(
            GraphQlErrors.error(
                new HistoryDamaged(
                    damaged.version(), "job " + summary.jobId() + ": " + damaged.getMessage()),
                env));
      }
    }
    var connection =
        new JobConnection(
            edges,
            new PageInfo(page.size() > limit, edges.isEmpty() ? null : edges.getLast().cursor()));
    return DataFetcherResult.<JobConnection>newResult().data(connection).errors(errors).build();
  }

  @QueryMapping(name = "jobEvents")
  public List<EventView> jobEvents(
      @Argument String jobId,
      @Argument @Nullable Integer after,
      @Argument @Nullable Integer first,
      GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read events");
    return queries.events(JobIds.parse(jobId), after == null ? 0 : after, pageSize(first)).stream()
        .map(EventView::of)
        .toList();
  }

  public record JobSnapshotView(long version, Instant at, JobState job) {}

  @QueryMapping
  public @Nullable JobSnapshotView jobAt(
      @Argument String jobId,
      @Argument @Nullable Integer version,
      @Argument @Nullable Instant at,
      GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read jobs");
    JobId id = JobIds.parse(jobId);
    if ((version == null) == (at == null)) {
      throw ApiException.badInput("give exactly one of version and at");
    }
    Optional<JobState> state =
        version != null ? queries.jobAtVersion(id, version) : queries.jobAtTime(id, at);
    return state.map(s -> new JobSnapshotView(s.version(), s.updatedAt(), s)).orElse(null);
  }

  static int pageSize(@Nullable Integer first) {
    if (first == null) {
      return 20;
    }
    if (first < 1 || first > MAX_PAGE) {
      throw ApiException.badInput("first must be between 1 and " + MAX_PAGE);
    }
    return first;
  }

  private static String encode(JobSummary.Cursor cursor) {
    String text = cursor.createdAt() + "|" + cursor.jobId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JobSummary.Cursor decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      return new JobSummary.Cursor(
          Instant.parse(text.substring(0, bar)), JobId.parse(text.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw ApiException.badInput("'" + cursor + "' is not a jobs cursor: pass pageInfo.endCursor");
    }
  }
}
