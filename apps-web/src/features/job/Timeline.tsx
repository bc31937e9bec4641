import type { Attempt, Job, Step } from '../../shared/graphql/types';
import { isTerminal } from '../../shared/graphql/types';
import { formatDuration, millisBetween } from '../../shared/ui/format';
import { useNow } from '../../shared/ui/useNow';
import { approvalTitle, decisionText } from './approvals';

export interface AttemptRef {
  stepId: string;
  attempt: number;
}

interface Props {
  job: Job;
  selected: AttemptRef | null;
  onSelect(ref: AttemptRef): void;
}

const TICKS = 5;

/**
 * The job as a waterfall on a real time axis: a row per step (planner, then coder and critique by
 * iteration), a bar per attempt from its start to its end, the wait before a retry, the time spent
 * waiting for each approval, and the attempts a replay copied from its original hatched.
 */
export function Timeline({ job, selected, onSelect }: Props) {
  const running = !isTerminal(job.status);
  const now = useNow(running);
  const starts = job.steps.flatMap((s) => s.attempts.map((a) => Date.parse(a.startedAt)));
  const from = Math.min(Date.parse(job.createdAt), ...starts);
  const to = Math.max(job.endedAt ? Date.parse(job.endedAt) : now, from + 1);
  const span = to - from;
  const at = (iso: string) => ((Date.parse(iso) - from) / span) * 100;
  const until = (iso: string | null) => (((iso ? Date.parse(iso) : now) - from) / span) * 100;

  if (job.steps.length === 0) {
    return (
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <p className="muted" data-testid="timeline-empty">
          {job.status === 'QUEUED'
            ? 'Queued: waiting for an orchestrator instance to pick the job up.'
            : job.status === 'PENDING'
              ? 'Not started yet.'
              : 'No step has run.'}
        </p>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <div className="timeline" data-testid="timeline">
        <div className="timeline-axis" aria-hidden="true">
          {Array.from({ length: TICKS + 1 }, (_, i) => (
            <span key={i} style={{ left: `${(i / TICKS) * 100}%` }}>
              +{formatDuration((span * i) / TICKS)}
            </span>
          ))}
        </div>
        <ol className="timeline-rows">
          {job.pauses.length > 0 && (
            <li className="timeline-row" data-testid="timeline-pauses">
              <span className="timeline-label">paused</span>
              <div className="timeline-track">
                {job.pauses.map((pause) => (
                  <span
                    key={pause.startedAt}
                    className="pause-bar"
                    style={{
                      left: `${at(pause.startedAt)}%`,
                      width: `${Math.max(until(pause.endedAt) - at(pause.startedAt), 0)}%`,
                    }}
                    title={`paused by ${pause.userId}: ${pause.reason}`}
                  />
                ))}
              </div>
            </li>
          )}
          {job.approvals.length > 0 && (
            <li className="timeline-row" data-testid="timeline-approvals">
              <span className="timeline-label">approval</span>
              <div className="timeline-track">
                {job.approvals.map((approval) => (
                  <span
                    key={`${approval.stepId}-${approval.requestedAt}`}
                    className={`approval-bar approval-${approval.status.toLowerCase()}`}
                    style={{
                      left: `${at(approval.requestedAt)}%`,
                      width: `${Math.max(until(approval.decidedAt) - at(approval.requestedAt), 0)}%`,
                    }}
                    title={`${approvalTitle(approval.gate)} (${approval.stepId}): ${decisionText(approval)}`}
                  />
                ))}
              </div>
            </li>
          )}
          {job.steps.map((step) => (
            <li
              key={step.id}
              className="timeline-row"
              data-testid="timeline-step"
              data-step={step.id}
            >
              <span className="timeline-label" title={`${step.role} · iteration ${step.iteration}`}>
                {step.id}
              </span>
              <div className="timeline-track">
                {step.attempts.map((attempt) => (
                  <AttemptBar
                    key={attempt.number}
                    step={step}
                    attempt={attempt}
                    left={at(attempt.startedAt)}
                    right={until(attempt.endedAt)}
                    waitUntil={attempt.retryAt ? until(attempt.retryAt) : null}
                    now={now}
                    selected={selected?.stepId === step.id && selected.attempt === attempt.number}
                    onSelect={() => onSelect({ stepId: step.id, attempt: attempt.number })}
                  />
                ))}
              </div>
            </li>
          ))}
        </ol>
        <p className="timeline-legend muted">
          <span className="swatch attempt-succeeded" /> succeeded
          <span className="swatch attempt-failed" /> failed
          <span className="swatch attempt-running" /> running
          <span className="swatch wait" /> retry wait
          <span className="swatch copied" /> copied from the original
          <span className="swatch pause" /> paused
        </p>
      </div>
    </section>
  );
}

interface BarProps {
  step: Step;
  attempt: Attempt;
  left: number;
  right: number;
  waitUntil: number | null;
  now: number;
  selected: boolean;
  onSelect(): void;
}

function AttemptBar({ step, attempt, left, right, waitUntil, now, selected, onSelect }: BarProps) {
  const duration = attempt.durationMs ?? millisBetween(attempt.startedAt, null, now);
  const label =
    `${step.id} attempt ${attempt.number}: ${attempt.status.toLowerCase()}` +
    `${attempt.failureKind ? ` (${attempt.failureKind.toLowerCase()})` : ''}, ` +
    `${formatDuration(duration)}${attempt.copied ? ', copied from the original' : ''}${
      attempt.reusedFrom ? ', output reused from the original (no agent call)' : ''
    }`;
  return (
    <>
      <button
        type="button"
        className={`attempt-bar attempt-${attempt.status.toLowerCase()}${attempt.copied ? ' copied' : ''}${selected ? ' selected' : ''}`}
        style={{ left: `${left}%`, width: `${Math.max(right - left, 0)}%` }}
        aria-label={label}
        aria-pressed={selected}
        title={label}
        data-testid="attempt-bar"
        data-attempt={attempt.number}
        data-status={attempt.status}
        data-duration-ms={attempt.durationMs ?? ''}
        onClick={onSelect}
      />
      {waitUntil !== null && (
        <span
          className="wait-bar"
          style={{ left: `${right}%`, width: `${Math.max(waitUntil - right, 0)}%` }}
          title={`retry wait ${formatDuration(attempt.retryWaitMs)}`}
          aria-hidden="true"
        />
      )}
    </>
  );
}
