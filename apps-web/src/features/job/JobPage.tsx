import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { paths } from '../../shared/paths';
import { useCallerRole } from '../../shared/session/caller';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { LiveIndicator } from '../../shared/ui/LiveIndicator';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { ReplayDialog } from '../replay';
import { ApprovalPanel } from './ApprovalPanel';
import { AttemptPanel } from './AttemptPanel';
import { JobControls } from './JobControls';
import { JobHeader } from './JobHeader';
import { JobOutcome } from './JobOutcome';
import { LiveLogs } from './LiveLogs';
import { StepsTable } from './StepsTable';
import type { AttemptRef } from './Timeline';
import { Timeline } from './Timeline';
import { useJobLogs } from './useJobLogs';
import { useJobSubscription } from './useJobSubscription';

export function JobPage() {
  const { id = '' } = useParams();
  return <JobDetails key={id} id={id} />;
}

function JobDetails({ id }: { id: string }) {
  const { job, replays, state, error, notFound, refetch } = useJobSubscription(id);
  const logs = useJobLogs(id);
  const [search, setSearch] = useSearchParams();
  const [replaying, setReplaying] = useState(false);
  // A VIEWER reads: the controls and Replay stay hidden (the server refuses them anyway).
  const { role, canOperate } = useCallerRole();
  usePageTitle(job ? job.name : 'Job');
  const selected: AttemptRef | null = search.get('step')
    ? { stepId: search.get('step')!, attempt: Number(search.get('attempt') ?? 1) }
    : null;
  const select = (ref: AttemptRef | null) =>
    setSearch(ref ? { step: ref.stepId, attempt: String(ref.attempt) } : {}, { replace: true });

  if (!job) {
    return (
      <div className="page">
        <h1>Job</h1>
        <LiveIndicator state={state} />
        <ErrorMessage error={error} title={notFound ? 'No such job' : 'Could not load the job'} />
        {state === 'error' && !notFound && (
          <p>
            <button type="button" onClick={refetch}>
              Try again
            </button>
          </p>
        )}
        {notFound && <Link to={paths.jobs()}>All jobs</Link>}
      </div>
    );
  }

  const step = selected ? job.steps.find((s) => s.id === selected.stepId) : undefined;
  const attempt = step?.attempts.find((a) => a.number === selected?.attempt);

  return (
    <div className="page">
      <div className="page-header">
        <h1>{job.name}</h1>
        <StatusBadge status={job.status} testId="job-status" />
        <LiveIndicator state={state} />
      </div>
      {state === 'reconnecting' && (
        <ErrorMessage error={error} title="Connection lost, reconnecting" />
      )}
      <ProgressBar progress={job.progress} label="Job progress" testId="job-progress" />
      <div className="toolbar" data-testid="job-toolbar" data-role={role ?? ''}>
        {canOperate && (
          <>
            <JobControls job={job} />
            <button type="button" onClick={() => setReplaying(true)}>
              Replay…
            </button>
          </>
        )}
        <Link to={paths.audit(job.id)}>Audit trail</Link>
        <Link to={paths.timeTravel(job.id)}>Time travel</Link>
        <Link to={paths.family(job.id)}>Family</Link>
      </div>
      <ApprovalPanel job={job} />
      <Timeline job={job} selected={selected} onSelect={select} />
      {step && attempt && (
        <AttemptPanel
          jobId={job.id}
          step={step}
          attempt={attempt}
          logs={logs.lines}
          onClose={() => select(null)}
        />
      )}
      <StepsTable job={job} selected={selected} onSelect={select} />
      <JobHeader job={job} replays={replays} />
      <JobOutcome job={job} />
      <LiveLogs job={job} logs={logs} />
      {replaying && <ReplayDialog job={job} onClose={() => setReplaying(false)} />}
    </div>
  );
}
