import { useMutation } from '@apollo/client/react';
import type { JobStatus } from '../../shared/graphql/types';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { CANCEL_JOB, PAUSE_JOB, RESUME_JOB, START_JOB } from './queries';

interface Props {
  job: { id: string; status: JobStatus };
}

/**
 * Start, pause, resume and cancel, each enabled only where the job's status allows it. The page
 * takes the result from the pushed job view, not from the mutation's answer.
 */
export function JobControls({ job }: Props) {
  const options = { variables: { id: job.id } };
  const [start, started] = useMutation(START_JOB, options);
  const [pause, paused] = useMutation(PAUSE_JOB, options);
  const [resume, resumed] = useMutation(RESUME_JOB, options);
  const [cancel, cancelled] = useMutation(CANCEL_JOB, options);
  const busy = started.loading || paused.loading || resumed.loading || cancelled.loading;
  const error = started.error ?? paused.error ?? resumed.error ?? cancelled.error;
  const run = (command: () => Promise<unknown>) => void command().catch(() => undefined);
  // A job awaiting approval can be paused (which stops its approval's clock) and cancelled.
  const running =
    job.status === 'RUNNING' || job.status === 'QUEUED' || job.status === 'AWAITING_APPROVAL';
  const active = running || job.status === 'PENDING' || job.status === 'PAUSED';

  return (
    <>
      {job.status === 'PENDING' && (
        <button type="button" disabled={busy} onClick={() => run(start)}>
          Start
        </button>
      )}
      <button type="button" disabled={busy || !running} onClick={() => run(pause)}>
        Pause
      </button>
      <button type="button" disabled={busy || job.status !== 'PAUSED'} onClick={() => run(resume)}>
        Resume
      </button>
      <button
        type="button"
        className="danger"
        disabled={busy || !active}
        onClick={() => {
          if (window.confirm('Cancel this job? It cannot be resumed afterwards.')) run(cancel);
        }}
      >
        Cancel
      </button>
      <ErrorMessage error={error} title="Command rejected" />
    </>
  );
}
