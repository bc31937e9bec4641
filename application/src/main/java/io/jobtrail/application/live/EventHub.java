package io.jobtrail.application.live;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.domain.job.JobId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** Per-job and all-jobs subscriber lists, fed in log order by the {@link LiveEventReader}. */
public final class EventHub {

  private final Map<JobId, Set<EventSubscriber>> byJob = new ConcurrentHashMap<>();
  private final Set<EventSubscriber> allJobs = new CopyOnWriteArraySet<>();

  /** Subscribes to one job's events; close the returned handle to unsubscribe. */
  public AutoCloseable subscribe(JobId jobId, EventSubscriber subscriber) {
    byJob.computeIfAbsent(jobId, id -> new CopyOnWriteArraySet<>()).add(subscriber);
    return () ->
        byJob.computeIfPresent(
            jobId,
            (id, subscribers) -> {
              subscribers.remove(subscriber);
              return subscribers.isEmpty() ? null : subscribers;
            });
  }

  /** Subscribes to every job's events. */
  public AutoCloseable subscribeAll(EventSubscriber subscriber) {
    allJobs.add(subscriber);
    return () -> allJobs.remove(subscriber);
  }

  public int subscriberCount() {
    int count = allJobs.size();
    for (Set<EventSubscriber> subscribers : byJob.values()) {
      count += subscribers.size();
    }
    return count;
  }

  /** Hands a batch read from the log (in position order) to its subscribers. */
  void publish(List<RecordedEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (!byJob.isEmpty()) {
      var perJob = new LinkedHashMap<JobId, List<RecordedEvent>>();
      for (RecordedEvent event : batch) {
        if (byJob.containsKey(event.jobId())) {
          perJob.computeIfAbsent(event.jobId(), id -> new ArrayList<>()).add(event);
        }
      }
      perJob.forEach(
          (jobId, events) -> {
            for (EventSubscriber subscriber : byJob.getOrDefault(jobId, Set.of())) {
              subscriber.onEvents(events);
            }
          });
    }
    for (EventSubscriber subscriber : allJobs) {
      subscriber.onEvents(batch);
    }
  }
}
