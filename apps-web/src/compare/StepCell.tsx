import type { Step } from '../graphql/types';
import { formatDuration } from '../ui/format';
import { JsonBlock } from '../ui/JsonBlock';
import { StatusBadge } from '../ui/StatusBadge';

/** One side of a step comparison: status, attempt, duration, error, and input/output on demand. */
export function StepCell({ step }: { step: Step | null }) {
  if (!step) return <span className="muted">not run</span>;
  return (
    <div className="step-cell">
      <StatusBadge status={step.status} /> attempt {step.attempt} ·{' '}
      {formatDuration(step.durationMs)}
      {step.error && <div className="error">{step.error}</div>}
      <details>
        <summary>Input and output</summary>
        <JsonBlock value={step.input} label="Input" />
        <JsonBlock value={step.output} label="Output" />
      </details>
    </div>
  );
}
