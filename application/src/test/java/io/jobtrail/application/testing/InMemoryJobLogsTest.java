package io.jobtrail.application.testing;

import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.testing.contract.JobLogsContract;

class InMemoryJobLogsTest extends JobLogsContract {

  @Override
  protected JobLogs newLogs() {
    return new InMemoryJobLogs();
  }
}
