package io.jobtrail.application.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.JobService;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.in.AnalyseJobs.FamilyMember;
import io.jobtrail.application.port.in.AnalyseJobs.JobAnalysis;
import io.jobtrail.application.port.in.AnalyseJobs.JobFamily;
import io.jobtrail.application.port.in.AnalyseJobs.StepFigures;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.replay.ReplayService;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobHeadCheckpoints;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.StepView;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.RejectionReason;
import io.jobtrail.domain.job.StepId;
import io.jobtrail.domain.job.Verdict;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failed job, a replay of it that completes, and a replay of that replay. */
class FamilyAnalysisTest {

  private static final CommandOrigin BOB = CommandOrigin.user("bob");
  private static final CommandOrigin ORCHESTRATOR = CommandOrigin.user("orchestrator");

  private final TestClock clock = new TestClock(JobStory.T0.plus(Duration.ofHours(1)));
  private final InMemoryJobEventStore events = new InMemoryJobEventStore();
  private final InMemoryJobSnapshots snapshots = new InMemoryJobSnapshots();
  private final JobRepository repository = new JobRepository(events, snapshots, 5);
  private final UuidV7 ids = new UuidV7(clock);
  private final JobCommandHandler handler =
      new JobCommandHandler(
          repository, ids, OpenTelemetry.noop().getTracer("test"), "instance-1", 10);
  private final JobService queries =
      new JobService(handler, events, events.summaries(), ids, clock);
  private final ReplayService replays =
      new ReplayService(
          events,
          events.summaries(),
          snapshots,
          new InMemoryJobHeadCheckpoints(events.summaries()),
          repository,
          ids,
          clock,
          OpenTelemetry.noop().getTracer("test"),
          "instance-1");
  private final FamilyAnalysis analysis = new FamilyAnalysis(queries);

  private static AgentUsage usage(long tokens, double cost, long latencyMs) {
    return new AgentUsage(
        "model-a",
        Map.of(),
        AgentUsage.Tokens.of(tokens / 2, tokens - tokens / 2),
        latencyMs,
        cost);
  }

  /** Planned (100 tokens, $0.01), then the coder fails for good: version 6 ends the plan step. */
  private JobId failedOriginal() {
    JobStory story =
        JobStory.create(JobStory.newJobId(), "original", JobStory.T0)
            .start()
            .nextStep()
            .complete(new AgentResult.Plan("1. code"), usage(100, 0.01, 40))
            .nextStep()
            .fail(FailureKind.FATAL, "boom", Duration.ZERO);
    StoryWriter.appendAll(events, story);
    return story.jobId();
  }

  /** Forks after the plan and runs the coder (200 tokens, $0.02) and the critique to the end. */
  private JobId replayThatCompletes(JobId original) {
    JobId fork = replays.replay(original, 6, Map.of("style", "terse"), BOB).id();
    step(fork, new AgentResult.Artifact("code"), "code-1", usage(200, 0.02, 300));
    step(fork, new AgentResult.Review(Verdict.APPROVED, "ok"), "critique-1", usage(50, 0.005, 20));
    return fork;
  }

  private void step(JobId job, AgentResult result, String stepId, AgentUsage usage) {
    clock.advance(Duration.ofMillis(10));
    handler.handle(job, new JobCommand.StartNextStep(clock.instant()), ORCHESTRATOR);
    clock.advance(Duration.ofMillis(usage.latencyMs()));
    handler.handle(
        job,
        new JobCommand.CompleteAttempt(new StepId(stepId), 1, result, usage, clock.instant()),
        ORCHESTRATOR);
  }

