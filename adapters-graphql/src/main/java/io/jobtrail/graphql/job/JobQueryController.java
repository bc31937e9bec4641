package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.security.CurrentCaller;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
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
  public @Nullable JobView job(@Argument String id, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read jobs");
    return queries.job(JobIds.parse(id)).orElse(null);
  }

  /** A page of the list; the totals are counted only when asked for. */
  public record JobConnection(List<Edge> edges, PageInfo pageInfo, JobFilter filter) {}

  public record Edge(String cursor, JobSummary node) {}

  public record StatusCount(JobView.Status status, long count) {}

  public record PageInfo(boolean hasNextPage, @Nullable String endCursor) {}

  public record JobFilterInput(
      @Nullable List<JobView.Status> status,
      @Nullable String nameContains,
      @Nullable Instant createdAfter,
      @Nullable Instant createdBefore) {}

  /**
   * A page of jobs, from the read model only: no job's history is read for it, so a job whose
   * stored history is damaged cannot hide the others (its damage shows where its history is read:
   * {@code job}, {@code JobSummary.job}, {@code verifyJob}).
   */
  @QueryMapping
  public JobConnection jobs(
      @Argument @Nullable JobFilterInput filter,
      @Argument @Nullable JobSort sort,
      @Argument @Nullable Integer first,
      @Argument @Nullable String after,
      GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "list jobs");
    int limit = pageSize(first);
    JobSort order = sort == null ? JobSort.CREATED : sort;
    JobFilter jobFilter = filter(filter);
    List<JobSummary> page =
        queries.jobs(jobFilter, order, after == null ? null : decode(after, order), limit + 1);
    var edges = new ArrayList<Edge>();
    for (JobSummary summary : page.subList(0, Math.min(limit, page.size()))) {
      edges.add(new Edge(encode(summary.cursor(order)), summary));
    }
    return new JobConnection(
        edges,
        new PageInfo(page.size() > limit, edges.isEmpty() ? null : edges.getLast().cursor()),
        jobFilter);
  }

  public static JobFilter filter(@Nullable JobFilterInput filter) {
    return filter == null
        ? JobFilter.ALL
        : new JobFilter(
            filter.status() == null ? Set.of() : new HashSet<>(filter.status()),
            filter.nameContains(),
            filter.createdAfter(),
            filter.createdBefore());
  }

  @SchemaMapping(typeName = "JobConnection", field = "counts")
  public List<StatusCount> counts(JobConnection connection) {
    return statusCounts(queries.jobCounts(connection.filter()));
  }

  @SchemaMapping(typeName = "JobConnection", field = "totalCount")
  public long totalCount(JobConnection connection) {
    Set<JobView.Status> statuses = connection.filter().statuses();
    return queries.jobCounts(connection.filter()).entrySet().stream()
        .filter(e -> statuses.isEmpty() || statuses.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Every status in declaration order, zeros included. */
  public static List<StatusCount> statusCounts(Map<JobView.Status, Long> counts) {
    return Arrays.stream(JobView.Status.values())
        .map(status -> new StatusCount(status, counts.getOrDefault(status, 0L)))
        .toList();
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

  public record JobSnapshotView(long version, Instant at, JobView job) {}

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
    Optional<JobView> state =
        version != null ? queries.jobAtVersion(id, version) : queries.jobAtTime(id, at);
    return state.map(s -> new JobSnapshotView(s.version(), s.updatedAt(), s)).orElse(null);
  }

  static int pageSize(@Nullable Integer first) {
    if (first == null) {
      return 20;
    }
    if (first < 1 || first > MAX_PAGE) {
      throw ApiException.badInput("first", "must be between 1 and " + MAX_PAGE);
    }
    return first;
  }

  /** {@code sort|key|jobId}, base64url: opaque to clients, and tied to the sort it was made for. */
  private static String encode(JobSummary.Cursor cursor) {
    String text = cursor.sort() + "|" + cursor.key() + "|" + cursor.jobId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JobSummary.Cursor decode(String cursor, JobSort sort) {
    JobSummary.Cursor decoded;
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = text.split("\\|", 3);
      decoded =
          new JobSummary.Cursor(
              JobSort.valueOf(parts[0]), Long.parseLong(parts[1]), JobId.parse(parts[2]));
    } catch (RuntimeException e) {
      throw ApiException.badInput("'" + cursor + "' is not a jobs cursor: pass pageInfo.endCursor");
    }
    if (decoded.sort() != sort) {
      throw ApiException.badInput(
          "this cursor is for the list sorted by "
              + decoded.sort()
              + ", not "
              + sort
              + ": start again without 'after'");
    }
    return decoded;
  }
}
