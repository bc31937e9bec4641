package io.jobtrail.application.testing;

import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.testing.contract.JobEventStoreContract;
import io.jobtrail.domain.job.JobId;

class InMemoryJobEventStoreTest extends JobEventStoreContract {

  @Override
  protected JobEventStore newStore() {
    return new InMemoryJobEventStore();
  }

  @Override
  protected void tamperWithStoredEvent(JobId jobId, long version) {
    ((InMemoryJobEventStore) store)
        .tamper(
            jobId,
            version,
            e -> {
              EventMetadata m = e.metadata();
              var forged =
                  new EventMetadata(
                      "mallory",
                      m.traceId(),
                      m.spanId(),
                      m.causationId(),
                      m.correlationId(),
                      m.instanceId());
              return new RecordedEvent(
                  e.eventId(),
                  e.jobId(),
                  e.version(),
                  e.position(),
                  e.transactionId(),
                  e.event(),
                  e.timestamp(),
                  e.schemaVersion(),
                  forged,
                  e.prevHash(),
                  e.hash());
            });
  }
}
