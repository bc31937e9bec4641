package io.jobtrail.application.alert;

import java.time.Duration;

/**
 * What must happen, beyond a matching event, for a rule to fire. Event conditions are checked on
 * the events as the alerts consumer reads them; time conditions by its sweep of running jobs.
 */
public sealed interface AlertCondition {

  /** The job failed (its {@code JobFailed} event); once per job. */
  record JobFailed() implements AlertCondition {}

  /** A step was retried at least {@code atLeast} times; once per step. */
  record StepRetried(int atLeast) implements AlertCondition {
    public StepRetried {
      if (atLeast < 1 || atLeast > 100) {
        throw new InvalidAlertInput("condition.stepRetried.atLeast: between 1 and 100");
      }
    }
  }

  /** A job has been running for longer than {@code duration} since it started; once per job. */
  record RunningLongerThan(Duration duration) implements AlertCondition {}

  /**
   * A running job recorded no event for {@code duration} (stuck); once each time it gets stuck,
   * that is once per version it stopped at.
   */
  record NoEventFor(Duration duration) implements AlertCondition {}

  /**
   * More than {@code abovePercent} of the matching jobs that finished (completed or failed) within
   * the last {@code window} failed, out of at least {@code minJobs}; at most once per window.
   */
  record FailureRate(double abovePercent, Duration window, int minJobs) implements AlertCondition {
    public FailureRate {
      if (!(abovePercent >= 0 && abovePercent < 100)) {
        throw new InvalidAlertInput("condition.failureRate.abovePercent: at least 0 and below 100");
      }
      if (minJobs < 1 || minJobs > 100_000) {
        throw new InvalidAlertInput("condition.failureRate.minJobs: between 1 and 100000");
      }
    }
  }

  /** Checked on the events the consumer reads (rather than by the sweep). */
  default boolean eventDriven() {
    return switch (this) {
      case JobFailed c -> true;
      case StepRetried c -> true;
      case FailureRate c -> true;
      case RunningLongerThan c -> false;
      case NoEventFor c -> false;
    };
  }

  /** The condition's name in the API: JOB_FAILED, STEP_RETRIED, ... */
  default String type() {
    return switch (this) {
      case JobFailed c -> "JOB_FAILED";
      case StepRetried c -> "STEP_RETRIED";
      case RunningLongerThan c -> "RUNNING_LONGER_THAN";
      case NoEventFor c -> "NO_EVENT_FOR";
      case FailureRate c -> "FAILURE_RATE";
    };
  }
}
