package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.ReusedFrom;
import io.jobtrail.domain.job.StepId;
import io.jobtrail.domain.job.StepState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outputs a replay may reuse instead of calling an agent (ADR 62): in a fork whose origin says
 * {@code UNCHANGED_INPUTS}, an attempt whose step has the same role, iteration, agent spec and
 * input document as a succeeded attempt of the original, compared by the SHA-256 of their canonical
 * JSON, takes that attempt's recorded output and usage. A step whose input changed (new parameters,
 * a new agent spec, or an earlier step that ran again and answered differently) finds no match and
 * calls its agent.
 */
final class RecordedOutputs {

  /** A succeeded attempt of the original to record instead of a call. */
  record Reusable(AgentResult result, @Nullable AgentUsage usage, ReusedFrom from) {}

  private final JobEventStore events;

  RecordedOutputs(JobEventStore events) {
    this.events = events;
  }

  /** The original's output for {@code step} of {@code job}, if the job reuses and one matches. */
  Optional<Reusable> find(JobState job, StepState step) {
    ReplayOrigin origin = job.replayOf();
    AgentInput input = step.input();
    if (origin == null || input == null) {
      return Optional.empty();
    }
    return switch (origin.reuse()) {
      case NONE -> Optional.empty();
      case UNCHANGED_INPUTS ->
          find(
              origin,
              inputHash(step.role(), step.iteration(), job.agents().forRole(step.role()), input));
    };
  }

  private Optional<Reusable> find(ReplayOrigin origin, String wanted) {
    AgentAssignment agents = null;
    var steps = new HashMap<StepId, JobEvent.JobStepStarted>();
    var hashes = new HashMap<String, String>(); // "<step>/<attempt>" -> the attempt's input hash
    for (RecordedEvent recorded : events.readStreamRange(origin.jobId(), 0, Long.MAX_VALUE)) {
      JobEvent event = recorded.event();
      AgentResult result = null;
      AgentUsage usage = null;
      String attempt = null;
      switch (event) {
        case JobEvent.JobCreated created -> agents = created.agents();
        case JobEvent.JobStepStarted started -> steps.put(started.stepId(), started);
        case JobEvent.PlannerStarted s ->
            remember(hashes, steps, agents, s.stepId(), s.attempt(), s.input());
        case JobEvent.CoderStarted s ->
            remember(hashes, steps, agents, s.stepId(), s.attempt(), s.input());
        case JobEvent.CritiqueStarted s ->
            remember(hashes, steps, agents, s.stepId(), s.attempt(), s.input());
        case JobEvent.PlannerCompleted c -> {
          result = new AgentResult.Plan(c.plan());
          usage = c.usage();
          attempt = key(c.stepId(), c.attempt());
        }
        case JobEvent.CoderCompleted c -> {
          result = new AgentResult.Artifact(c.artifact());
          usage = c.usage();
          attempt = key(c.stepId(), c.attempt());
        }
        case JobEvent.CritiqueCompleted c -> {
          result = new AgentResult.Review(c.verdict(), c.feedback());
          usage = c.usage();
          attempt = key(c.stepId(), c.attempt());
        }
        case JobEvent.JobStarted e -> {}
        case JobEvent.JobPaused e -> {}
        case JobEvent.JobResumed e -> {}
        case JobEvent.JobCancelled e -> {}
        case JobEvent.JobCompleted e -> {}
        case JobEvent.JobFailed e -> {}
        case JobEvent.JobStepCompleted e -> {}
        case JobEvent.JobStepFailed e -> {}
        case JobEvent.JobStepRetryScheduled e -> {}
        case JobEvent.JobBudgetExceeded e -> {}
        case JobEvent.ApprovalRequested e -> {}
        case JobEvent.ApprovalGranted e -> {}
        case JobEvent.ApprovalRejected e -> {}
        case JobEvent.ApprovalTimedOut e -> {}
      }
      if (result != null && wanted.equals(hashes.get(attempt))) {
        return Optional.of(
            new Reusable(result, usage, new ReusedFrom(origin.jobId(), recorded.version())));
      }
    }
    return Optional.empty();
  }

  private static void remember(
      Map<String, String> hashes,
      Map<StepId, JobEvent.JobStepStarted> steps,
      @Nullable AgentAssignment agents,
      StepId stepId,
      int attempt,
      AgentInput input) {
    JobEvent.JobStepStarted step = steps.get(stepId);
    if (agents == null || step == null) {
      return; // Not a history the loop wrote; nothing of it is reused.
    }
    hashes.put(
        key(stepId, attempt),
        inputHash(step.role(), step.iteration(), agents.forRole(step.role()), input));
  }

  private static String key(StepId stepId, int attempt) {
    return stepId.value() + "/" + attempt;
  }

  /**
   * What decides whether an output can be reused: the SHA-256 of the canonical JSON of {@code
   * {role, iteration, agent: {kind, settings}, input}} (the input as stored in the Started event).
   */
  static String inputHash(AgentRole role, int iteration, AgentSpec agent, AgentInput input) {
    Map<String, Object> document =
        Map.of(
            "role", role.name(),
            "iteration", iteration,
            "agent", Map.of("kind", agent.kind(), "settings", agent.settings()),
            "input", EventDocuments.input(input));
    return EventHashing.link(null, CanonicalJson.write(document));
  }
}
