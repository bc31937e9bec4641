import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { isGraphQLError } from '../../shared/graphql/errors';
import type { JobQuery } from '../../shared/graphql/generated/graphql';
import type { Job } from '../../shared/graphql/types';
import { isTerminal } from '../../shared/graphql/types';
import { openApolloStream } from '../../shared/live/apolloStream';
import type { LiveState, StreamState } from '../../shared/live/liveState';
import { combineLiveState } from '../../shared/live/liveState';
import { defaultRetryDelay, startResumableStream } from '../../shared/live/resumableStream';
import { JOB, JOB_STATUS_UPDATED } from './queries';

export type Replays = NonNullable<JobQuery['job']>['replays'];

export interface JobSubscription {
  /** The job as the server last folded it (query or push, whichever is newer); null until loaded. */
  job: Job | null;
  /** Jobs forked from this one, from the query. */
  replays: Replays;
  state: LiveState;
  error: unknown;
  notFound: boolean;
  refetch(): void;
}

export interface JobSubscriptionOptions {
  retryDelay?: (attempt: number) => number;
}

interface Pushed {
  jobId: string;
  job: Job | null;
  stream: StreamState;
}

/**
 * One job, live, from one source of truth: the server's view of the job. The `job` query gives
 * the first paint; `jobStatusUpdated` then pushes the whole view after every batch of events (and
 * first the current one, so a reconnect can never leave a gap). Whichever is newer is shown, so
 * the page always equals a fresh load at that version; nothing is folded in the browser.
 */
export function useJobSubscription(
  jobId: string,
  { retryDelay = defaultRetryDelay }: JobSubscriptionOptions = {},
): JobSubscription {
  const client = useApolloClient();
  // Not from the cache: other pages cache parts of a job (its name, its version) that must never pass
  // for the whole of it.
  const query = useQuery(JOB, { variables: { id: jobId }, fetchPolicy: 'no-cache' });
  const [stored, setPushed] = useState<Pushed>(() => empty(jobId));
  const pushed = stored.jobId === jobId ? stored : empty(jobId);

  useEffect(() => {
    const update = (change: (p: Pushed) => Pushed) =>
      setPushed((p) => change(p.jobId === jobId ? p : empty(jobId)));
    let terminal = false;
    return startResumableStream<Job, never>({
      open: (_cursor, sink) =>
        openApolloStream(
          client,
          JOB_STATUS_UPDATED,
          { jobId },
          (d) => d.jobStatusUpdated?.job,
          sink,
        ),
      onItem(job) {
        terminal = isTerminal(job.status);
        update((p) => (p.job && p.job.version > job.version ? p : { ...p, job }));
        return true;
      },
      cursorOf: () => null,
      onStatus: (status, error) => update((p) => ({ ...p, stream: { status, error } })),
      isFatal: isGraphQLError,
      retryDelay,
      confirmedByFirstItem: true,
      resumeAfterComplete: () => !terminal,
    });
  }, [client, jobId, retryDelay]);

  const queried = query.data?.job ?? null;
  const job = newer(queried, pushed.job);
  const notFound = query.data !== undefined && query.data.job === null;
  const loadError = notFound ? new Error(`No job with id ${jobId}`) : job ? null : query.error;
  const { state, error } = combineLiveState(!job, loadError, [pushed.stream]);
  return {
    job,
    replays: queried?.replays ?? [],
    state,
    error,
    notFound,
    refetch: () => void query.refetch(),
  };
}

function newer(a: Job | null, b: Job | null): Job | null {
  if (!a) return b;
  if (!b) return a;
  return b.version >= a.version ? b : a;
}

function empty(jobId: string): Pushed {
  return { jobId, job: null, stream: { status: 'connecting' } };
}
