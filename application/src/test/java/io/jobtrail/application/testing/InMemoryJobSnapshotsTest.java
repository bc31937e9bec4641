package io.jobtrail.application.testing;

import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.testing.contract.JobSnapshotsContract;

class InMemoryJobSnapshotsTest extends JobSnapshotsContract {

  @Override
  protected JobSnapshots newSnapshots() {
    return new InMemoryJobSnapshots();
  }
}
