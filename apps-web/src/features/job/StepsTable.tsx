import type { Job } from '../../shared/graphql/types';
import { formatClock, formatDuration, millisBetween } from '../../shared/ui/format';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import type { AttemptRef } from './Timeline';

interface Props {
  job: Job;
  selected: AttemptRef | null;
  onSelect(ref: AttemptRef): void;
}

/**
 * Every attempt of every step as rows: the same data as the timeline, readable as text. Each
 * attempt has its own duration; a step's wall time (across attempts and waits) is labelled so.
 */
export function StepsTable({ job, selected, onSelect }: Props) {
  if (job.steps.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="steps-title">
      <h2 id="steps-title">Steps and attempts</h2>
      <div className="scroll-x">
        <table className="table steps-table" data-testid="steps">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Attempt</th>
              <th scope="col">Status</th>
              <th scope="col" className="started">
                Started
              </th>
              <th scope="col">Duration</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          {job.steps.map((step) => (
            <tbody key={step.id} data-testid="step" data-step={step.id} data-status={step.status}>
              <tr className="step-row">
                <th scope="rowgroup" colSpan={2}>
                  {step.id}
                </th>
                <td>
                  <StatusBadge status={step.status} testId="step-status" />
                </td>
                <td className="started">{formatClock(step.startedAt)}</td>
                <td>
                  <span className="muted">wall time </span>
                  {formatDuration(step.wallTimeMs ?? millisBetween(step.startedAt, null))}
                </td>
                <td className="muted">
                  {step.role.toLowerCase()}, iteration {step.iteration}
                </td>
              </tr>
              {step.attempts.map((attempt) => {
                const isSelected =
                  selected?.stepId === step.id && selected.attempt === attempt.number;
                return (
                  <tr
                    key={attempt.number}
                    className={isSelected ? 'selected' : undefined}
                    data-testid="attempt-row"
                    data-attempt={attempt.number}
                  >
                    <td />
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-pressed={isSelected}
                        onClick={() => onSelect({ stepId: step.id, attempt: attempt.number })}
                      >
                        #{attempt.number}
                      </button>
                    </td>
                    <td>
                      <StatusBadge status={attempt.status} testId="attempt-status" />
                    </td>
                    <td className="started">{formatClock(attempt.startedAt)}</td>
                    <td data-testid="attempt-row-duration">{formatDuration(attempt.durationMs)}</td>
                    <td className="note">
                      {attempt.copied && <span className="badge badge-copied">copied</span>}{' '}
                      {attempt.reusedFrom && (
                        <span
                          className="badge badge-copied"
                          title={`reused from job ${attempt.reusedFrom.jobId}, version ${attempt.reusedFrom.version}`}
                        >
                          reused
                        </span>
                      )}{' '}
                      {attempt.failureKind && <span>{attempt.failureKind.toLowerCase()}: </span>}
                      {attempt.error}
                      {attempt.retryWaitMs !== null && (
                        <span className="muted">
                          {' '}
                          · retry after {formatDuration(attempt.retryWaitMs)}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
