package io.jobtrail.persistence.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.application.consumer.ConsumerRunner;
import io.jobtrail.application.consumer.ConsumerSettings;
import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.consumer.LogConsumer;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.ConsumerCheckpoints;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.persistence.event.JooqJobEventStore;
import io.jobtrail.persistence.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consumer runner on PostgreSQL: in order, retried, resumed after a crash, one holder. */
class ConsumerRunnerOnPostgresTest {

  private final TestDatabase db = TestDatabase.createFresh();
  private final List<ConsumerRunner> runners = new CopyOnWriteArrayList<>();
  // Appends wake the runners, as in the application.
  private final JooqJobEventStore store =
      new JooqJobEventStore(db.dsl(), () -> runners.forEach(ConsumerRunner::wake));
  private final JooqConsumerCheckpoints checkpoints = new JooqConsumerCheckpoints(db.dsl());

  @AfterEach
  void stop() {
    runners.forEach(ConsumerRunner::close);
    db.close();
  }

  /** Records what it handles; fails the first {@code failures} batches. */
  private static final class Recording implements LogConsumer {
    final List<UUID> handled = new CopyOnWriteArrayList<>();
    final AtomicInteger batches = new AtomicInteger();
    final AtomicInteger failuresLeft;

    Recording(int failures) {
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public StartPosition startFrom() {
      return StartPosition.BEGINNING;
    }

    @Override
    public void handle(List<RecordedEvent> events) {
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("downstream is away");
      }
      events.forEach(e -> handled.add(e.eventId()));
      batches.incrementAndGet();
    }
  }

  private ConsumerRunner runner(String instance, LogConsumer consumer) {
    return runner(instance, consumer, 4, Duration.ofMillis(10));
  }

  private ConsumerRunner runner(
      String instance, LogConsumer consumer, int batchSize, Duration linger) {
    var settings =
        new ConsumerSettings(
            instance,
            Duration.ofMillis(600),
            Duration.ofMillis(50),
            batchSize,
            Duration.ofMillis(200),
            linger);
    var runner =
        new ConsumerRunner(List.of(consumer), store, checkpoints, settings, Clock.systemUTC());
    runners.add(runner);
    runner.start();
    return runner;
  }

  private List<UUID> writeJobs(int jobs) {
    for (int i = 0; i < jobs; i++) {
      StoryWriter.appendAll(
          store, JobStory.create(JobStory.newJobId(), "job-" + i, JobStory.T0).start().nextStep());
    }
    return store.readAll(GlobalCursor.START, 10_000).stream().map(RecordedEvent::eventId).toList();
  }

  private ConsumerStatus status() {
    return checkpoints.statuses(java.time.Instant.now()).getFirst();
  }

  @Test
  void givenAFailingConsumer_whenItRecovers_thenEveryEventIsHandledOnceInLogOrder() {
    List<UUID> log = writeJobs(3);
    var consumer = new Recording(2);

    runner("a", consumer);

    await().atMost(Duration.ofSeconds(20)).until(() -> consumer.handled.size() >= log.size());
    assertThat(consumer.handled).containsExactlyElementsOf(log);
    await().atMost(Duration.ofSeconds(5)).until(() -> status().delivered() == log.size());
    assertThat(status().failed()).isEqualTo(2);
    assertThat(status().retrying()).isZero();
    assertThat(status().lastError()).isEqualTo("downstream is away");
  }

  @Test
  void givenTheHolderHalts_whenAnotherInstanceTakesOver_thenItResumesFromTheCheckpoint() {
    List<UUID> first = writeJobs(2);
    var a = new Recording(0);
    ConsumerRunner runnerA = runner("a", a);
    await().atMost(Duration.ofSeconds(20)).until(() -> status().delivered() == first.size());
    var b = new Recording(0);
    runner("b", b);

    runnerA.halt();
    List<UUID> all = writeJobs(2);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> b.handled.size() >= all.size() - first.size());
    assertThat(b.handled).containsExactlyElementsOf(all.subList(first.size(), all.size()));
    assertThat(status().owner()).isEqualTo("b");
    assertThat(a.handled).containsExactlyElementsOf(first);
  }

  @Test
  void givenACaughtUpConsumer_whenCommitsFollowWhileItLingers_thenItReadsThemInOneBatch() {
    List<UUID> first = writeJobs(1);
    var consumer = new Recording(0);
    runner("a", consumer, 500, Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(20)).until(() -> consumer.handled.size() == first.size());
    int batchesBefore = consumer.batches.get();

    List<UUID> all = writeJobs(10); // Each append wakes the consumer, which is lingering.

    await().atMost(Duration.ofSeconds(20)).until(() -> consumer.handled.size() == all.size());
    assertThat(consumer.handled).containsExactlyElementsOf(all);
    assertThat(consumer.batches.get() - batchesBefore)
        .as("the commits of ten jobs, read after the linger")
        .isEqualTo(1);
  }

  @Test
  void givenTwoInstances_whenBothRun_thenOnlyOneHandlesEvents() {
    List<UUID> log = writeJobs(3);
    var a = new Recording(0);
    var b = new Recording(0);
    runner("a", a);
    runner("b", b);

    await().atMost(Duration.ofSeconds(20)).until(() -> status().delivered() == log.size());

    assertThat(a.handled.isEmpty() != b.handled.isEmpty()).isTrue();
    assertThat(a.handled.isEmpty() ? b.handled : a.handled).containsExactlyElementsOf(log);
  }

  /**
   * An instance whose consumer another holds tries for the lease at its poll only: appends wake the
   * holder, not the standby, so a cluster's commits do not each cost the standby a locking
   * transaction.
   */
  @Test
  void givenAStandbyInstance_whenEventsAreAppended_thenItTriesForTheLeaseOnlyAtItsPoll() {
    List<UUID> first = writeJobs(1);
    var a = new Recording(0);
    runner("a", a);
    await().atMost(Duration.ofSeconds(20)).until(() -> a.handled.size() == first.size());
    var tries = new AtomicInteger();
    // The real checkpoints, counting the tries for the lease.
    var counted =
        (ConsumerCheckpoints)
            Proxy.newProxyInstance(
                ConsumerCheckpoints.class.getClassLoader(),
                new Class<?>[] {ConsumerCheckpoints.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("tryAcquire")) {
                    tries.incrementAndGet();
                  }
                  try {
                    return method.invoke(checkpoints, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    // A poll far longer than the test: every try after the first would be a wake-up's.
    var standbySettings =
        new ConsumerSettings(
            "b",
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            4,
            Duration.ofMillis(200),
            Duration.ofMillis(10));
    var standby =
        new ConsumerRunner(
            List.of(new Recording(0)), store, counted, standbySettings, Clock.systemUTC());
    runners.add(standby);
    standby.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> tries.get() == 1);

    List<UUID> all = writeJobs(10); // Thirty appends, each waking both runners.

    await().atMost(Duration.ofSeconds(20)).until(() -> a.handled.size() == all.size());
    assertThat(tries).as("tries for the lease held by the other instance").hasValue(1);
    assertThat(standby.holds("recording")).isFalse();
  }
}
