import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Job } from '../../shared/graphql/types';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatClock } from '../../shared/ui/format';
import { attemptOf } from './attempts';
import type { JobLogEntry, Logs } from './useJobLogs';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * The job's log lines as they arrive, filtered by level, step and text; follows the end unless
 * switched off; each line links to the attempt that wrote it; downloadable as NDJSON.
 */
export function LiveLogs({ job, logs }: { job: Job; logs: Logs }) {
  const { lines, stream } = logs;
  const [level, setLevel] = useState('');
  const [step, setStep] = useState('');
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLOListElement>(null);
  const needle = text.trim().toLowerCase();
  const minLevel = level ? LEVELS.indexOf(level) : 0;
  const shown = lines.filter(
    (line) =>
      LEVELS.indexOf(line.level) >= minLevel &&
      (!step || line.stepId === step) &&
      (!needle || line.message.toLowerCase().includes(needle)),
  );

  useEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [shown.length, follow]);

  return (
    <section className="panel" aria-labelledby="logs-title">
      <div className="panel-header">
        <h2 id="logs-title">Logs</h2>
        <span className="muted">
          {shown.length === lines.length ? lines.length : `${shown.length} of ${lines.length}`}{' '}
          lines
        </span>
      </div>
      <div className="filters">
        <label>
          Level
          <select value={level} onChange={(e) => setLevel(e.target.value)} data-testid="log-level">
            <option value="">all</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </label>
        <label>
          Step
          <select value={step} onChange={(e) => setStep(e.target.value)}>
            <option value="">all</option>
            {job.steps.map((s) => (
              <option key={s.id}>{s.id}</option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <button type="button" className="secondary" onClick={() => download(job.id, shown)}>
          Download
        </button>
      </div>
      {stream.status === 'failed' && <ErrorMessage error={stream.error} title="Log stream" />}
      {stream.status === 'reconnecting' && <p className="muted">Reconnecting to the log stream…</p>}
      {shown.length === 0 ? (
        <p className="muted">No log lines{lines.length > 0 ? ' match' : ' yet'}.</p>
      ) : (
        <ol className="logs" ref={box} data-testid="logs" tabIndex={0} aria-label="Log lines">
          {shown.map((line) => {
            const owner = job.steps.find((s) => s.id === line.stepId);
            const attempt = owner ? attemptOf(line, owner) : undefined;
            return (
              <li
                key={line.sequence}
                className={`log log-${line.level.toLowerCase()}`}
                data-testid="log-line"
              >
                <time dateTime={line.timestamp}>{formatClock(line.timestamp)}</time>
                <span className="log-level">{line.level}</span>
                {owner && attempt ? (
                  <Link to={paths.attempt(job.id, owner.id, attempt.number)} className="log-step">
                    {owner.id}#{attempt.number}
                  </Link>
                ) : (
                  <span className="log-step muted">{line.stepId ?? ''}</span>
                )}
                <span className="log-message">{line.message}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function download(jobId: string, lines: JobLogEntry[]) {
  const body = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
  const url = URL.createObjectURL(new Blob([body], { type: 'application/x-ndjson' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `job-${jobId}-logs.ndjson`;
  a.click();
  URL.revokeObjectURL(url);
}
