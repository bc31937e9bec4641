package io.jobtrail.domain.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.RandomHistory.Action;
import io.jobtrail.domain.job.RandomHistory.Cancel;
import io.jobtrail.domain.job.RandomHistory.Complete;
import io.jobtrail.domain.job.RandomHistory.Fail;
import io.jobtrail.domain.job.RandomHistory.Pause;
import io.jobtrail.domain.job.RandomHistory.Result;
import io.jobtrail.domain.job.RandomHistory.ResultKind;
import io.jobtrail.domain.job.RandomHistory.Resume;
import io.jobtrail.domain.job.RandomHistory.Scenario;
import io.jobtrail.domain.job.RandomHistory.Start;
import io.jobtrail.domain.job.RandomHistory.StartNext;
import io.jobtrail.domain.job.RandomHistory.Target;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
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

  @Property(tries = 500)
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
      List<JobEvent> started = JobDecider.decide(new JobCommand.StartNextStep(at), state);
      assertThat(started).isNotEmpty();
      assertThat(JobEvolution.replay(state, started).inFlightStep()).isNotNull();
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Long> waits =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(0L)), Tuple.of(7, Arbitraries.longs().between(1, 3_000)));
    Arbitrary<Target> targets =
        Arbitraries.frequencyOf(
            Tuple.of(18, Arbitraries.just(Target.CURRENT)),
            Tuple.of(1, Arbitraries.just(Target.STALE)),
            Tuple.of(1, Arbitraries.just(Target.UNKNOWN)));
    Arbitrary<ResultKind> results =
        Arbitraries.frequencyOf(
            Tuple.of(20, Arbitraries.just(ResultKind.FOR_THE_ROLE)),
            Tuple.of(1, Arbitraries.of(ResultKind.class)));
    Arbitrary<Verdict> verdicts =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(Verdict.APPROVED)),
            Tuple.of(2, Arbitraries.just(Verdict.CHANGES_REQUESTED)));
    Arbitrary<FailureKind> kinds =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(FailureKind.ERROR)),
            Tuple.of(2, Arbitraries.just(FailureKind.TIMEOUT)),
            Tuple.of(1, Arbitraries.just(FailureKind.FATAL)),
            Tuple.of(3, Arbitraries.just(FailureKind.INTERRUPTED)));
    // Weighted so that most histories get far: cancelling is rare, a paused job is soon resumed,
    // and steps are started and finished far more often than anything else.
    Arbitrary<Action> actions =
        Arbitraries.frequencyOf(
            Tuple.of(10, waits.map(Start::new)),
            Tuple.of(6, Combinators.combine(waits, Arbitraries.of(true, false)).as(Pause::new)),
            Tuple.of(12, waits.map(Resume::new)),
            Tuple.of(1, waits.map(Cancel::new)),
            Tuple.of(50, waits.map(StartNext::new)),
            Tuple.of(50, Combinators.combine(waits, targets, results, verdicts).as(Complete::new)),
            Tuple.of(
                14,
                Combinators.combine(waits, targets, kinds, Arbitraries.longs().between(0, 2_000))
                    .as(Fail::new)));
    return Combinators.combine(
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 3),
            actions.list().ofMaxSize(120).withSizeDistribution(RandomDistribution.uniform()))
        .as(Scenario::new);
  }
}
