import { Link } from 'react-router';
import type { Attempt, Step } from '../../shared/graphql/types';
import { paths } from '../../shared/paths';
import { formatClock, formatDuration } from '../../shared/ui/format';
import { JsonBlock } from '../../shared/ui/JsonBlock';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { belongsTo } from './attempts';
import { formatTokens, formatUsd } from './usage';
import type { JobLogEntry } from './useJobLogs';

interface Props {
  jobId: string;
  step: Step;
  attempt: Attempt;
  logs: JobLogEntry[];
  onClose(): void;
}

/** One attempt in full: times, input, output or error, its log lines, its events and its trace. */
export function AttemptPanel({ jobId, step, attempt, logs, onClose }: Props) {
  const lines = logs.filter((line) => belongsTo(line, step, attempt));
  return (
    <section
      className="panel attempt-panel"
      aria-labelledby="attempt-title"
      data-testid="attempt-panel"
    >
      <div className="panel-header">
        <h2 id="attempt-title">
          {step.id} · attempt {attempt.number}
        </h2>
        <StatusBadge status={attempt.status} />
        {attempt.copied && <span className="badge badge-copied">copied</span>}
        {attempt.reusedFrom && (
          <span
            className="badge badge-copied"
            data-testid="attempt-reused"
            title={`output reused from job ${attempt.reusedFrom.jobId}, version ${attempt.reusedFrom.version}: no agent call`}
          >
            reused
          </span>
        )}
        <button type="button" className="secondary small" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>Started</dt>
        <dd>{formatClock(attempt.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatClock(attempt.endedAt)}</dd>
        <dt>Duration</dt>
        <dd data-testid="attempt-duration">{formatDuration(attempt.durationMs)}</dd>
        {attempt.failureKind && (
          <>
            <dt>Failure</dt>
            <dd>{attempt.failureKind}</dd>
          </>
        )}
        {attempt.retryWaitMs !== null && (
          <>
            <dt>Retry wait</dt>
            <dd>{formatDuration(attempt.retryWaitMs)}</dd>
          </>
        )}
        <dt>Model</dt>
        <dd data-testid="attempt-model">{attempt.usage?.model ?? '—'}</dd>
        <dt>Tokens</dt>
        <dd data-testid="attempt-tokens">
          {attempt.usage
            ? formatTokens(
                attempt.usage.totalTokens,
                attempt.usage.promptTokens,
                attempt.usage.completionTokens,
              )
            : '—'}
        </dd>
        <dt>Cost</dt>
        <dd data-testid="attempt-cost">{attempt.usage ? formatUsd(attempt.usage.costUsd) : '—'}</dd>
        <dt>Instance</dt>
        <dd>{attempt.instanceId}</dd>
        <dt>Trace</dt>
        <dd className="mono">{attempt.traceId ?? '—'}</dd>
        <dt>Span</dt>
        <dd className="mono">{attempt.spanId ?? '—'}</dd>
        <dt>Events</dt>
        <dd>
          {attempt.eventVersions.map((version) => (
            <Link key={version} to={paths.audit(jobId, version)} className="chip">
              #{version}
            </Link>
          ))}
        </dd>
      </dl>
      {attempt.error && (
        <p className="error" role="note">
          {attempt.error}
        </p>
      )}
      <div className="two">
        <JsonBlock value={attempt.input} label="Input" collapsed />
        <JsonBlock value={attempt.output} label="Output" />
      </div>
      {(attempt.usage !== null || attempt.environment !== null) && (
        <div className="two">
          <JsonBlock value={attempt.usage?.parameters ?? {}} label="Call parameters" collapsed />
          <JsonBlock value={attempt.environment ?? {}} label="Environment" collapsed />
        </div>
      )}
      <h3>Log lines</h3>
      {lines.length === 0 ? (
        <p className="muted">No log lines for this attempt.</p>
      ) : (
        <ol className="logs">
          {lines.map((line) => (
            <li key={line.sequence} className={`log log-${line.level.toLowerCase()}`}>
              <time dateTime={line.timestamp}>{formatClock(line.timestamp)}</time>
              <span className="log-level">{line.level}</span>
              <span className="log-message">{line.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
