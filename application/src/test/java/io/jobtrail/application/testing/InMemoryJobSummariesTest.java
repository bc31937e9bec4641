package io.jobtrail.application.testing;

import io.jobtrail.application.testing.contract.JobSummariesContract;

class InMemoryJobSummariesTest extends JobSummariesContract {

  @Override
  protected Ports newPorts() {
    var summaries = new InMemoryJobSummaries();
    return new Ports(new InMemoryJobEventStore(summaries), summaries);
  }
}
