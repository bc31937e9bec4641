import { useEffect, useRef } from 'react';
import { useJobLogs } from '../hooks/useJobLogs';
import { ErrorMessage } from '../ui/ErrorMessage';

/** The job's log lines as they arrive; keeps scrolled to the bottom unless the reader scrolled up. */
export function LiveLogs({ jobId }: { jobId: string }) {
  const { lines, stream } = useJobLogs(jobId);
  const box = useRef<HTMLOListElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  return (
    <section className="panel" aria-labelledby="logs-title">
      <h2 id="logs-title">Logs</h2>
      {stream.status === 'failed' && <ErrorMessage error={stream.error} title="Log stream" />}
      {stream.status === 'reconnecting' && <p className="muted">Reconnecting to the log stream…</p>}
      {lines.length === 0 ? (
        <p className="muted">No log lines yet.</p>
      ) : (
        <ol
          className="logs"
          ref={box}
          data-testid="logs"
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {lines.map((line) => (
            <li
              key={line.sequence}
              className={`log log-${line.level.toLowerCase()}`}
              data-testid="log-line"
            >
              <time dateTime={line.timestamp}>{new Date(line.timestamp).toLocaleTimeString()}</time>
              <span className="log-level">{line.level}</span>
              {line.stepId && <span className="muted">{line.stepId}</span>}
              <span className="log-message">{line.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
