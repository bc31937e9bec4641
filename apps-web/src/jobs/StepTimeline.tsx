import type { Step } from '../graphql/types';
import { formatDuration, formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

/** Every step attempt in the order it started. */
export function StepTimeline({ steps }: { steps: Step[] }) {
  return (
    <section className="panel" aria-labelledby="steps-title">
      <h2 id="steps-title">Steps</h2>
      {steps.length === 0 ? (
        <p className="muted">No steps yet.</p>
      ) : (
        <ol className="timeline" data-testid="step-timeline">
          {steps.map((step, i) => (
            <li
              key={`${step.id}-${step.attempt}-${i}`}
              className={`step step-${step.status.toLowerCase()}`}
              data-testid="step-row"
            >
              <span className="step-role">{step.role}</span>
              <span>iteration {step.iteration}</span>
              <span>attempt {step.attempt}</span>
              <StatusBadge status={step.status} />
              <span title={`Started ${formatTime(step.startedAt)}`}>
                {formatDuration(step.durationMs)}
              </span>
              {step.retryAt && <span className="muted">retry at {formatTime(step.retryAt)}</span>}
              {step.error && (
                <span className="error step-error" data-testid="step-error">
                  {step.error}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
