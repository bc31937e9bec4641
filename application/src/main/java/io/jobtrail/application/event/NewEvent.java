package io.jobtrail.application.event;

import io.jobtrail.domain.job.JobEvent;
import java.util.UUID;

/** An event about to be appended, with its id (the idempotency key) and metadata. */
public record NewEvent(UUID eventId, JobEvent event, EventMetadata metadata) {}
