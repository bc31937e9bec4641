package io.jobtrail.graphql.job;

import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The seed's {@code JobStatusUpdate}: the job's status now and the events that changed it. */
public record JobStatusUpdateView(
    String jobId,
    JobStatus status,
    @Nullable String currentStep,
    double progress,
    Instant timestamp,
    long version,
    List<EventView> events) {

  public static JobStatusUpdateView of(JobState state, List<EventView> events) {
    return new JobStatusUpdateView(
        state.id().toString(),
        state.status(),
        state.currentStep() == null ? null : state.currentStep().value(),
        state.progress(),
        state.updatedAt(),
        state.version(),
        events);
  }
}
