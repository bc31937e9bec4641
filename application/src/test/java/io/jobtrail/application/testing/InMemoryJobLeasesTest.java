package io.jobtrail.application.testing;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.testing.contract.JobLeasesContract;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import java.time.Instant;

class InMemoryJobLeasesTest extends JobLeasesContract {

  private final InMemoryJobSummaries summaries = new InMemoryJobSummaries();

  @Override
  protected JobLeases newLeases() {
    return new InMemoryJobLeases(summaries);
  }

  @Override
  protected void givenJob(JobId jobId, JobStatus status) {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    summaries.write(
        new JobSummary(jobId, "job", status, 0, null, at, at, "tester", 2, null, null),
        new StreamHead(2, "00"));
  }
}
