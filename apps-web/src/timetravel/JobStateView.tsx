import type { JobState } from '../graphql/types';
import { JobOutcome } from '../jobs/JobOutcome';
import { StepTimeline } from '../jobs/StepTimeline';
import { JsonBlock } from '../ui/JsonBlock';
import { ProgressBar } from '../ui/ProgressBar';
import { StatusBadge } from '../ui/StatusBadge';

/** A job's whole state, as rebuilt by jobAt. */
export function JobStateView({ job }: { job: JobState }) {
  return (
    <div className="state" data-testid="tt-state">
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={job.status} testId="tt-status" />
        </dd>
        <dt>Progress</dt>
        <dd>
          <ProgressBar
            progress={job.progress}
            label="Progress at this version"
            testId="tt-progress"
          />
        </dd>
        <dt>Current step</dt>
        <dd>{job.currentStep ?? '—'}</dd>
        <dt>Iteration</dt>
        <dd>
          {job.iteration} of {job.limits.maxIterations}
        </dd>
      </dl>
      <details>
        <summary>Parameters</summary>
        <JsonBlock value={job.parameters} label="Parameters" />
      </details>
      <JobOutcome job={job} />
      <StepTimeline steps={job.steps} />
    </div>
  );
}
