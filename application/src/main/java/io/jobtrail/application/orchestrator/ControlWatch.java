package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Stops a running agent call when the job's log says it should: a cancel, a pause (in {@link
 * PauseMode#INTERRUPT}), or its attempt closed by another instance. It reads only the events
 * recorded since the call began, so a command from any instance is seen.
 */
final class ControlWatch {

  private static final int PAGE = 100;

  private final JobEventStore events;
  private final PauseMode pauseMode;

  ControlWatch(JobEventStore events, PauseMode pauseMode) {
    this.events = events;
    this.pauseMode = pauseMode;
  }

  void check(JobId jobId, ActiveCall call) {
    List<RecordedEvent> newer = events.readStream(jobId, call.watchedVersion(), PAGE);
    StopReason reason = null;
    for (RecordedEvent recorded : newer) {
      reason = strongest(reason, reasonToStop(recorded.event(), call));
      call.watchedUpTo(recorded.version());
    }
    if (reason != null) {
      call.stop(reason);
    }
  }

  private @Nullable StopReason reasonToStop(JobEvent event, ActiveCall call) {
    return switch (event) {
      case JobEvent.JobCancelled cancelled -> StopReason.CANCELLED;
      case JobEvent.JobPaused paused -> pauseMode == PauseMode.INTERRUPT ? StopReason.PAUSED : null;
      case JobEvent.JobStepFailed failed ->
          failed.stepId().equals(call.stepId()) && failed.attempt() == call.attempt()
              ? StopReason.SUPERSEDED
              : null;
      // Listed, not defaulted: a new event type must be weighed here before it compiles.
      case JobEvent.JobCreated e -> null;
      case JobEvent.JobStarted e -> null;
      case JobEvent.JobResumed e -> null;
      case JobEvent.JobCompleted e -> null;
      case JobEvent.JobFailed e -> null;
      case JobEvent.JobStepStarted e -> null;
      case JobEvent.JobStepCompleted e -> null;
      case JobEvent.JobStepRetryScheduled e -> null;
      case JobEvent.PlannerStarted e -> null;
      case JobEvent.PlannerCompleted e -> null;
      case JobEvent.CoderStarted e -> null;
      case JobEvent.CoderCompleted e -> null;
      case JobEvent.CritiqueStarted e -> null;
      case JobEvent.CritiqueCompleted e -> null;
      // Decided with an attempt's outcome, when no call is running.
      case JobEvent.JobBudgetExceeded e -> null;
    };
  }

  /** A cancel explains a closed attempt better than "closed elsewhere" (it closes it too). */
  private static @Nullable StopReason strongest(@Nullable StopReason a, @Nullable StopReason b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
