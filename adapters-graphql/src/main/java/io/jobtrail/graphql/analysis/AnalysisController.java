package io.jobtrail.graphql.analysis;

import graphql.GraphQLContext;
import io.jobtrail.application.port.in.AnalyseJobs;
import io.jobtrail.application.port.in.AnalyseJobs.FamilyMember;
import io.jobtrail.application.port.in.AnalyseJobs.JobAnalysis;
import io.jobtrail.application.port.in.AnalyseJobs.JobFamily;
import io.jobtrail.application.security.Role;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.job.JobIds;
import io.jobtrail.graphql.job.JobQueryController;
import io.jobtrail.graphql.job.JobQueryController.JobFilterInput;
import io.jobtrail.graphql.job.JobQueryController.StatusCount;
import io.jobtrail.graphql.security.CurrentCaller;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code jobFamily} and {@code jobAnalysis}: read by any role. */
@Controller
public class AnalysisController {

  private final AnalyseJobs analysis;

  public AnalysisController(AnalyseJobs analysis) {
    this.analysis = analysis;
  }

  @QueryMapping
  public JobFamily jobFamily(@Argument String id, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read job families");
    return analysis.family(JobIds.parse(id));
  }

  @QueryMapping
  public JobAnalysis jobAnalysis(
      @Argument @Nullable String familyOf,
      @Argument @Nullable JobFilterInput filter,
      @Argument @Nullable Integer limit,
      GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "analyse jobs");
    if (familyOf != null && filter != null) {
      throw ApiException.badInput("familyOf", "give familyOf or filter, not both");
    }
    if (familyOf != null) {
      return analysis.analyseFamily(JobIds.parse(familyOf));
    }
    int jobs = limit == null ? 200 : limit;
    if (jobs < 1 || jobs > AnalyseJobs.MAX_JOBS) {
      throw ApiException.badInput("limit", "must be between 1 and " + AnalyseJobs.MAX_JOBS);
    }
    return analysis.analyseJobs(JobQueryController.filter(filter), jobs);
  }

  @SchemaMapping(typeName = "JobFamily", field = "rootId")
  public String rootId(JobFamily family) {
    return family.root().toString();
  }

  @SchemaMapping(typeName = "FamilyMember", field = "parentId")
  public @Nullable String parentId(FamilyMember member) {
    JobId parent = member.parent();
    return parent == null ? null : parent.toString();
  }

  @SchemaMapping(typeName = "JobAnalysis", field = "outcomes")
  public List<StatusCount> outcomes(JobAnalysis result) {
    return JobQueryController.statusCounts(result.outcomes());
  }
}
