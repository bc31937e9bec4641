package io.jobtrail.graphql.replay;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.port.in.ReplayJobs;
import io.jobtrail.application.port.in.ReplayJobs.RebuildReport;
import io.jobtrail.application.security.Caller;
import io.jobtrail.application.security.Credentials;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.ReuseMode;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.error.Inputs;
import io.jobtrail.graphql.job.JobIds;
import io.jobtrail.graphql.job.JobMutationController.AgentInput;
import io.jobtrail.graphql.job.JobMutationController.AgentsInput;
import io.jobtrail.graphql.security.CurrentCaller;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
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
      @Argument @Nullable AgentsInput agents,
      @Argument @Nullable ReuseMode reuse,
      GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "replay jobs");
    JobState fork =
        replay.replay(
            JobIds.parse(id),
            fromVersion,
            overrides,
            agents(agents),
            reuse == null ? ReuseMode.NONE : reuse,
            CurrentCaller.origin(caller));
    return queries.job(fork.id()).orElseThrow();
  }

  /**
   * The roles the replay gives another agent, checked as createJob checks its agents: a valid kind,
   * and secrets by reference only (each refusal names its field, e.g. {@code agents.coder}).
   */
  private static Map<AgentRole, AgentSpec> agents(@Nullable AgentsInput input) {
    var agents = new EnumMap<AgentRole, AgentSpec>(AgentRole.class);
    if (input == null) {
      return agents;
    }
    put(agents, AgentRole.PLANNER, input.planner());
    put(agents, AgentRole.CODER, input.coder());
    put(agents, AgentRole.CRITIQUE, input.critique());
    return agents;
  }

  private static void put(
      Map<AgentRole, AgentSpec> agents, AgentRole role, @Nullable AgentInput input) {
    if (input == null) {
      return;
    }
    String field = "agents." + role.name().toLowerCase(Locale.ROOT);
    AgentSpec spec = Inputs.field(field, input::toSpec);
    List<String> inline = Credentials.inline(field + ".settings", spec.settings());
    if (!inline.isEmpty()) {
      throw ApiException.badInput(field + ".settings", Credentials.refusal(inline.getFirst()));
    }
    agents.put(role, spec);
  }

  @MutationMapping
  public RebuildReport rebuildProjections(GraphQLContext context) {
    CurrentCaller.require(context, Role.ADMIN, "rebuild projections");
    return replay.rebuildProjections();
  }
}
