package io.jobtrail.domain.job;

import io.jobtrail.domain.job.RandomHistory.Action;
import io.jobtrail.domain.job.RandomHistory.Approve;
import io.jobtrail.domain.job.RandomHistory.Cancel;
import io.jobtrail.domain.job.RandomHistory.Complete;
import io.jobtrail.domain.job.RandomHistory.Fail;
import io.jobtrail.domain.job.RandomHistory.Pause;
import io.jobtrail.domain.job.RandomHistory.Reject;
import io.jobtrail.domain.job.RandomHistory.RequestApproval;
import io.jobtrail.domain.job.RandomHistory.ResultKind;
import io.jobtrail.domain.job.RandomHistory.Resume;
import io.jobtrail.domain.job.RandomHistory.Scenario;
import io.jobtrail.domain.job.RandomHistory.Start;
import io.jobtrail.domain.job.RandomHistory.StartNext;
import io.jobtrail.domain.job.RandomHistory.Target;
import io.jobtrail.domain.job.RandomHistory.TimeOutApproval;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/** The jqwik arbitraries of {@link RandomHistory} scenarios, for every module's properties. */
public final class RandomHistories {

  private RandomHistories() {}

  public static Arbitrary<Scenario> scenarios() {
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
    // steps are started and finished far more often than anything else, and approvals are asked
    // for often enough that some histories end waiting for one.
    Arbitrary<Action> actions =
        Arbitraries.frequencyOf(
            Tuple.of(10, waits.map(Start::new)),
            Tuple.of(6, Combinators.combine(waits, Arbitraries.of(true, false)).as(Pause::new)),
            Tuple.of(12, waits.map(Resume::new)),
            Tuple.of(1, Combinators.combine(waits, Arbitraries.of(true, false)).as(Cancel::new)),
            Tuple.of(50, waits.map(StartNext::new)),
            Tuple.of(50, Combinators.combine(waits, targets, results, verdicts).as(Complete::new)),
            Tuple.of(
                14,
                Combinators.combine(waits, targets, kinds, Arbitraries.longs().between(0, 2_000))
                    .as(Fail::new)),
            Tuple.of(40, waits.map(RequestApproval::new)),
            Tuple.of(4, Combinators.combine(waits, Arbitraries.of(true, false)).as(Approve::new)),
            Tuple.of(
                5,
                Combinators.combine(
                        waits,
                        Arbitraries.frequencyOf(
                            Tuple.of(9, Arbitraries.just(true)),
                            Tuple.of(1, Arbitraries.just(false))))
                    .as(Reject::new)),
            // Long waits, so that some come after an approval's deadline.
            Tuple.of(10, Arbitraries.longs().between(1_000, 4_000).map(TimeOutApproval::new)));
    return Combinators.combine(
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(true, false),
            approvalPolicies(),
            actions.list().ofMaxSize(160).withSizeDistribution(RandomDistribution.uniform()))
        .as(Scenario::new);
  }

  /** A third of the jobs never wait; the others wait at one gate or both, most with a timeout. */
  static Arbitrary<ApprovalPolicy> approvalPolicies() {
    Arbitrary<ApprovalPolicy> waiting =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(1_000L, 2_500L).injectNull(0.3),
                Arbitraries.of(ApprovalTimeoutAction.class))
            .as(
                (afterPlan, beforeComplete, timeoutMs, onTimeout) ->
                    new ApprovalPolicy(
                        afterPlan || !beforeComplete, beforeComplete, timeoutMs, onTimeout));
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(ApprovalPolicy.NONE)), Tuple.of(2, waiting));
  }
}
