import { useState } from 'react';
import { useJobSubscription } from '../hooks/useJobSubscription';
import { ReplayDialog } from '../replay/ReplayDialog';
import { Link } from '../routing/Link';
import { paths } from '../routing/router';
import { ErrorMessage } from '../ui/ErrorMessage';
import { formatTime } from '../ui/format';
import { LiveIndicator } from '../ui/LiveIndicator';
import { ProgressBar } from '../ui/ProgressBar';
import { StatusBadge } from '../ui/StatusBadge';
import { JobControls } from './JobControls';
import { JobOutcome } from './JobOutcome';
import { Lineage } from './Lineage';
import { LiveLogs } from './LiveLogs';
import { StepTimeline } from './StepTimeline';

export function JobDetailsPage({ id }: { id: string }) {
  const { job, events, state, error, notFound, refetch } = useJobSubscription(id);
  const [replaying, setReplaying] = useState(false);

  if (!job) {
    return (
      <div className="page">
        <h1>Job</h1>
        <LiveIndicator state={state} />
        <ErrorMessage error={error} title="Could not load the job" />
        {state === 'error' && !notFound && (
          <p>
            <button type="button" onClick={refetch}>
              Try again
            </button>
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1>{job.name}</h1>
        <StatusBadge status={job.status} testId="job-status" />
        <LiveIndicator state={state} />
      </div>
      {state === 'reconnecting' && <ErrorMessage error={error} title="Connection lost" />}
      <ProgressBar progress={job.progress} label="Job progress" testId="job-progress" />
      <dl className="facts">
        <dt>Current step</dt>
        <dd data-testid="job-current-step">{job.currentStep ?? '—'}</dd>
        <dt>Iteration</dt>
        <dd>
          {job.iteration} of {job.limits.maxIterations}
        </dd>
        <dt>Version</dt>
        <dd data-testid="job-version">{job.version}</dd>
        <dt>Created</dt>
        <dd>
          {formatTime(job.createdAt)} by {job.createdBy}
        </dd>
        <dt>Id</dt>
        <dd>
          <code>{job.id}</code>
        </dd>
      </dl>
      <Lineage job={job} />
      <div className="toolbar">
        <JobControls job={job} />
        <button type="button" onClick={() => setReplaying(true)} disabled={events.length === 0}>
          Replay…
        </button>
        <Link to={paths.audit(job.id)}>Audit trail</Link>
        <Link to={paths.timeTravel(job.id)}>Time travel</Link>
      </div>
      <section className="panel" aria-labelledby="task-title">
        <h2 id="task-title">Task</h2>
        <p className="pre-wrap">{job.task}</p>
      </section>
      <JobOutcome job={job} />
      <StepTimeline steps={job.steps} />
      <LiveLogs jobId={job.id} />
      {replaying && <ReplayDialog job={job} events={events} onClose={() => setReplaying(false)} />}
    </div>
  );
}
