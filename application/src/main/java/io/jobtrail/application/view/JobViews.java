package io.jobtrail.application.view;

import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.JobId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current view of recently read jobs, kept folded: a read folds only the events appended since
 * the last one (events are immutable and gapless per job, so catching up is always exact). Without
 * this, every command's answer and every page load would fold the whole history again, and a job of
 * 10,000 events would cost 10,000 reads each time. Bounded: the least recently read job is let go
 * first.
 */
public final class JobViews {

  private static final int PAGE = 1_000;

  private final JobEventStore events;
  private final Map<JobId, JobViewFold> folds;

  public JobViews(JobEventStore events, int capacity) {
    this.events = events;
    this.folds =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<JobId, JobViewFold> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The job as of its latest event; empty if it has none. */
  public Optional<JobView> current(JobId jobId) {
    JobViewFold fold;
    synchronized (folds) {
      fold = folds.computeIfAbsent(jobId, id -> new JobViewFold());
    }
    synchronized (fold) {
      try {
        for (List<RecordedEvent> page = events.readStream(jobId, fold.version(), PAGE);
            !page.isEmpty();
            page = events.readStream(jobId, fold.version(), PAGE)) {
          page.forEach(fold::apply);
          if (page.size() < PAGE) {
            break;
          }
        }
      } catch (HistoryDamaged damaged) {
        synchronized (folds) {
          folds.remove(jobId, fold);
        }
        throw damaged;
      }
      if (!fold.hasJob()) {
        synchronized (folds) {
          folds.remove(jobId, fold);
        }
        return Optional.empty();
      }
      return Optional.of(fold.view());
    }
  }
}
