package io.jobtrail.graphql.audit;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.AuditJobs;
import io.jobtrail.application.port.in.AuditJobs.AttemptComparison;
import io.jobtrail.application.port.in.AuditJobs.JobComparison;
import io.jobtrail.application.port.in.AuditJobs.StepComparison;
import io.jobtrail.application.port.in.AuditJobs.VerificationReport;
import io.jobtrail.application.security.Role;
import io.jobtrail.graphql.job.JobIds;
import io.jobtrail.graphql.security.CurrentCaller;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code verifyJob}, {@code compareJobs} and the console's trace link template. */
@Controller
public class AuditController {

  private final AuditJobs audit;
  private final ConsoleSettings settings;

  public AuditController(AuditJobs audit, ConsoleSettings settings) {
    this.audit = audit;
    this.settings = settings;
  }

  /** What the console needs from the configuration: where trace ids link to. */
  public record ConsoleSettings(@Nullable String traceUrlTemplate) {}

  @QueryMapping
  public ConsoleSettings consoleSettings(GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read the console settings");
    return settings;
  }

  @QueryMapping
  public VerificationReport verifyJob(@Argument String jobId, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "verify jobs");
    return audit.verify(JobIds.parse(jobId));
  }

  @QueryMapping
  public JobComparison compareJobs(
      @Argument String left, @Argument String right, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "compare jobs");
    return audit.compare(JobIds.parse(left), JobIds.parse(right));
  }

  @SchemaMapping(typeName = "VerificationReport", field = "jobId")
  public String jobId(VerificationReport report) {
    return report.jobId().toString();
  }

  @SchemaMapping(typeName = "VerificationReport", field = "ok")
  public boolean ok(VerificationReport report) {
    return report.ok();
  }

  @SchemaMapping(typeName = "StepComparison", field = "differs")
  public boolean differs(StepComparison step) {
    return step.differs();
  }

  @SchemaMapping(typeName = "AttemptComparison", field = "differs")
  public boolean differs(AttemptComparison attempt) {
    return attempt.differs();
  }
}
