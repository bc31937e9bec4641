package io.jobtrail.graphql.replay;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.port.in.ReplayJobs;
import io.jobtrail.application.port.in.ReplayJobs.RebuildReport;
import io.jobtrail.application.security.Caller;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.graphql.job.JobIds;
import io.jobtrail.graphql.security.CurrentCaller;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code replayJob} (OPERATOR) and {@code rebuildProjections} (ADMIN). */
@Controller
public class ReplayController {

  private final ReplayJobs replay;
  private final QueryJobs queries;

  public ReplayController(ReplayJobs replay, QueryJobs queries) {
    this.replay = replay;
    this.queries = queries;
  }

  @MutationMapping
  public JobView replayJob(
      @Argument String id,
      @Argument int fromVersion,
      @Argument @Nullable Map<String, Object> overrides,
      GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "replay jobs");
    JobState fork =
        replay.replay(JobIds.parse(id), fromVersion, overrides, CurrentCaller.origin(caller));
    return queries.job(fork.id()).orElseThrow();
  }

  @MutationMapping
  public RebuildReport rebuildProjections(GraphQLContext context) {
    CurrentCaller.require(context, Role.ADMIN, "rebuild projections");
    return replay.rebuildProjections();
  }
}
