package io.jobtrail.application.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeldBackWaitTest {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final GlobalCursor HERE = new GlobalCursor(10, 3);
  private static final GlobalCursor FURTHER = new GlobalCursor(12, 4);

  private final HeldBackWait wait = new HeldBackWait(POLL);

  @Test
  void givenNothingHeldBack_thenTheFollowerWaitsForItsPoll() {
    assertThat(wait.after(HERE, false)).isEqualTo(POLL);
  }

  @Test
  void givenEventsHeldBackAtTheSameCursor_thenItLooksAgainSoonAndLessOftenEachTime() {
    assertThat(wait.after(HERE, true)).isEqualTo(Duration.ofMillis(1));
    assertThat(wait.after(HERE, true)).isEqualTo(Duration.ofMillis(2));
    assertThat(wait.after(HERE, true)).isEqualTo(Duration.ofMillis(4));
    for (int i = 0; i < 20; i++) {
      wait.after(HERE, true);
    }
    assertThat(wait.after(HERE, true)).isEqualTo(POLL);
  }

  @Test
  void givenProgressSinceTheLastHoldBack_thenItStartsOverAtOneMillisecond() {
    wait.after(HERE, true);
    wait.after(HERE, true);

    assertThat(wait.after(FURTHER, true)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void givenAReadThatWasNotHeldBack_thenTheNextHoldBackStartsOver() {
    wait.after(HERE, true);
    wait.after(HERE, true);
    wait.after(HERE, false);

    assertThat(wait.after(HERE, true)).isEqualTo(Duration.ofMillis(1));
  }
}
