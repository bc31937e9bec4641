import { useMutation } from '@apollo/client/react';
import { CANCEL_JOB, PAUSE_JOB, RESUME_JOB, START_JOB } from '../graphql/operations';
import type { JobStatus } from '../graphql/types';
import { ErrorMessage } from '../ui/ErrorMessage';

interface Props {
  job: { id: string; status: JobStatus };
}

/** Start, pause, resume and cancel, each enabled only where the job's status allows it. */
export function JobControls({ job }: Props) {
  const options = { variables: { id: job.id } };
  const [start, started] = useMutation(START_JOB, options);
  const [pause, paused] = useMutation(PAUSE_JOB, options);
  const [resume, resumed] = useMutation(RESUME_JOB, options);
  const [cancel, cancelled] = useMutation(CANCEL_JOB, options);
  const busy = started.loading || paused.loading || resumed.loading || cancelled.loading;
  const error = started.error ?? paused.error ?? resumed.error ?? cancelled.error;
  const run = (command: () => Promise<unknown>) => void command().catch(() => undefined);
  const active = job.status === 'PENDING' || job.status === 'RUNNING' || job.status === 'PAUSED';

  return (
    <>
      {job.status === 'PENDING' && (
        <button type="button" disabled={busy} onClick={() => run(start)}>
          Start
        </button>
      )}
      <button type="button" disabled={busy || job.status !== 'RUNNING'} onClick={() => run(pause)}>
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
