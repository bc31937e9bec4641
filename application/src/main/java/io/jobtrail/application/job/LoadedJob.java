package io.jobtrail.application.job;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.domain.job.JobState;

/** A job's current state and the head of its stream, as read together. */
public record LoadedJob(JobState state, StreamHead head) {}
