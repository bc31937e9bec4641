import { percent } from './format';

interface Props {
  progress: number;
  label: string;
  testId?: string;
}

export function ProgressBar({ progress, label, testId }: Props) {
  const value = percent(progress);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${value}%` }} />
      <span className="progress-text">{value}%</span>
    </div>
  );
}
