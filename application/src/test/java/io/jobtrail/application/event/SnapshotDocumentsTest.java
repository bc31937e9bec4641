package io.jobtrail.application.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.testing.JobStory;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.RandomHistories;
import io.jobtrail.domain.job.RandomHistory;
import io.jobtrail.domain.job.RandomHistory.Scenario;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.StepState;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;

/**
 * The snapshot form writes and reads every field of the state: over random histories, a state read
 * back from its document is the state, and a snapshot plus the fold of the events after it is the
 * full fold. The histories give every field of the state (and of its steps) at least two different
 * values, so a form that forgets a field, or reads it back as a constant, fails; a field added to
 * the state that the histories never set fails the coverage check until they do.
 */
class SnapshotDocumentsTest {

  @Provide
  Arbitrary<Scenario> scenarios() {
    return RandomHistories.scenarios();
  }

  @Property(tries = 300)
  void givenAnyHistory_whenEachStateIsWrittenAndReadBack_thenTheSameState(
      @ForAll("scenarios") Scenario scenario) {
    List<JobEvent> events = RandomHistory.run(scenario).events();

    JobState state = null;
    for (JobEvent event : events) {
      state = JobEvolution.evolve(state, event);
      assertThat(SnapshotDocuments.read(SnapshotDocuments.write(state)))
          .as("version %d", state.version())
          .isEqualTo(state);
    }
  }

  @Property(tries = 300)
  void givenAnyHistory_whenASnapshotIsFoldedOn_thenTheFullFold(
      @ForAll("scenarios") Scenario scenario, @ForAll Random random) {
    List<JobEvent> events = RandomHistory.run(scenario).events();
    int split = 1 + random.nextInt(events.size());

    JobState snapshot = JobEvolution.replay(events.subList(0, split));
    JobState read = SnapshotDocuments.read(SnapshotDocuments.write(snapshot));

    assertThat(JobEvolution.replay(read, events.subList(split, events.size())))
        .as("snapshot at version %d", split)
        .isEqualTo(JobEvolution.replay(events));
  }

  @Example
  void givenTheRandomHistories_whenTheirStatesAreSurveyed_thenEveryFieldTakesTwoValuesOrMore() {
    RandomGenerator<Scenario> generator = RandomHistories.scenarios().generator(1_000);
    var random = new Random(20251201);
    Map<String, Set<Object>> stateValues = new LinkedHashMap<>();
    Map<String, Set<Object>> stepValues = new LinkedHashMap<>();
    for (int i = 0; i < 400; i++) {
      JobState state = null;
      for (JobEvent event : RandomHistory.run(generator.next(random).value()).events()) {
        state = JobEvolution.evolve(state, event);
        collect(JobState.class, state, stateValues);
        for (StepState step : state.steps()) {
          collect(StepState.class, step, stepValues);
        }
      }
    }

    assertThat(stateValues).hasSize(JobState.class.getRecordComponents().length);
    stateValues.forEach(
        (field, values) ->
            assertThat(values).as("values of JobState.%s", field).hasSizeGreaterThan(1));
    assertThat(stepValues).hasSize(StepState.class.getRecordComponents().length);
    stepValues.forEach(
        (field, values) ->
            assertThat(values).as("values of StepState.%s", field).hasSizeGreaterThan(1));
  }

  private static void collect(Class<?> type, Object value, Map<String, Set<Object>> values) {
    for (RecordComponent component : type.getRecordComponents()) {
      try {
        Object field = component.getAccessor().invoke(value);
        values
            .computeIfAbsent(component.getName(), name -> new HashSet<>())
            .add(String.valueOf(field));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Example
  void givenStatesWithEveryKindOfMember_whenWritten_thenTheFormPinnedForThisFormat()
      throws IOException {
    var origin =
        new ReplayOrigin(
            new JobId(UUID.fromString("0190f0e4-7c1a-7000-8000-00000000000b")),
            4,
            Map.of("depth", 3, "ratio", 0.5));
    var jobId = new JobId(UUID.fromString("0190f0e4-7c1a-7000-8000-00000000000a"));
    JobState completed =
        JobStory.create(JobStory.richCommand(jobId, "completed", JobStory.T0, origin))
            .start()
            .nextStep()
            .fail(FailureKind.ERROR, "rate limited", Duration.ofMillis(250))
            .advance(Duration.ofSeconds(1))
            .runToApproval(1)
            .state();
    JobState pausedBeforeARetry =
        JobStory.create(JobStory.richCommand(jobId, "paused", JobStory.T0, origin))
            .start()
            .nextStep()
            .fail(FailureKind.TIMEOUT, "took too long", Duration.ofSeconds(5))
            .pause("lunch")
            .state();
    JobState failed =
        JobStory.create(JobStory.command(jobId, "failed", JobStory.T0, null))
            .start()
            .nextStep()
            .fail(FailureKind.FATAL, "no such model", Duration.ZERO)
            .state();
    JobState cancelled =
        JobStory.create(JobStory.command(jobId, "cancelled", JobStory.T0, null))
            .start()
            .cancel("not needed")
            .state();
    JobState pausedOverBudget =
        JobStory.create(JobStory.budgetCommand(jobId, "over budget", JobStory.T0))
            .start()
            .nextStep()
            .complete(new AgentResult.Plan("1. add"), JobStory.USAGE)
            .state();

    JobState awaitingApproval =
        JobStory.create(JobStory.approvalCommand(jobId, "awaiting approval", JobStory.T0))
            .start()
            .runToFinalApproval()
            .state();

    String written =
        CanonicalJson.write(
            List.of(
                    completed,
                    pausedBeforeARetry,
                    failed,
                    cancelled,
                    pausedOverBudget,
                    awaitingApproval)
                .stream()
                .map(SnapshotDocuments::write)
                .toList());

    assertThat(SnapshotDocuments.FORMAT)
        .as("a new format needs a golden file of its own: snapshot-format-<FORMAT>.json")
        .isEqualTo(4);
    assertThat(written)
        .as("the form of format 4 changed: raise SnapshotDocuments.FORMAT and pin the new form")
        .isEqualTo(golden("snapshot-format-4.json"));
  }

  @Example
  void givenADocumentThatMissesAMember_whenRead_thenRefusedWithTheMembersName() {
    JobState state =
        JobStory.create(JobStory.newJobId(), "incomplete", JobStory.T0).start().state();
    var document = new LinkedHashMap<>(SnapshotDocuments.write(state));
    document.remove("version");

    assertThatThrownBy(() -> SnapshotDocuments.read(document))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = JobStory.class.getResourceAsStream("golden/" + name)) {
      if (in == null) {
        return "(no golden file " + name + ")";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
