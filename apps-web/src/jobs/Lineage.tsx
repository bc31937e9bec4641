import type { JobDetails } from '../graphql/types';
import { Link } from '../routing/Link';
import { paths } from '../routing/router';
import { StatusBadge } from '../ui/StatusBadge';

/** Where a replayed job came from, and the replays made of this one. */
export function Lineage({ job }: { job: JobDetails }) {
  const origin = job.replayOf;
  if (!origin && job.replays.length === 0) return null;
  return (
    <section className="panel lineage" aria-labelledby="lineage-title">
      <h2 id="lineage-title">Lineage</h2>
      {origin && (
        <p data-testid="replay-of">
          Replay of <Link to={paths.job(origin.jobId)}>{origin.job?.name ?? origin.jobId}</Link>{' '}
          from version {origin.version}.{' '}
          <Link to={paths.compare(origin.jobId, job.id)} data-testid="compare-with-original">
            Compare with original
          </Link>
        </p>
      )}
      {job.replays.length > 0 && (
        <>
          <h3>Replays of this job</h3>
          <ul>
            {job.replays.map((replay) => (
              <li key={replay.id}>
                <Link to={paths.job(replay.id)}>{replay.name}</Link>{' '}
                <StatusBadge status={replay.status} />{' '}
                <Link to={paths.compare(job.id, replay.id)}>Compare</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
