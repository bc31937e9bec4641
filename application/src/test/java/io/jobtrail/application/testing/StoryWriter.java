package io.jobtrail.application.testing;

import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Appends a {@link JobStory} to a store batch by batch, as a command handler would. */
public final class StoryWriter {

  /** Metadata with every field set, so a store must keep them all. */
  public static final EventMetadata METADATA =
      new EventMetadata(
          "alice",
          "4bf92f3577b34da6a3ce929d0e0e4736",
          "00f067aa0ba902b7",
          "0190f0e4-7c1a-7b2e-9d3c-000000000001",
          "request-42",
          "test-instance");

  private final JobEventStore store;
  private final JobStory story;
  private final List<AppendResult> results = new ArrayList<>();
  private int nextBatch;
  private long version;
  private StreamHead head = StreamHead.EMPTY;

  public StoryWriter(JobEventStore store, JobStory story) {
    this.store = store;
    this.story = story;
  }

  /** Appends every batch of the story. */
  public static List<AppendResult> appendAll(JobEventStore store, JobStory story) {
    return new StoryWriter(store, story).appendRest();
  }

  public static List<NewEvent> newEvents(List<JobEvent> events) {
    return events.stream().map(e -> new NewEvent(UUID.randomUUID(), e, METADATA)).toList();
  }

  public boolean hasNext() {
    return nextBatch < story.batches().size();
  }

  /** Appends the next batch at the head the last append returned. */
  public AppendResult appendNext() {
    List<JobEvent> batch = story.batches().get(nextBatch);
    JobState after = story.stateAt(version + batch.size());
    AppendResult result = store.append(story.jobId(), head, newEvents(batch), after);
    nextBatch++;
    version += batch.size();
    head = result.head();
    results.add(result);
    return result;
  }

  public List<AppendResult> appendRest() {
    while (hasNext()) {
      appendNext();
    }
    return List.copyOf(results);
  }

  public StreamHead head() {
    return head;
  }

  public List<AppendResult> results() {
    return List.copyOf(results);
  }
}
