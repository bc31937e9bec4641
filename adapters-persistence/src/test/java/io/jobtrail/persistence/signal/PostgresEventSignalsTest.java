package io.jobtrail.persistence.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.persistence.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances on one database: one's append wakes the other, and itself twice. */
class PostgresEventSignalsTest {

  private final TestDatabase db = TestDatabase.createFresh();
  private final AtomicInteger wakeUpsOfA = new AtomicInteger();
  private final AtomicInteger wakeUpsOfB = new AtomicInteger();
  private final PostgresEventSignals a =
      new PostgresEventSignals(db.dataSource(), wakeUpsOfA::incrementAndGet);
  private final PostgresEventSignals b =
      new PostgresEventSignals(db.dataSource(), wakeUpsOfB::incrementAndGet);

  @AfterEach
  void stop() {
    a.close();
    b.close();
    db.close();
  }

  @Test
  void givenTwoInstances_whenOneAppends_thenTheOtherWakesAndSoDoesItsOwnSecondLook() {
    a.start();
    b.start();
    // Each listener wakes its reader once when it (re)connects.
    await().until(() -> wakeUpsOfA.get() == 1 && wakeUpsOfB.get() == 1);

    a.appended();

    assertThat(wakeUpsOfA.get()).as("at once, by the append itself").isGreaterThanOrEqualTo(2);
    await().until(() -> wakeUpsOfB.get() == 2); // by A's notification
    await().until(() -> wakeUpsOfA.get() == 3); // A's own notification: the second look
    assertThat(wakeUpsOfB).as("nothing of its own to look at").hasValue(2);
  }
}
