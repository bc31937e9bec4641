package io.jobtrail.application.testing;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/** Head checkpoints in memory, taken from the in-memory summaries' heads. */
public final class InMemoryJobHeadCheckpoints implements JobHeadCheckpoints {

  private final InMemoryJobSummaries summaries;
  private final Map<JobId, List<RecordedHead>> recorded =
      new ConcurrentSkipListMap<>(Comparator.comparing(JobId::value));

  public InMemoryJobHeadCheckpoints(InMemoryJobSummaries summaries) {
    this.summaries = summaries;
  }

  @Override
  public synchronized int record(Instant at) {
    int count = 0;
    for (var entry : summaries.heads().entrySet()) {
      List<RecordedHead> heads = recorded.computeIfAbsent(entry.getKey(), id -> new ArrayList<>());
      long highest = heads.isEmpty() ? 0 : heads.getLast().version();
      StreamHead head = entry.getValue();
      if (head.version() > highest) {
        heads.add(new RecordedHead(entry.getKey(), head.version(), head.lastHash(), at));
        count++;
      }
    }
    return count;
  }

  @Override
  public synchronized Optional<StreamHead> latest(JobId jobId) {
    List<RecordedHead> heads = recorded.get(jobId);
    if (heads == null || heads.isEmpty()) {
      return Optional.empty();
    }
    RecordedHead last = heads.getLast();
    return Optional.of(new StreamHead(last.version(), last.lastHash()));
  }

  @Override
  public synchronized List<RecordedHead> latestHeads(@Nullable JobId after, int limit) {
    return recorded.entrySet().stream()
        .filter(e -> after == null || e.getKey().value().compareTo(after.value()) > 0)
        .filter(e -> !e.getValue().isEmpty())
        .limit(limit)
        .map(e -> e.getValue().getLast())
        .toList();
  }
}
