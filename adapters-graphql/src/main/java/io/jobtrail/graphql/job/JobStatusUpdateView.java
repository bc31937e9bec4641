package io.jobtrail.graphql.job;

import io.jobtrail.application.view.JobView;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The seed's {@code JobStatusUpdate}: the job's status now, the events that changed it, and the job
 * they led to.
 */
public record JobStatusUpdateView(
    String jobId,
    JobView.Status status,
    @Nullable String currentStep,
    double progress,
    Instant timestamp,
    long version,
    List<EventView> events,
    JobView job) {

  public static JobStatusUpdateView of(JobView job, List<EventView> events) {
    return new JobStatusUpdateView(
        job.id(),
        job.status(),
        job.currentStep(),
        job.progress(),
        job.updatedAt(),
        job.version(),
        events,
        job);
  }
}
