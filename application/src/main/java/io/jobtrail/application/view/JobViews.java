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

  /**
   * Folds events this instance has just appended into the job's kept view, when it holds one and
   * they follow it, so that the command's answer needs no read. Otherwise nothing: the next read
   * catches up. Only a read starts a view: what is kept is what was read, and a history damaged
   * since is found when a job not kept is read again.
   */
  public void appended(JobId jobId, List<RecordedEvent> appended) {
    if (appended.isEmpty()) {
      return;
    }
    JobViewFold fold;
    synchronized (folds) {
      fold = folds.get(jobId);
    }
    if (fold == null) {
      return;
    }
    synchronized (fold) {
      if (fold.version() == appended.getFirst().version() - 1) {
        appended.forEach(fold::apply);
      }
    }
  }

  /** The job as kept if it is at {@code version} or later (no read), else {@link #current}. */
  public Optional<JobView> atLeast(JobId jobId, long version) {
    JobViewFold fold;
    synchronized (folds) {
      fold = folds.get(jobId);
    }
    if (fold != null) {
      synchronized (fold) {
        if (fold.hasJob() && fold.version() >= version) {
          return Optional.of(fold.view());
        }
      }
    }
    return current(jobId);
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