  @Test
  void givenAReplayOfAReplay_whenTheFamilyOfTheYoungestIsAsked_thenTheTreeFromTheRoot() {
    JobId original = failedOriginal();
    JobId replay = replayThatCompletes(original);
    JobId replayOfReplay = replays.replay(replay, 6, Map.of(), BOB).id();

    JobFamily family = analysis.family(replayOfReplay);

    assertThat(family.root()).isEqualTo(original);
    assertThat(family.truncated()).isFalse();
    assertThat(family.members())
        .extracting(m -> m.job().jobId(), FamilyMember::parent, FamilyMember::depth)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(original, null, 0),
            org.assertj.core.groups.Tuple.tuple(replay, original, 1),
            org.assertj.core.groups.Tuple.tuple(replayOfReplay, replay, 2));
  }

  @Test
  void givenAFamily_whenAnalysed_thenCopiedAttemptsCountOnceInTheOriginal() {
    JobId original = failedOriginal();
    replayThatCompletes(original);

    JobAnalysis result = analysis.analyseFamily(original);

    assertThat(result.jobCount()).isEqualTo(2);
    assertThat(result.outcomes())
        .containsEntry(JobView.Status.FAILED, 1L)
        .containsEntry(JobView.Status.COMPLETED, 1L);
    assertThat(result.steps())
        .extracting(StepFigures::stepId)
        .containsExactly("plan", "code-1", "critique-1");
    StepFigures plan = result.steps().getFirst();
    assertThat(plan.figures().runs()).as("the replay copied the plan").isEqualTo(1);
    assertThat(plan.figures().spend().totalTokens()).isEqualTo(100);
    StepFigures code = result.steps().get(1);
    assertThat(code.figures().runs()).isEqualTo(2);
    assertThat(code.figures().succeeded()).isEqualTo(1);
    assertThat(code.figures().failed()).isEqualTo(1);
    assertThat(code.figures().successRate()).isEqualTo(0.5);
    assertThat(code.figures().attemptP50Ms()).as("the replay's 300 ms call").isEqualTo(300);
    assertThat(code.figures().attemptP95Ms()).isGreaterThanOrEqualTo(300);
    assertThat(result.roles())
        .filteredOn(r -> r.role() == StepView.Role.CODER)
        .singleElement()
        .satisfies(r -> assertThat(r.figures().spend().costUsd()).isEqualTo(0.02));
  }

  @Test
  void givenAReplay_whenAnalysed_thenItsDifferenceFromTheOriginalNamesKeptAndRerunSteps() {
    JobId original = failedOriginal();
    JobId replay = replayThatCompletes(original);

    var difference = analysis.analyseFamily(replay).replays();

    assertThat(difference)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.original().jobId()).isEqualTo(original);
              assertThat(d.replay().jobId()).isEqualTo(replay);
              assertThat(d.forkedAtVersion()).isEqualTo(6);
              assertThat(d.copiedSteps()).containsExactly("plan");
              assertThat(d.rerunSteps()).containsExactly("code-1", "critique-1");
              assertThat(d.originalStatus()).isEqualTo(JobView.Status.FAILED);
              assertThat(d.replayStatus()).isEqualTo(JobView.Status.COMPLETED);
              assertThat(d.originalSpend().totalTokens()).isEqualTo(100);
              assertThat(d.replaySpend().totalTokens()).as("its own calls only").isEqualTo(250);
              assertThat(d.replaySpend().costUsd())
                  .isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-9));
            });
  }

  @Test
  void givenAFilter_whenAnalysed_thenTheNewestMatchingJobsUpToTheLimit() {
    JobId original = failedOriginal();
    replayThatCompletes(original);

    JobAnalysis one = analysis.analyseJobs(JobFilter.ALL, 1);

    assertThat(one.jobCount()).isEqualTo(1);
    assertThat(one.truncated()).isTrue();
  }

  @Test
  void givenNoSuchJob_whenItsFamilyIsAsked_thenJobNotFound() {
    assertThatThrownBy(() -> analysis.family(JobStory.newJobId()))
        .isInstanceOfSatisfying(
            JobRejected.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.JOB_NOT_FOUND));
  }
}
