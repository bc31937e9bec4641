import { useState } from 'react';
import type { JobEvent } from '../graphql/types';
import { formatTime } from '../ui/format';
import { JsonBlock } from '../ui/JsonBlock';

interface Props {
  event: JobEvent;
  /** The event of this job that caused this one, when the causation id names one. */
  causedBy?: JobEvent;
  /** Shows every event of a trace. */
  onTrace(traceId: string): void;
}

export function EventRow({ event, causedBy, onTrace }: Props) {
  const [open, setOpen] = useState(false);
  const { metadata } = event;
  return (
    <>
      <tr id={`event-${event.sequence}`} data-testid="event-row" data-sequence={event.sequence}>
        <td>{event.sequence}</td>
        <td data-testid="event-type">{event.eventType}</td>
        <td>
          <time dateTime={event.timestamp}>{formatTime(event.timestamp)}</time>
        </td>
        <td>{metadata.userId}</td>
        <td>{metadata.instanceId ?? '—'}</td>
        <td>
          {metadata.traceId ? (
            <button
              type="button"
              className="link-button mono"
              title="Show every event of this trace"
              onClick={() => onTrace(metadata.traceId!)}
            >
              {metadata.traceId.slice(0, 12)}
            </button>
          ) : (
            '—'
          )}
        </td>
        <td>
          {causedBy ? (
            <a href={`#event-${causedBy.sequence}`} onClick={(e) => scrollTo(e, causedBy)}>
              #{causedBy.sequence} {causedBy.eventType}
            </a>
          ) : (
            <span className="mono">{metadata.causationId?.slice(0, 12) ?? '—'}</span>
          )}
        </td>
        <td>
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide' : 'JSON'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="details" data-testid="event-details">
          <td colSpan={8}>
            <div className="two">
              <div>
                <h3>Event data</h3>
                <JsonBlock value={event.eventData} label="Event data" />
              </div>
              <div>
                <h3>Metadata</h3>
                <JsonBlock
                  value={{ id: event.id, position: event.position, ...metadata }}
                  label="Metadata"
                />
              </div>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

// The page's links are hash routes, so an in-page anchor must not change the hash.
function scrollTo(e: React.MouseEvent, target: JobEvent) {
  e.preventDefault();
  document.getElementById(`event-${target.sequence}`)?.scrollIntoView({ block: 'center' });
}
