package io.jobtrail.application.readmodel;

import io.jobtrail.domain.job.JobId;
import java.time.Instant;

/** A job's stream head (version and hash of its last event) as a head checkpoint recorded it. */
public record RecordedHead(JobId jobId, long version, String lastHash, Instant recordedAt) {}
