import { useQuery } from '@apollo/client/react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { JobEvent } from '../../shared/graphql/types';
import { combineLiveState } from '../../shared/live/liveState';
import { useJobEvents } from '../../shared/live/useJobEvents';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { LiveIndicator } from '../../shared/ui/LiveIndicator';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { EventRow } from './EventRow';
import { ExportButton } from './ExportButton';
import { filterEvents } from './filterEvents';
import { AUDIT_JOB } from './queries';
import { VerifyPanel } from './VerifyPanel';

export function AuditPage() {
  const { id = '' } = useParams();
  return <AuditTrail key={id} id={id} />;
}

/**
 * The job's full history, virtualized so 10,000 events scroll smoothly: millisecond times with
 * the gap to the previous event, who and where, trace links, copied events marked, failures
 * highlighted, JSON on demand, and a deep link to each event (?event=N).
 */
function AuditTrail({ id }: { id: string }) {
  const job = useQuery(AUDIT_JOB, { variables: { id } });
  const { events, stream } = useJobEvents(id);
  const [search, setSearch] = useSearchParams();
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const name = job.data?.job?.name;
  usePageTitle(name ? `Audit trail: ${name}` : 'Audit trail');
  const linked = Number(search.get('event') ?? 0);
  const types = [...new Set(events.map((e) => e.eventType))].sort();
  const shown = filterEvents(events, type, text);
  const { state, error } = combineLiveState(!job.data, job.error, [stream]);
  const traceUrl = job.data?.consoleSettings.traceUrlTemplate ?? null;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Audit trail{name && `: ${name}`}</h1>
        <LiveIndicator state={state} />
        <Link to={paths.job(id)}>Back to job</Link>
      </div>
      <ErrorMessage error={error} />
      <div className="toolbar">
        <ExportButton jobId={id} />
        <VerifyPanel jobId={id} />
      </div>
      {job.data?.job?.replayOf && (
        <p className="note-copied" data-testid="copied-note">
          A replay of{' '}
          <Link to={paths.job(job.data.job.replayOf.jobId)}>{job.data.job.replayOf.jobId}</Link>:
          versions 2–{job.data.job.replayOf.version} are copies of the original&apos;s events, with
          their original times, principals and traces (marked <em>copied</em>); see docs/replay.md.
        </p>
      )}
      <section className="panel" aria-labelledby="events-title">
        <h2 id="events-title">
          Events{' '}
          <span className="muted" data-testid="event-count">
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
        <EventList
          events={shown}
          all={events}
          linked={linked}
          traceUrl={traceUrl}
          onLink={(sequence) => setSearch({ event: String(sequence) }, { replace: true })}
          onTrace={setText}
        />
      </section>
    </div>
  );
}

/**
 * The event before this one that the gap is measured to: the previous new event for a new one,
 * the previous copy for a copy (copies keep the original's times, so a gap across the two kinds
 * would not be time passing).
 */
function previousOfKind(events: JobEvent[], index: number): JobEvent | undefined {
  const copied = Boolean(events[index].metadata.copiedFrom);
  for (let i = index - 1; i >= 0; i--) {
    if (Boolean(events[i].metadata.copiedFrom) === copied) return events[i];
  }
  return undefined;
}

interface ListProps {
  events: JobEvent[];
  all: JobEvent[];
  linked: number;
  traceUrl: string | null;
  onLink(sequence: number): void;
  onTrace(traceId: string): void;
}

function EventList({ events, all, linked, traceUrl, onLink, onTrace }: ListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<Set<number>>(() => new Set(linked ? [linked] : []));
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 44,
    overscan: 12,
    getItemKey: (index) => events[index].sequence,
  });
  const linkedIndex = events.findIndex((e) => e.sequence === linked);
  const scrolled = useRef(false);
  useEffect(() => {
    if (linkedIndex >= 0 && !scrolled.current) {
      scrolled.current = true;
      virtualizer.scrollToIndex(linkedIndex, { align: 'center' });
    }
  }, [linkedIndex, virtualizer]);
  const byId = new Map(all.map((e) => [e.id, e]));

  return (
    <div className="event-list" role="table" aria-label="Events" data-testid="event-list">
      <div role="rowgroup">
        <div className="event-head" role="row">
          <span role="columnheader">#</span>
          <span role="columnheader">Type</span>
          <span role="columnheader">Time</span>
          <span role="columnheader">+Δ</span>
          <span role="columnheader">Who</span>
          <span role="columnheader">Trace</span>
          <span role="columnheader">
            <span className="sr-only">Details</span>
          </span>
        </div>
      </div>
      <div
        className="event-scroll"
        ref={scroller}
        data-testid="event-scroll"
        tabIndex={0}
        role="rowgroup"
        aria-label="Events, scrollable"
      >
        <div
          style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
          role="presentation"
        >
          {virtualizer.getVirtualItems().map((item) => {
            const event = events[item.index];
            const previous = previousOfKind(events, item.index);
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="event-slot"
                role="presentation"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <EventRow
                  event={event}
                  previous={previous}
                  causedBy={byId.get(event.metadata.causationId ?? '')}
                  open={open.has(event.sequence)}
                  linked={event.sequence === linked}
                  traceUrl={traceUrl}
                  onToggle={() => {
                    const next = new Set(open);
                    if (next.has(event.sequence)) next.delete(event.sequence);
                    else next.add(event.sequence);
                    setOpen(next);
                  }}
                  onLink={() => onLink(event.sequence)}
                  onTrace={onTrace}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
