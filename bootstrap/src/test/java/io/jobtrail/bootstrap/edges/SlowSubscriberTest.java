package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading does not slow the others down; once it reads again it gets its
 * events in order, or {@code RESYNC} if it fell further behind than its buffer.
 */
class SlowSubscriberTest extends RunningJobtrail {

  private static final String ALL_EVENTS =
      "{\"id\":\"all\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription {"
          + " jobEvents { jobId sequence eventType eventData } }\"}}";

  @Test
  void givenAStalledSubscriber_whenManyLargeEventsFlow_thenAnotherStillGetsThemAll()
      throws Exception {
    String tag = "slow-" + UUID.randomUUID().toString().substring(0, 8);
    int jobs = 150;
    try (RawSocket slow = RawSocket.initialised(port, VIEWER);
        RawSocket fast = RawSocket.initialised(port, VIEWER)) {
      slow.send(ALL_EVENTS);
      fast.send(ALL_EVENTS);
      Thread.sleep(500);
      slow.pause();
      String task = "x".repeat(30_000);
      for (int i = 0; i < jobs; i++) {
        graphQl(OPERATOR)
            .document("mutation($in: CreateJobInput!) { createJob(input: $in) { id } }")
            .variable("in", Map.of("name", tag + "-" + i, "task", task, "start", false))
            .execute()
            .errors()
            .verify();
      }

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && countOf(fast, tag) < jobs) {
        Thread.sleep(100);
      }
      assertThat(countOf(fast, tag)).as("the reading subscriber got every event").isEqualTo(jobs);

      slow.resume();
      long slowDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < slowDeadline
          && countOf(slow, tag) < jobs
          && slow.received().stream().noneMatch(m -> m.contains("RESYNC"))) {
        Thread.sleep(100);
      }
      boolean resync = slow.received().stream().anyMatch(m -> m.contains("RESYNC"));
      assertThat(resync || countOf(slow, tag) == jobs)
          .as("the slow subscriber gets everything, or RESYNC to resume from its cursor")
          .isTrue();
    }
  }

  private static long countOf(RawSocket socket, String tag) {
    return socket.received().stream().filter(m -> m.contains(tag)).count();
  }
}
