import type { JobState } from '../graphql/types';

/** Plan, artifact, critique feedback and the reason a job stopped, where there is one. */
export function JobOutcome({ job }: { job: JobState }) {
  const reason = job.failureReason ?? job.cancelReason ?? job.pauseReason;
  if (!reason && !job.plan && !job.artifact && !job.lastFeedback) return null;
  return (
    <section className="panel" aria-labelledby="outcome-title">
      <h2 id="outcome-title">Outcome</h2>
      {reason && (
        <p className="error" data-testid="job-reason">
          {job.failureReason ? 'Failed: ' : job.cancelReason ? 'Cancelled: ' : 'Paused: '}
          {reason}
        </p>
      )}
      {job.plan && (
        <>
          <h3>Plan</h3>
          <pre className="text" data-testid="job-plan">
            {job.plan}
          </pre>
        </>
      )}
      {job.artifact && (
        <>
          <h3>Artifact</h3>
          <pre className="text" data-testid="job-artifact">
            {job.artifact}
          </pre>
        </>
      )}
      {job.lastFeedback && (
        <>
          <h3>Last critique feedback</h3>
          <pre className="text">{job.lastFeedback}</pre>
        </>
      )}
    </section>
  );
}
