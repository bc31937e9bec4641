package io.jobtrail.benchmarks;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvent.PlannerCompleted;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.StepId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Appends through the real store: a job of its own, then batches of agent output events for its
 * running planner step, each batch one append with the expected head, the hash chain and the
 * summary row of the state after it (folded as {@code JobRepository} does). The status does not
 * change from event to event, as in most of a real job's life.
 */
final class JobtrailWriter implements WriteRun.Writer {

  /** The plan text; with the metadata it makes a stored event of about 500 bytes of JSON. */
  static final String PLAN = Events.text(210);

  private final JobEventStore store;
  private final int batch;
  private final JobId jobId = new JobId(Events.id());
  private final StepId step;
  private StreamHead head = StreamHead.EMPTY;
  private @Nullable JobState state;

  JobtrailWriter(JobEventStore store, int batch) {
    this.store = store;
    this.batch = batch;
    Instant now = now();
    append(
        JobDecider.decide(
            new JobCommand.CreateJob(
                jobId,
                "bench writer",
                "write a function that adds two numbers",
                Map.of("language", "java"),
                AgentAssignment.ALL_SIMULATED,
                JobLimits.DEFAULT,
                "bench-user",
                null,
                now),
            null));
    append(JobDecider.decide(new JobCommand.StartJob("bench-user", now), state));
    append(JobDecider.decide(new JobCommand.StartNextStep(now), state));
    this.step = state.inFlightStep().id();
  }

  /** The stored data document of one benchmark event, for the plain INSERT to write the same. */
  static Map<String, Object> sampleDocument() {
    return EventDocuments.write(new PlannerCompleted(new StepId("plan"), 1, PLAN, now()));
  }

  @Override
  public void write() {
    Instant now = now();
    var events = new ArrayList<JobEvent>(batch);
    for (int i = 0; i < batch; i++) {
      events.add(new PlannerCompleted(step, 1, PLAN, now));
    }
    append(events);
  }

  private void append(List<JobEvent> events) {
    JobState after = JobEvolution.replay(state, events);
    var newEvents = new ArrayList<NewEvent>(events.size());
    for (JobEvent event : events) {
      newEvents.add(new NewEvent(Events.id(), event, Events.METADATA));
    }
    AppendResult result = store.append(jobId, head, newEvents, after);
    head = result.head();
    state = after;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
