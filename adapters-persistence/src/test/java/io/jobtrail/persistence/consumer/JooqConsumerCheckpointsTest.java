package io.jobtrail.persistence.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.persistence.event.JooqJobEventStore;
import io.jobtrail.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JooqConsumerCheckpointsTest {

  private static final Duration TTL = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private final TestDatabase db = TestDatabase.createFresh();
  private final JooqConsumerCheckpoints checkpoints = new JooqConsumerCheckpoints(db.dsl());

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void givenANewConsumer_whenAcquired_thenItStartsAtItsInitialCursorAndOthersWait() {
    var initial = new GlobalCursor(5, 7);

    var held = checkpoints.tryAcquire("c", "a", initial, T0, TTL);

    assertThat(held).isPresent();
    assertThat(held.get().checkpoint()).isEqualTo(initial);
    assertThat(held.get().previousOwner()).isNull();
    assertThat(checkpoints.tryAcquire("c", "b", GlobalCursor.START, T0.plusSeconds(9), TTL))
        .isEmpty();
    assertThat(checkpoints.tryAcquire("c", "a", GlobalCursor.START, T0.plusSeconds(9), TTL))
        .isPresent();
  }

  @Test
  void givenAnExpiredLease_whenAnotherTakesOver_thenTheOldHolderCanNoLongerMoveTheCheckpoint() {
    checkpoints.tryAcquire("c", "a", GlobalCursor.START, T0, TTL);
    assertThat(checkpoints.advance("c", "a", new GlobalCursor(1, 3), 3, T0, T0, TTL)).isTrue();

    var taken = checkpoints.tryAcquire("c", "b", GlobalCursor.START, T0.plus(TTL), TTL);

    assertThat(taken).isPresent();
    assertThat(taken.get().checkpoint()).isEqualTo(new GlobalCursor(1, 3));
    assertThat(taken.get().previousOwner()).isEqualTo("a");
    assertThat(checkpoints.advance("c", "a", new GlobalCursor(1, 9), 6, T0, T0, TTL)).isFalse();
    assertThat(checkpoints.renew("c", "a", T0, TTL)).isFalse();
    assertThat(checkpoints.recordFailure("c", "a", 6, "late", T0, TTL)).isFalse();
    ConsumerStatus status = checkpoints.statuses(T0).getFirst();
    assertThat(status.position()).isEqualTo(new GlobalCursor(1, 3));
    assertThat(status.delivered()).isEqualTo(3);
    assertThat(status.owner()).isEqualTo("b");
  }

  @Test
  void givenAReleasedLease_whenAnotherAcquires_thenItGetsItAtOnce() {
    checkpoints.tryAcquire("c", "a", GlobalCursor.START, T0, TTL);

    checkpoints.release("c", "a");

    assertThat(checkpoints.tryAcquire("c", "b", GlobalCursor.START, T0.plusSeconds(1), TTL))
        .isPresent();
  }

  @Test
  void givenFailuresThenSuccess_whenRead_thenCountersAndLastErrorShowIt() {
    checkpoints.tryAcquire("c", "a", GlobalCursor.START, T0, TTL);
    checkpoints.recordFailure("c", "a", 4, "broker away", T0, TTL);
    checkpoints.recordFailure("c", "a", 4, "broker still away", T0.plusSeconds(1), TTL);

    ConsumerStatus failing = checkpoints.statuses(T0.plusSeconds(2)).getFirst();
    assertThat(failing.failed()).isEqualTo(2);
    assertThat(failing.retrying()).isEqualTo(4);
    assertThat(failing.lastError()).isEqualTo("broker still away");
    assertThat(failing.activeAt(T0.plusSeconds(2))).isTrue();

    checkpoints.advance("c", "a", new GlobalCursor(1, 4), 4, T0, T0.plusSeconds(3), TTL);
    ConsumerStatus recovered = checkpoints.statuses(T0.plusSeconds(3)).getFirst();
    assertThat(recovered.retrying()).isZero();
    assertThat(recovered.delivered()).isEqualTo(4);
    assertThat(recovered.lastError()).isEqualTo("broker still away");
  }

  @Test
  void givenEventsAfterTheCheckpoint_whenStatusesAreRead_thenTheLagCountsThem() {
    var store = new JooqJobEventStore(db.dsl(), () -> {});
    StoryWriter.appendAll(
        store, JobStory.create(JobStory.newJobId(), "lagging", JobStory.T0).start().nextStep());
    checkpoints.tryAcquire("c", "a", GlobalCursor.START, T0, TTL);
    var first = store.readAll(GlobalCursor.START, 1).getFirst();
    checkpoints.advance("c", "a", first.cursor(), 1, first.timestamp(), T0, TTL);

    ConsumerStatus status = checkpoints.statuses(JobStory.T0.plusSeconds(60)).getFirst();

    assertThat(status.lagEvents()).isEqualTo(store.readAll(GlobalCursor.START, 100).size() - 1);
    assertThat(status.lagSeconds()).isGreaterThan(0);
  }
}
