package io.jobtrail.application.orchestrator;

import java.time.Duration;

/** What a run does after a tick: tick again after a delay, or end (releasing its lease or not). */
sealed interface Next {

  static Next now() {
    return new After(Duration.ZERO);
  }

  record After(Duration delay) implements Next {}

  record Done(boolean releaseLease, String why) implements Next {}
}
