package io.jobtrail.domain.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.RandomHistory.Result;
import io.jobtrail.domain.job.RandomHistory.Scenario;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of every history the decider can write, over random command sequences (see {@link
 * RandomHistory}).
 */
class JobHistoryPropertiesTest {

  @Property(tries = 500)
  void replayOfAHistoryEqualsEvolvingItEventByEvent(@ForAll("scenarios") Scenario scenario) {
    Result result = RandomHistory.run(scenario);

    JobState stepByStep = null;
    for (JobEvent event : result.events()) {
      stepByStep = JobEvolution.evolve(stepByStep, event);
    }

    assertThat(JobEvolution.replay(result.events()))
        .isEqualTo(stepByStep)
        .isEqualTo(result.state());
  }

  // 2,000 tries: the rarest final status (AWAITING_APPROVAL, about 2%) then clears its 1% with
  // room to spare; at 1,000 it fell short in about one run in six.
  @Property(tries = 2000)
  void everyPrefixOfAHistoryIsAValidState(@ForAll("scenarios") Scenario scenario) {
    Result result = RandomHistory.run(scenario);
    List<JobEvent> events = result.events();
    Set<Integer> boundaries = new HashSet<>(result.boundaries());
    var created = (JobEvent.JobCreated) events.getFirst();

    JobState state = null;
    for (int length = 1; length <= events.size(); length++) {
      JobEvent event = events.get(length - 1);
      JobState next = JobEvolution.evolve(state, event);
      JobInvariants.afterEvent(created, state, event, next, length);
      if (boundaries.contains(length)) {
        JobInvariants.betweenCommands(next);
      }
      state = next;
    }

    Statistics.label("final status").collect(result.state().status());
    Statistics.label("final status")
        .coverage(
            coverage -> {
              for (JobStatus status : JobStatus.values()) {
                coverage.check(status).percentage(p -> p > 1.0);
              }
            });
    boolean retried = events.stream().anyMatch(e -> e instanceof JobEvent.JobStepRetryScheduled);
    Statistics.label("a retry happened").collect(retried);
    Statistics.label("a retry happened").coverage(c -> c.check(true).percentage(p -> p > 10.0));
    var approvalEvents = new HashSet<String>();
    events.stream()
        .filter(
            e ->
                e instanceof JobEvent.ApprovalRequested
                    || e instanceof JobEvent.ApprovalGranted
                    || e instanceof JobEvent.ApprovalRejected
                    || e instanceof JobEvent.ApprovalTimedOut)
        .forEach(e -> approvalEvents.add(e.eventType()));
    for (String type :
        List.of("ApprovalRequested", "ApprovalGranted", "ApprovalRejected", "ApprovalTimedOut")) {
      Statistics.label(type).collect(approvalEvents.contains(type));
      Statistics.label(type).coverage(c -> c.check(true).percentage(p -> p > 1.0));
    }
  }

  @Property(tries = 300)
  void replayingTheTailOntoAnyPrefixStateEqualsTheFullFold(@ForAll("scenarios") Scenario scenario) {
    Result result = RandomHistory.run(scenario);
    List<JobEvent> events = result.events();

    for (int split = 0; split <= events.size(); split++) {
      JobState snapshot = JobEvolution.replay(events.subList(0, split));
      assertThat(JobEvolution.replay(snapshot, events.subList(split, events.size())))
          .as("snapshot at version %d", split)
          .isEqualTo(result.state());
    }
  }

  @Property(tries = 300)
  void aRunningJobWithNothingInFlightCanAlwaysStartWhatIsDue(
      @ForAll("scenarios") Scenario scenario) {
    Result result = RandomHistory.run(scenario);
    List<JobEvent> events = result.events();

    for (int boundary : result.boundaries()) {
      JobState state = JobEvolution.replay(events.subList(0, boundary));
      Instant due = state.nextAttemptDueAt();
      if (due == null) {
        continue;
      }
      Instant at = due.isAfter(state.updatedAt()) ? due : state.updatedAt();
      if (Pipeline.approvalDue(state) != null) {
        // What is due is asking for the approval: the job then waits, and starts nothing.
        List<JobEvent> asked = JobDecider.decide(new JobCommand.RequestApproval(at), state);
        assertThat(asked).singleElement().isInstanceOf(JobEvent.ApprovalRequested.class);
        JobState waiting = JobEvolution.replay(state, asked);
        assertThat(waiting.status()).isEqualTo(JobStatus.AWAITING_APPROVAL);
        assertThat(waiting.inFlightStep()).isNull();
        continue;
      }
      List<JobEvent> started = JobDecider.decide(new JobCommand.StartNextStep(at), state);
      assertThat(started).isNotEmpty();
      assertThat(JobEvolution.replay(state, started).inFlightStep()).isNotNull();
    }
  }

  @Property(tries = 1000)
  void usageTotalsSumTheCallsAndABudgetIsNeverLeftExceededWhileRunning(
      @ForAll("scenarios") Scenario scenario) {
    Result result = RandomHistory.run(scenario);
    List<JobEvent> events = result.events();

    JobUsage expected = JobUsage.NONE;
    for (JobEvent event : events) {
      AgentUsage usage =
          switch (event) {
            case JobEvent.PlannerCompleted c -> c.usage();
            case JobEvent.CoderCompleted c -> c.usage();
            case JobEvent.CritiqueCompleted c -> c.usage();
            case JobEvent.JobStepFailed f -> f.usage();
            default -> null;
          };
      if (usage != null) {
        expected = expected.plus(usage);
      }
    }
    assertThat(result.state().usage()).isEqualTo(expected);

    // A command whose call takes the job over a budget stops it: paused or failed.
    boolean exceeded = false;
    int count = 0;
    for (RandomHistory.Decision decision : result.decisions()) {
      List<JobEvent> decided = decision.events();
      count += decided.size();
      JobState state = JobEvolution.replay(events.subList(0, count));
      for (int i = 0; i < decided.size(); i++) {
        if (decided.get(i) instanceof JobEvent.JobBudgetExceeded) {
          exceeded = true;
          assertThat(i).as("the budget decision ends the command").isGreaterThan(0);
          if (i == decided.size() - 1) {
            assertThat(state.status())
                .as("only a paused job is left as it is")
                .isEqualTo(JobStatus.PAUSED);
          } else {
            assertThat(i).isEqualTo(decided.size() - 2);
            assertThat(decided.getLast())
                .isInstanceOfAny(JobEvent.JobPaused.class, JobEvent.JobFailed.class);
            assertThat(state.status()).isIn(JobStatus.PAUSED, JobStatus.FAILED);
          }
        }
      }
    }
    Statistics.label("a budget was exceeded").collect(exceeded);
    Statistics.label("a budget was exceeded").coverage(c -> c.check(true).percentage(p -> p > 3.0));
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return RandomHistories.scenarios();
  }
}
