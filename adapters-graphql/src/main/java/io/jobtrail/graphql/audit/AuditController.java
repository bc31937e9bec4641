package io.jobtrail.graphql.audit;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.AuditJobs;
import io.jobtrail.application.port.in.AuditJobs.JobComparison;
import io.jobtrail.application.port.in.AuditJobs.StepComparison;
import io.jobtrail.application.port.in.AuditJobs.VerificationReport;
import io.jobtrail.application.security.Role;
import io.jobtrail.graphql.job.JobIds;
import io.jobtrail.graphql.security.CurrentCaller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code verifyJob} and {@code compareJobs}. */
@Controller
public class AuditController {

  private final AuditJobs audit;

  public AuditController(AuditJobs audit) {
    this.audit = audit;
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
}
