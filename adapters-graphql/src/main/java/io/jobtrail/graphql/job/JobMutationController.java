package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.ControlJob;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.security.Caller;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.ApprovalPolicy;
import io.jobtrail.domain.job.ApprovalTimeoutAction;
import io.jobtrail.domain.job.BudgetAction;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.graphql.error.Inputs;
import io.jobtrail.graphql.security.CurrentCaller;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** Job commands: create, start, pause, resume, cancel, approve, reject. */
@Controller
public class JobMutationController {

  private final CreateJob createJob;
  private final ControlJob controlJob;
  private final QueryJobs queries;

  public JobMutationController(CreateJob createJob, ControlJob controlJob, QueryJobs queries) {
    this.createJob = createJob;
    this.controlJob = controlJob;
    this.queries = queries;
  }

  /** The job as the API shows it, read after the command's append. */
  private JobView view(JobState state) {
    return queries.jobAtLeast(state.id(), state.version()).orElseThrow();
  }

  public record AgentInput(String kind, @Nullable Map<String, Object> settings) {
    public AgentSpec toSpec() {
      return new AgentSpec(kind, settings == null ? Map.of() : settings);
    }
  }

  public record AgentsInput(
      @Nullable AgentInput planner, @Nullable AgentInput coder, @Nullable AgentInput critique) {}

  public record LimitsInput(
      @Nullable Integer maxIterations,
      @Nullable Integer maxAttempts,
      @Nullable Integer stepTimeoutMs,
      @Nullable Integer backoffInitialMs,
      @Nullable Integer backoffMaxMs,
      @Nullable Integer maxTotalTokens,
      @Nullable Double maxCostUsd,
      @Nullable BudgetAction onBudgetExceeded) {}

  public record ApprovalInput(
      @Nullable Boolean afterPlan,
      @Nullable Boolean beforeComplete,
      @Nullable Double timeoutMs,
      @Nullable ApprovalTimeoutAction onTimeout) {}

  public record CreateJobInput(
      String name,
      String task,
      @Nullable Map<String, Object> parameters,
      @Nullable AgentsInput agents,
      @Nullable LimitsInput limits,
      @Nullable ApprovalInput approval,
      @Nullable Boolean start) {}

  @MutationMapping
  public JobView createJob(@Argument CreateJobInput input, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "create jobs");
    var job =
        new NewJob(
            input.name(),
            input.task(),
            input.parameters() == null ? Map.of() : input.parameters(),
            Inputs.field("input.agents", () -> agents(input.agents())),
            Inputs.field("input.limits", () -> limits(input.limits())),
            Inputs.field("input.approval.timeoutMs", () -> approval(input.approval())),
            input.start() == null || input.start());
    return view(createJob.create(job, CurrentCaller.origin(caller)));
  }

  @MutationMapping
  public JobView startJob(@Argument String id, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "start jobs");
    return view(controlJob.start(JobIds.parse(id), CurrentCaller.origin(caller)));
  }

  @MutationMapping
  public JobView pauseJob(
      @Argument String id, @Argument @Nullable String reason, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "pause jobs");
    return view(controlJob.pause(JobIds.parse(id), reason, CurrentCaller.origin(caller)));
  }

  @MutationMapping
  public JobView resumeJob(@Argument String id, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "resume jobs");
    return view(controlJob.resume(JobIds.parse(id), CurrentCaller.origin(caller)));
  }

  @MutationMapping
  public JobView cancelJob(
      @Argument String id, @Argument @Nullable String reason, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "cancel jobs");
    return view(controlJob.cancel(JobIds.parse(id), reason, CurrentCaller.origin(caller)));
  }

  @MutationMapping
  public JobView approveJob(
      @Argument String id, @Argument @Nullable String comment, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "approve jobs");
    return view(controlJob.approve(JobIds.parse(id), comment, CurrentCaller.origin(caller)));
  }

  @MutationMapping
  public JobView rejectJob(@Argument String id, @Argument String comment, GraphQLContext context) {
    Caller caller = CurrentCaller.require(context, Role.OPERATOR, "reject jobs");
    return view(controlJob.reject(JobIds.parse(id), comment, CurrentCaller.origin(caller)));
  }

  private static ApprovalPolicy approval(@Nullable ApprovalInput input) {
    if (input == null) {
      return ApprovalPolicy.NONE;
    }
    Double timeoutMs = input.timeoutMs();
    if (timeoutMs != null && (timeoutMs != Math.rint(timeoutMs) || timeoutMs.isInfinite())) {
      throw new IllegalArgumentException("timeoutMs must be a whole number of milliseconds");
    }
    return new ApprovalPolicy(
        Boolean.TRUE.equals(input.afterPlan()),
        Boolean.TRUE.equals(input.beforeComplete()),
        timeoutMs == null ? null : timeoutMs.longValue(),
        input.onTimeout() == null ? ApprovalTimeoutAction.FAIL : input.onTimeout());
  }

  private static AgentAssignment agents(@Nullable AgentsInput input) {
    if (input == null) {
      return AgentAssignment.ALL_SIMULATED;
    }
    return new AgentAssignment(
        input.planner() == null ? AgentSpec.SIMULATED : input.planner().toSpec(),
        input.coder() == null ? AgentSpec.SIMULATED : input.coder().toSpec(),
        input.critique() == null ? AgentSpec.SIMULATED : input.critique().toSpec());
  }

  private static JobLimits limits(@Nullable LimitsInput input) {
    JobLimits d = JobLimits.DEFAULT;
    if (input == null) {
      return d;
    }
    // Each budget on its own first, so that a refused one is named as its field.
    Long maxTotalTokens = input.maxTotalTokens() == null ? null : (long) input.maxTotalTokens();
    Inputs.field(
        "input.limits.maxTotalTokens",
        () -> d.withBudgets(maxTotalTokens, null, BudgetAction.FAIL));
    Inputs.field(
        "input.limits.maxCostUsd",
        () -> d.withBudgets(null, input.maxCostUsd(), BudgetAction.FAIL));
    return new JobLimits(
        input.maxIterations() == null ? d.maxIterations() : input.maxIterations(),
        input.maxAttempts() == null ? d.maxAttempts() : input.maxAttempts(),
        input.stepTimeoutMs() == null ? d.stepTimeoutMs() : input.stepTimeoutMs(),
        input.backoffInitialMs() == null ? d.backoffInitialMs() : input.backoffInitialMs(),
        input.backoffMaxMs() == null ? d.backoffMaxMs() : input.backoffMaxMs(),
        maxTotalTokens,
        input.maxCostUsd(),
        input.onBudgetExceeded() == null ? BudgetAction.FAIL : input.onBudgetExceeded());
  }
}
