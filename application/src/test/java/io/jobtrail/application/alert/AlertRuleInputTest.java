package io.jobtrail.application.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.testing.JobStory;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a rule accepts and what it matches. */
class AlertRuleInputTest {

  private static JobState job(String name, Map<String, Object> parameters, AgentAssignment agents) {
    var create =
        new JobCommand.CreateJob(
            JobId.parse("01a21a75-9f7d-72f4-ab04-6b81c7877277"),
            name,
            "task",
            parameters,
            agents,
            JobLimits.DEFAULT,
            "alice",
            null,
            JobStory.T0);
    return JobStory.create(create).state();
  }

  @Test
  void givenDurations_whenParsed_thenShortAndIsoFormsWithinBounds() {
    assertThat(Durations.parse("f", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("f", "10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("f", "PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThatThrownBy(() -> Durations.parse("f", "soon"))
        .hasMessageContaining("f: 'soon' is not a duration");
    assertThatThrownBy(() -> Durations.parse("f", "500ms")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Durations.parse("f", "31d")).hasMessageContaining("out of range");
  }

  @Test
  void givenJobFilters_whenMatched_thenNameGlobStatusParametersAndAgentKindAllCount() {
    JobState nightly =
        job(
            "nightly-build-7",
            Map.of(
                "team",
                "core",
                "env",
                Map.of("region", "eu", "size", 3),
                "tags",
                List.of("a", "b")),
            new AgentAssignment(
                new AgentSpec("openai", Map.of()), AgentSpec.SIMULATED, AgentSpec.SIMULATED));

    assertThat(
            new AlertMatch(Set.of(), "nightly-*", Set.of(), Map.of(), Set.of()).matchesJob(nightly))
        .isTrue();
    assertThat(
            new AlertMatch(Set.of(), "weekly-*", Set.of(), Map.of(), Set.of()).matchesJob(nightly))
        .isFalse();
    assertThat(
            new AlertMatch(Set.of(), null, Set.of(JobStatus.PENDING), Map.of(), Set.of())
                .matchesJob(nightly))
        .isTrue();
    assertThat(
            new AlertMatch(Set.of(), null, Set.of(JobStatus.FAILED), Map.of(), Set.of())
                .matchesJob(nightly))
        .isFalse();
    assertThat(
            new AlertMatch(
                    Set.of(),
                    null,
                    Set.of(),
                    Map.of("env", Map.of("size", 3.0), "tags", List.of("b")),
                    Set.of())
                .matchesJob(nightly))
        .isTrue();
    assertThat(
            new AlertMatch(
                    Set.of(), null, Set.of(), Map.of("env", Map.of("region", "us")), Set.of())
                .matchesJob(nightly))
        .isFalse();
    assertThat(
            new AlertMatch(Set.of(), null, Set.of(), Map.of(), Set.of("openai"))
                .matchesJob(nightly))
        .isTrue();
    assertThat(
            new AlertMatch(Set.of(), null, Set.of(), Map.of(), Set.of("command"))
                .matchesJob(nightly))
        .isFalse();
  }

  @Test
  void givenBadRules_whenBuilt_thenRejectedNamingTheField() {
    assertThatThrownBy(
            () -> new AlertMatch(Set.of("JobExploded"), null, Set.of(), Map.of(), Set.of()))
        .hasMessageStartingWith("match.eventTypes: 'JobExploded' is not an event type");
    assertThatThrownBy(
            () ->
                new AlertRuleInput(
                    "r",
                    true,
                    new AlertMatch(Set.of("JobFailed"), null, Set.of(), Map.of(), Set.of()),
                    new AlertCondition.JobFailed(),
                    "https://hooks.example.com",
                    WebhookFormat.JSON,
                    null))
        .hasMessageStartingWith("match.eventTypes");
    assertThatThrownBy(() -> new AlertCondition.FailureRate(100, Duration.ofHours(1), 1))
        .hasMessageContaining("abovePercent");
    assertThatThrownBy(
            () ->
                new AlertRuleInput(
                    " ", true, AlertMatch.ANY, null, "https://x.example", WebhookFormat.JSON, null))
        .hasMessageStartingWith("name");
    assertThat(AlertMatch.EVENT_TYPES)
        .contains("JobFailed", "JobStepRetryScheduled", "PlannerStarted");
  }
}
