import type { Job } from '../../shared/graphql/types';

/** Plan, artifact and critique feedback, where there are any. */
export function JobOutcome({ job }: { job: Job }) {
  if (!job.plan && !job.artifact && !job.lastFeedback) return null;
  return (
    <section className="panel" aria-labelledby="outcome-title">
      <h2 id="outcome-title">Outcome</h2>
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
