import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useJobEvents } from '../../shared/live/useJobEvents';
import { paths } from '../../shared/paths';
import { DiffList } from '../../shared/ui/DiffList';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatClock } from '../../shared/ui/format';
import { JsonBlock } from '../../shared/ui/JsonBlock';
import { jsonDiff } from '../../shared/ui/jsonDiff';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { ReplayDialog } from '../replay';
import { JOB_AT, JOB_NOW } from './queries';

export function TimeTravelPage() {
  const { id = '' } = useParams();
  return <TimeTravel key={id} id={id} />;
}

/**
 * A slider over the job's versions with a tick where each step began: the full state at the
 * chosen version, what its event changed, how it differs from now, and "Replay from here".
 */
function TimeTravel({ id }: { id: string }) {
  const { events } = useJobEvents(id);
  const now = useQuery(JOB_NOW, { variables: { id }, fetchPolicy: 'no-cache' });
  const [search, setSearch] = useSearchParams();
  const [replaying, setReplaying] = useState(false);
  const latest = Math.max(events[events.length - 1]?.sequence ?? 0, now.data?.job?.version ?? 0);
  const asked = Number(search.get('version') ?? 0);
  const version = asked >= 1 ? Math.min(asked, latest) : latest;
  const name = now.data?.job?.name;
  usePageTitle(name ? `Time travel: ${name}` : 'Time travel');
  const at = useQuery(JOB_AT, {
    variables: { jobId: id, version },
    skip: version < 1,
    fetchPolicy: 'no-cache',
  });
  const before = useQuery(JOB_AT, {
    variables: { jobId: id, version: version - 1 },
    skip: version < 2,
    fetchPolicy: 'no-cache',
  });
  const snapshot = at.data?.jobAt ?? at.previousData?.jobAt;
  const previous = version >= 2 ? (before.data?.jobAt ?? before.previousData?.jobAt) : null;
  const event = events.find((e) => e.sequence === version);
  const pick = (v: number) =>
    setSearch(v >= latest ? {} : { version: String(Math.max(1, v)) }, { replace: true });
  const ticks = events.filter((e) => e.eventType === 'JobStepStarted');

  return (
    <div className="page">
      <div className="page-header">
        <h1>Time travel{name && `: ${name}`}</h1>
        <Link to={paths.job(id)}>Back to job</Link>
      </div>
      <ErrorMessage error={now.error} />
      {latest > 0 && (
        <section className="panel" aria-labelledby="version-title">
          <h2 id="version-title">
            Version <span data-testid="tt-version">{version}</span> of {latest}
          </h2>
          <div className="slider">
            <button type="button" onClick={() => pick(version - 1)} disabled={version <= 1}>
              ◀ Earlier
            </button>
            <div className="slider-track">
              <input
                type="range"
                min={1}
                max={latest}
                value={version}
                aria-label="Version"
                list="step-ticks"
                data-testid="tt-slider"
                onChange={(e) => pick(Number(e.target.value))}
              />
              <datalist id="step-ticks">
                {ticks.map((t) => (
                  <option
                    key={t.sequence}
                    value={t.sequence}
                    label={String((t.eventData as { stepId?: string }).stepId)}
                  />
                ))}
              </datalist>
              <div className="ticks" aria-hidden="true">
                {ticks.map((t) => (
                  <span
                    key={t.sequence}
                    style={{ left: `${latest > 1 ? ((t.sequence - 1) / (latest - 1)) * 100 : 0}%` }}
                    title={String((t.eventData as { stepId?: string }).stepId)}
                  >
                    {String((t.eventData as { stepId?: string }).stepId)}
                  </span>
                ))}
              </div>
            </div>
            <button type="button" onClick={() => pick(version + 1)} disabled={version >= latest}>
              Later ▶
            </button>
            <button type="button" onClick={() => setReplaying(true)} disabled={!snapshot}>
              Replay from here
            </button>
          </div>
          {event && (
            <p data-testid="tt-event">
              Event <strong data-testid="tt-event-type">{event.eventType}</strong> at{' '}
              {formatClock(event.timestamp)} by {event.metadata.userId}
              {event.metadata.copiedFrom && <span className="badge badge-copied">copied</span>}
            </p>
          )}
        </section>
      )}
      <ErrorMessage error={at.error} title={`Could not rebuild version ${version}`} />
      {snapshot && (
        <>
          <section className="panel" aria-labelledby="changed-title">
            <h2 id="changed-title">What this event changed</h2>
            <DiffList
              changes={previous ? jsonDiff(previous.job, snapshot.job) : []}
              leftLabel={`version ${version - 1}`}
              rightLabel={`version ${version}`}
              testId="tt-changes"
            />
          </section>
          <section className="panel" aria-labelledby="to-now-title">
            <h2 id="to-now-title">From here to now</h2>
            <DiffList
              changes={now.data?.job ? jsonDiff(snapshot.job, now.data.job) : []}
              leftLabel={`version ${version}`}
              rightLabel={`now (version ${now.data?.job?.version ?? '…'})`}
            />
          </section>
          <section className="panel" aria-labelledby="state-title" aria-busy={at.loading}>
            <h2 id="state-title">
              State at version {snapshot.version}{' '}
              <span className="muted">({formatClock(snapshot.at)})</span>
            </h2>
            <p>
              Status <strong data-testid="tt-status">{snapshot.job.status}</strong>, step{' '}
              {snapshot.job.currentStep ?? '—'}
            </p>
            <JsonBlock value={snapshot.job} label="Job state" />
          </section>
        </>
      )}
      {replaying && snapshot && (
        <ReplayDialog
          job={snapshot.job}
          fromVersion={version}
          onClose={() => setReplaying(false)}
        />
      )}
    </div>
  );
}
