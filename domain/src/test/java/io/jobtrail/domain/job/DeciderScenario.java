package io.jobtrail.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code given(history).when(command).then(events)} or {@code .thenRejected(reason)}: decides the
 * command against the fold of the history and checks what it decided.
 */
final class DeciderScenario {

  private DeciderScenario() {}

  static Given givenNoJob() {
    return new Given(List.of());
  }

  static Given given(List<JobEvent> history) {
    return new Given(List.copyOf(history));
  }

  record Given(List<JobEvent> history) {

    When when(JobCommand command) {
      return new When(history, command);
    }
  }

  record When(List<JobEvent> history, JobCommand command) {

    /** Asserts exactly these events were decided, and returns the state after them. */
    JobState then(JobEvent... expected) {
      List<JobEvent> decided = JobDecider.decide(command, JobEvolution.replay(history));
      assertThat(decided).as("events decided for %s", command).containsExactly(expected);
      var after = new ArrayList<>(history);
      after.addAll(decided);
      return JobFixtures.stateOf(after);
    }

    /** Asserts the command was rejected for {@code reason} with an explanation. */
    JobRejected thenRejected(RejectionReason reason) {
      JobState state = JobEvolution.replay(history);
      JobRejected rejected =
          catchThrowableOfType(JobRejected.class, () -> JobDecider.decide(command, state));
      assertThat(rejected).as("%s should be rejected", command).isNotNull();
      assertThat(rejected.reason()).as("reason for rejecting %s", command).isEqualTo(reason);
      assertThat(rejected.getMessage()).isNotBlank();
      return rejected;
    }
  }
}
