import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { Job } from '../../shared/graphql/types';
import { useCallerRole } from '../../shared/session/caller';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { formatTime } from '../../shared/ui/format';
import { approvalTitle, decisionText } from './approvals';
import { APPROVE_JOB, REJECT_JOB } from './queries';

/**
 * What the job waits for (the plan, or the final result) with Approve and Reject for those who may
 * decide, and every decision made so far. The page takes the outcome from the pushed job view.
 */
export function ApprovalPanel({ job }: { job: Job }) {
  const { canOperate } = useCallerRole();
  const [comment, setComment] = useState('');
  const options = { variables: { id: job.id, comment } };
  const [approve, approved] = useMutation(APPROVE_JOB, options);
  const [reject, rejected] = useMutation(REJECT_JOB, options);
  if (job.approvals.length === 0) return null;
  const pending = job.approvals.at(-1)?.status === 'PENDING' ? job.approvals.at(-1) : undefined;
  const waiting = pending !== undefined && job.status === 'AWAITING_APPROVAL';
  const busy = approved.loading || rejected.loading;
  const run = (command: () => Promise<unknown>) =>
    void command()
      .then(() => setComment(''))
      .catch(() => undefined);
  const decided = job.approvals.filter((a) => a !== pending);

  return (
    <section className="panel" aria-labelledby="approval-title" data-testid="approval-panel">
      <h2 id="approval-title">Approval</h2>
      {pending && (
        <>
          <h3>{approvalTitle(pending.gate)}</h3>
          <p className="muted" data-testid="approval-waiting">
            {waiting
              ? `Waiting for a decision since ${formatTime(pending.requestedAt)}` +
                (pending.deadline ? `; the timeout decides at ${formatTime(pending.deadline)}` : '')
              : job.status === 'PAUSED'
                ? 'Paused: resume the job to decide (the timeout waits too).'
                : 'The job ended without a decision.'}
          </p>
          <pre className="text" data-testid="approval-subject">
            {pending.subject}
          </pre>
          {canOperate && waiting && (
            <div className="form">
              <label htmlFor="approval-comment">Comment (sent back as feedback on reject)</label>
              <textarea
                id="approval-comment"
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <div className="actions">
                <button type="button" disabled={busy} onClick={() => run(approve)}>
                  Approve
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={busy || comment.trim() === ''}
                  title={comment.trim() === '' ? 'A rejection needs a comment' : undefined}
                  onClick={() => run(reject)}
                >
                  Reject
                </button>
              </div>
            </div>
          )}
          {!canOperate && waiting && (
            <p className="muted">An operator or admin approves or rejects it.</p>
          )}
          <ErrorMessage error={approved.error ?? rejected.error} title="Decision rejected" />
        </>
      )}
      {decided.length > 0 && (
        <ul className="approvals" data-testid="approval-decisions">
          {decided.map((a) => (
            <li key={`${a.stepId}-${a.requestedAt}`}>
              <StatusBadge status={a.status} /> {approvalTitle(a.gate)} ({a.stepId}):{' '}
              {decisionText(a)}
              {a.copied && <span className="muted"> (copied from the original)</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
