import { useState } from 'react';
import { useJobSubscription } from '../hooks/useJobSubscription';
import { Link } from '../routing/Link';
import { paths } from '../routing/router';
import { ErrorMessage } from '../ui/ErrorMessage';
import { LiveIndicator } from '../ui/LiveIndicator';
import { EventRow } from './EventRow';
import { filterEvents } from './filterEvents';
import { ExportButton } from './ExportButton';
import { VerifyPanel } from './VerifyPanel';

export function AuditPage({ id }: { id: string }) {
  const { job, events, state, error } = useJobSubscription(id);
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const types = [...new Set(events.map((e) => e.eventType))].sort();
  const shown = filterEvents(events, type, text);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Audit trail{job && `: ${job.name}`}</h1>
        <LiveIndicator state={state} />
        <Link to={paths.job(id)}>Back to job</Link>
      </div>
      <ErrorMessage error={error} />
      <div className="toolbar">
        <ExportButton jobId={id} />
        <VerifyPanel jobId={id} />
      </div>
      <section className="panel" aria-labelledby="events-title">
        <h2 id="events-title">
          Events{' '}
          <span className="muted">
            (
            {shown.length === events.length ? events.length : `${shown.length} of ${events.length}`}
            )
          </span>
        </h2>
        <div className="filters">
          <label>
            Event type
            <select
              value={type}
              onChange={(e) => setType(e.target.value)}
              data-testid="type-filter"
            >
              <option value="">all</option>
              {types.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label>
            Search
            <input
              type="search"
              value={text}
              placeholder="user, trace id, data…"
              onChange={(e) => setText(e.target.value)}
              data-testid="text-filter"
            />
          </label>
        </div>
        <table className="table events" data-testid="event-list">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Type</th>
              <th scope="col">Time</th>
              <th scope="col">User</th>
              <th scope="col">Instance</th>
              <th scope="col">Trace</th>
              <th scope="col">Caused by</th>
              <th scope="col">
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => (
              <EventRow
                key={event.sequence}
                event={event}
                causedBy={events.find((e) => e.id === event.metadata.causationId)}
                onTrace={setText}
              />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
