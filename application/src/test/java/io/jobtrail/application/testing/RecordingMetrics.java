package io.jobtrail.application.testing;

import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Remembers every metric callback, as text, for assertions. */
public final class RecordingMetrics implements OrchestratorMetrics {

  private final List<String> recorded = new CopyOnWriteArrayList<>();

  @Override
  public void attemptFinished(AgentRole role, @Nullable FailureKind failure, Duration duration) {
    recorded.add("attempt " + role + " " + (failure == null ? "OK" : failure));
  }

  @Override
  public void retryScheduled(AgentRole role, FailureKind failure) {
    recorded.add("retry " + role + " " + failure);
  }

  @Override
  public void attemptRecovered(AgentRole role) {
    recorded.add("recovered " + role);
  }

  @Override
  public void leaseTakenOver(JobId jobId, String previousOwner) {
    recorded.add("takeover from " + previousOwner);
  }

  @Override
  public void jobFinished(JobStatus status) {
    recorded.add("job " + status);
  }

  public List<String> recorded() {
    return List.copyOf(recorded);
  }

  /**
   * Waits up to 5 s for {@code entry}: the orchestrator counts a job's end just after recording it,
   * so a test that saw the end may look a moment too early.
   */
  public List<String> awaitRecorded(String entry) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!recorded.contains(entry) && System.nanoTime() < deadline) {
      OrchestratorHarness.sleep(5);
    }
    return recorded();
  }
}
