package io.jobtrail.application.testing;

import io.jobtrail.application.testing.contract.JobHeadCheckpointsContract;

class InMemoryJobHeadCheckpointsTest extends JobHeadCheckpointsContract {

  @Override
  protected Ports newPorts() {
    var summaries = new InMemoryJobSummaries();
    return new Ports(
        new InMemoryJobEventStore(summaries), new InMemoryJobHeadCheckpoints(summaries));
  }
}
