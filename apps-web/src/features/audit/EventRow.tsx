import type { JobEvent } from '../../shared/graphql/types';
import { formatClock, formatDuration } from '../../shared/ui/format';
import { JsonBlock } from '../../shared/ui/JsonBlock';

interface Props {
  event: JobEvent;
  /** The event the gap is measured to (of the same kind: copied or new). */
  /** The event the gap is measured to (of the same kind: copied or new). */
  previous?: JobEvent;
  /** The event of this job that caused this one, when the causation id names one. */
  causedBy?: JobEvent;
  open: boolean;
  linked: boolean;
  traceUrl: string | null;
  onToggle(): void;
  onLink(): void;
  /** Shows every event of a trace. */
  onTrace(traceId: string): void;
}

const FAILURES = ['JobStepFailed', 'JobFailed', 'JobCancelled'];

export function EventRow({
  event,
  previous,
  causedBy,
  open,
  linked,
  traceUrl,
  onToggle,
  onLink,
  onTrace,
}: Props) {
  const { metadata } = event;
  const copied = metadata.copiedFrom;
  const delta = previous ? Date.parse(event.timestamp) - Date.parse(previous.timestamp) : null;
  const classes = [
    'event-row',
    FAILURES.includes(event.eventType) ? 'failure' : '',
    copied ? 'copied' : '',
    linked ? 'linked' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      role="row"
      id={`event-${event.sequence}`}
      data-testid="event-row"
      data-sequence={event.sequence}
    >
      <span role="cell">
        <a
          href={`#/jobs/${encodeURIComponent(event.jobId)}/audit?event=${event.sequence}`}
          onClick={(e) => {
            e.preventDefault();
            onLink();
          }}
          title="Link to this event"
        >
          {event.sequence}
        </a>
      </span>
      <span role="cell" data-testid="event-type" className="event-type">
        {event.eventType}
        {copied && (
          <span
            className="badge badge-copied"
            title={`copied from ${copied.jobId} version ${copied.version}`}
          >
            copied
          </span>
        )}
      </span>
      <span role="cell">
        <time dateTime={event.timestamp}>{formatClock(event.timestamp)}</time>
      </span>
      <span role="cell" className="muted">
        {delta !== null ? `+${formatDuration(delta)}` : copied ? 'original time' : ''}
      </span>
      <span role="cell" className="who">
        {metadata.userId}
        <span className="muted"> @ {metadata.instanceId ?? '—'}</span>
      </span>
      <span role="cell">
        {metadata.traceId ? (
          traceUrl ? (
            <a
              className="mono"
              href={traceUrl.replace('{traceId}', metadata.traceId)}
              target="_blank"
              rel="noreferrer"
            >
              {metadata.traceId.slice(0, 12)}
            </a>
          ) : (
            <button
              type="button"
              className="link-button mono"
              title="Show every event of this trace"
              onClick={() => onTrace(metadata.traceId!)}
            >
              {metadata.traceId.slice(0, 12)}
            </button>
          )
        ) : (
          '—'
        )}
      </span>
      <span role="cell">
        <button type="button" className="secondary small" aria-expanded={open} onClick={onToggle}>
          {open ? 'Hide' : 'JSON'}
        </button>
      </span>
      {open && (
        <div className="event-details two" data-testid="event-details" role="cell">
          <JsonBlock value={event.eventData} label="Event data" />
          <JsonBlock
            value={{
              id: event.id,
              position: event.position,
              causedBy: causedBy ? `#${causedBy.sequence} ${causedBy.eventType}` : undefined,
              ...metadata,
            }}
            label="Metadata"
          />
        </div>
      )}
    </div>
  );
}
