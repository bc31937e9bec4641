package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.domain.job.JobId;
import io.jobtrail.graphql.live.SharedLiveResults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;

/**
 * Subscribers of one job with one document share one execution of its live events over a real
 * WebSocket, and each still gets exactly its own stream: its history from its own cursor, then
 * every live event once and in order.
 */
class SharedLiveResultsTest extends RunningJobtrail {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String EVENTS =
      "subscription($id: ID, $after: String) { jobEvents(jobId: $id, after: $after) {"
          + " eventType sequence cursor } }";
  private static final String EVENTS_WITH_TIMES =
      "subscription($id: ID) { jobEvents(jobId: $id) { eventType sequence timestamp } }";

  @Autowired SharedLiveResults sharing;

  @Test
  void givenSubscribersWithOneDocument_whenTheJobMoves_thenOneGroupAndEachGetsEveryEventOnce() {
    String id = createJob();
    String firstCursor = firstCursor(id);
    await().atMost(TIMEOUT).until(() -> groups(id) == 0);

    var plain = new CopyOnWriteArrayList<Map<String, Object>>();
    var alsoPlain = new CopyOnWriteArrayList<Map<String, Object>>();
    var resumed = new CopyOnWriteArrayList<Map<String, Object>>();
    var withTimes = new CopyOnWriteArrayList<Map<String, Object>>();
    List<Disposable> subscriptions =
        List.of(
            subscribe(EVENTS, Map.of("id", id), plain),
            subscribe(EVENTS, Map.of("id", id), alsoPlain),
            // A resume cursor only chooses where the stream starts: the same group.
            subscribe(EVENTS, Map.of("id", id, "after", firstCursor), resumed),
            subscribe(EVENTS_WITH_TIMES, Map.of("id", id), withTimes));
    try {
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  plain.size() == 1
                      && alsoPlain.size() == 1
                      && withTimes.size() == 1
                      && groups(id) == 2);

      command("startJob", id);
      command("pauseJob", id);
      command("resumeJob", id);
      command("cancelJob", id);

      await()
          .atMost(TIMEOUT)
          .until(
              () -> List.of(plain, alsoPlain, resumed, withTimes).stream().allMatch(this::ended));
      assertThat(sequences(plain))
          .isEqualTo(IntStream.rangeClosed(1, plain.size()).boxed().toList());
      assertThat(alsoPlain).isEqualTo(plain);
      assertThat(resumed).isEqualTo(plain.subList(1, plain.size()));
      assertThat(sequences(withTimes)).isEqualTo(sequences(plain));
      assertThat(withTimes).allSatisfy(e -> assertThat(e).containsKey("timestamp"));
      assertThat(eventTypes(plain))
          .containsSubsequence(
              "JobCreated", "JobStarted", "JobPaused", "JobResumed", "JobCancelled");
    } finally {
      subscriptions.forEach(Disposable::dispose);
    }
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(groups(id)).isZero());
  }

  @Test
  void givenASharedGroup_whenOneSubscriberLeaves_thenTheOthersGoOn() {
    String id = createJob();
    var leaving = new CopyOnWriteArrayList<Map<String, Object>>();
    var staying = new CopyOnWriteArrayList<Map<String, Object>>();
    Disposable leaver = subscribe(EVENTS, Map.of("id", id), leaving);
    Disposable stayer = subscribe(EVENTS, Map.of("id", id), staying);
    try {
      await().atMost(TIMEOUT).until(() -> leaving.size() == 1 && staying.size() == 1);
      leaver.dispose();
      command("startJob", id);
      command("cancelJob", id);
      await().atMost(TIMEOUT).until(() -> ended(staying));
      assertThat(sequences(staying))
          .isEqualTo(IntStream.rangeClosed(1, staying.size()).boxed().toList());
    } finally {
      stayer.dispose();
    }
  }

  private int groups(String jobId) {
    return sharing.groupCount(JobId.parse(jobId));
  }

  private boolean ended(List<Map<String, Object>> events) {
    return eventTypes(events).contains("JobCancelled");
  }

  private static List<Integer> sequences(List<Map<String, Object>> events) {
    return events.stream().map(e -> ((Number) e.get("sequence")).intValue()).toList();
  }

  private static List<String> eventTypes(List<Map<String, Object>> events) {
    return events.stream().map(e -> (String) e.get("eventType")).toList();
  }

  @SuppressWarnings("unchecked")
  private Disposable subscribe(
      String document, Map<String, Object> variables, List<Map<String, Object>> into) {
    var request = socket(VIEWER).document(document);
    for (var variable : variables.entrySet()) {
      request = request.variable(variable.getKey(), variable.getValue());
    }
    return request
        .executeSubscription()
        .toFlux("jobEvents", Map.class)
        .subscribe(event -> into.add((Map<String, Object>) event));
  }

  private String firstCursor(String id) {
    Map<?, ?> first =
        socket(VIEWER)
            .document(EVENTS)
            .variable("id", id)
            .executeSubscription()
            .toFlux("jobEvents", Map.class)
            .blockFirst(TIMEOUT);
    assertThat(first).isNotNull();
    return (String) first.get("cursor");
  }
}
