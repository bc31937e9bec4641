package io.jobtrail.persistence.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances on one database: each one's appends wake the other once, and itself once. */
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
  void givenTwoInstances_whenOneAppends_thenTheOtherWakesAndItsOwnNotificationDoesNotWakeItAgain()
      throws Exception {
    a.start();
    b.start();
    // Each listener wakes its reader once when it (re)connects.
    await().until(() -> wakeUpsOfA.get() == 1 && wakeUpsOfB.get() == 1);

    a.appended();

    assertThat(wakeUpsOfA).hasValue(2); // at once, by the append itself
    await().until(() -> wakeUpsOfB.get() == 2); // by A's notification

    // A notification from someone else reaches A after its own (one connection delivers them in
    // order): had its own woken it, it would count 4 here, not 3.
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("NOTIFY " + PostgresEventSignals.CHANNEL);
    }
    await().until(() -> wakeUpsOfA.get() >= 3 && wakeUpsOfB.get() >= 3);
    assertThat(wakeUpsOfA).hasValue(3);
    assertThat(wakeUpsOfB).hasValue(3);
  }
}
