package io.jobtrail.persistence.event;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.HashScheme;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One append, ready to write: the head it expects, the head it makes, the job summary after it, and
 * its events with their documents (canonical JSON, serialised once for both the columns and the
 * hash) and their links in the chain. Everything here is computed by the caller's thread before the
 * append joins a batch.
 */
record PreparedAppend(
    JobId jobId, StreamHead expected, StreamHead head, JobSummary summary, List<Row> rows) {

  static PreparedAppend of(
      JobId jobId, StreamHead expected, List<NewEvent> events, JobState stateAfter) {
    var rows = new ArrayList<Row>(events.size());
    String prevHash = expected.lastHash();
    long version = expected.version();
    for (NewEvent event : events) {
      Row row = Row.of(jobId, ++version, prevHash, event);
      rows.add(row);
      prevHash = row.hash();
    }
    return new PreparedAppend(
        jobId, expected, new StreamHead(version, prevHash), JobSummary.of(stateAfter), rows);
  }

  boolean newJob() {
    return expected.version() == 0;
  }

  /** An event about to be inserted, hashed with {@link HashScheme#CURRENT}. */
  record Row(
      JobId jobId,
      NewEvent event,
      long version,
      String data,
      String metadata,
      @Nullable String prevHash,
      String hash) {

    static Row of(JobId jobId, long version, @Nullable String prevHash, NewEvent event) {
      if (event.event().at().getNano() % 1_000 != 0) {
        // The column keeps microseconds: a finer time would read back different from what was
        // hashed, and the chain would look tampered with.
        throw new IllegalArgumentException(
            "event times must be whole microseconds (the database's precision), not "
                + event.event().at());
      }
      String data = CanonicalJson.write(EventDocuments.write(event.event()));
      String metadata = CanonicalJson.write(EventHashing.metadataDocument(event.metadata()));
      String canonical =
          EventHashing.canonicalForm(
              event.eventId(),
              jobId,
              version,
              event.event().eventType(),
              EventDocuments.CURRENT_SCHEMA_VERSION,
              event.event().at(),
              new CanonicalJson.Written(data),
              new CanonicalJson.Written(metadata));
      return new Row(
          jobId, event, version, data, metadata, prevHash, EventHashing.link(prevHash, canonical));
    }
  }
}
