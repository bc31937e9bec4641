import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { JOB_AT } from '../graphql/operations';
import { useJobSubscription } from '../hooks/useJobSubscription';
import { Link } from '../routing/Link';
import { paths } from '../routing/router';
import { ErrorMessage } from '../ui/ErrorMessage';
import { formatTime } from '../ui/format';
import { JsonBlock } from '../ui/JsonBlock';
import { LiveIndicator } from '../ui/LiveIndicator';
import { JobStateView } from './JobStateView';

/** A slider over the job's versions; shows the full state as of the chosen one. */
export function TimeTravelPage({ id }: { id: string }) {
  const { job, events, state, error } = useJobSubscription(id);
  // null follows the latest version while the job is still writing events.
  const [picked, setPicked] = useState<number | null>(null);
  const latest = Math.max(events[events.length - 1]?.sequence ?? 0, job?.version ?? 0);
  const version = Math.min(picked ?? latest, latest);
  const event = events.find((e) => e.sequence === version);
  const at = useQuery(JOB_AT, {
    variables: { jobId: id, version },
    skip: version < 1,
    // The past state of a job has the job's id: keep it out of the normalized cache.
    fetchPolicy: 'no-cache',
  });
  const snapshot = at.data?.jobAt ?? at.previousData?.jobAt;
  const pick = (v: number) => setPicked(v >= latest ? null : Math.max(1, v));

  return (
    <div className="page">
      <div className="page-header">
        <h1>Time travel{job && `: ${job.name}`}</h1>
        <LiveIndicator state={state} />
        <Link to={paths.job(id)}>Back to job</Link>
      </div>
      <ErrorMessage error={error} />
      {latest > 0 && (
        <section className="panel" aria-labelledby="version-title">
          <h2 id="version-title">
            Version <span data-testid="tt-version">{version}</span> of {latest}
          </h2>
          <div className="slider">
            <button type="button" onClick={() => pick(version - 1)} disabled={version <= 1}>
              ◀ Earlier
            </button>
            <input
              type="range"
              min={1}
              max={latest}
              value={version}
              aria-label="Version"
              data-testid="tt-slider"
              onChange={(e) => pick(Number(e.target.value))}
            />
            <button type="button" onClick={() => pick(version + 1)} disabled={version >= latest}>
              Later ▶
            </button>
          </div>
          {event && (
            <div data-testid="tt-event">
              <p>
                Event <strong data-testid="tt-event-type">{event.eventType}</strong> at{' '}
                {formatTime(event.timestamp)} by {event.metadata.userId}
              </p>
              <details>
                <summary>Event data</summary>
                <JsonBlock value={event.eventData} label="Event data" />
              </details>
            </div>
          )}
        </section>
      )}
      <ErrorMessage error={at.error} title={`Could not rebuild version ${version}`} />
      {snapshot && (
        <section className="panel" aria-labelledby="state-title" aria-busy={at.loading}>
          <h2 id="state-title">
            State at version {snapshot.version}{' '}
            <span className="muted">({formatTime(snapshot.at)})</span>
          </h2>
          <JobStateView job={snapshot.job} />
        </section>
      )}
    </div>
  );
}
