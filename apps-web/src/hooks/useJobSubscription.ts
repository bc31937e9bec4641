import type { ApolloClient } from '@apollo/client';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useEffectEvent, useState } from 'react';
import { isGraphQLError } from '../graphql/errors';
import { JOB, JOB_EVENTS_STREAM, JOB_STATUS_UPDATED } from '../graphql/operations';
import type { JobDetails, JobEvent, JobStatusUpdate } from '../graphql/types';
import { isTerminal } from '../graphql/types';
import { openApolloStream } from '../live/apolloStream';
import { mergeEvent } from '../live/eventLog';
import type { LiveState, StreamState } from '../live/liveState';
import { combineLiveState } from '../live/liveState';
import { defaultRetryDelay, startResumableStream } from '../live/resumableStream';

export interface JobSubscription {
  /** The job as last queried, with newer live status updates merged in; null until loaded. */
  job: JobDetails | null;
  /** Every event of the job so far, in sequence order, each exactly once. */
  events: JobEvent[];
  state: LiveState;
  error: unknown;
  notFound: boolean;
  refetch(): void;
}

export interface JobSubscriptionOptions {
  retryDelay?: (attempt: number) => number;
}

interface Feed {
  jobId: string;
  status: JobStatusUpdate | null;
  events: JobEvent[];
  statusStream: StreamState;
  eventStream: StreamState;
}

function emptyFeed(jobId: string): Feed {
  const connecting: StreamState = { status: 'connecting' };
  return { jobId, status: null, events: [], statusStream: connecting, eventStream: connecting };
}

/**
 * One job, live: the `job` query, then `jobStatusUpdated` merged into it, and the job's events
 * from the resumable `jobEvents` subscription. After a dropped connection both streams are
 * opened again (events from the last cursor), so the list has no gaps and no duplicates.
 */
export function useJobSubscription(
  jobId: string,
  { retryDelay = defaultRetryDelay }: JobSubscriptionOptions = {},
): JobSubscription {
  const client = useApolloClient();
  const query = useQuery(JOB, { variables: { id: jobId }, fetchPolicy: 'cache-and-network' });
  const [stored, setFeed] = useState<Feed>(() => emptyFeed(jobId));
  const feed = stored.jobId === jobId ? stored : emptyFeed(jobId);

  useEffect(() => {
    const update = (change: (feed: Feed) => Feed) =>
      setFeed((f) => change(f.jobId === jobId ? f : emptyFeed(jobId)));
    const job = { terminal: false };
    const stopStatus = openStatusStream(client, jobId, job, retryDelay, update);
    const stopEvents = openEventStream(client, jobId, job, retryDelay, update);
    return () => {
      stopStatus();
      stopEvents();
    };
  }, [client, jobId, retryDelay]);

  const base = query.data?.job ?? null;
  const job = base ? mergeStatus(base, feed.status) : null;
  const latestVersion = Math.max(
    feed.status?.version ?? 0,
    feed.events[feed.events.length - 1]?.sequence ?? 0,
  );
  useCatchUp(base?.version, latestVersion, query.refetch);

  const notFound = query.data !== undefined && query.data.job === null;
  const loadError = notFound ? new Error(`No job with id ${jobId}`) : base ? null : query.error;
  const { state, error } = combineLiveState(!query.data, loadError, [
    feed.statusStream,
    feed.eventStream,
  ]);
  return { job, events: feed.events, state, error, notFound, refetch: () => void query.refetch() };
}

function mergeStatus(job: JobDetails, update: JobStatusUpdate | null): JobDetails {
  if (!update || update.version < job.version) return job;
  return {
    ...job,
    status: update.status,
    currentStep: update.currentStep,
    progress: update.progress ?? job.progress,
    version: update.version,
  };
}

type FeedUpdate = (change: (feed: Feed) => Feed) => void;

/** Shared by a job's two streams: once the job has ended, a stream the server completes stays closed. */
interface StreamedJob {
  terminal: boolean;
}

function openStatusStream(
  client: ApolloClient,
  jobId: string,
  job: StreamedJob,
  retryDelay: (attempt: number) => number,
  update: FeedUpdate,
): () => void {
  return startResumableStream<JobStatusUpdate, never>({
    open: (_cursor, sink) =>
      openApolloStream(client, JOB_STATUS_UPDATED, { jobId }, (d) => d.jobStatusUpdated, sink),
    onItem(status) {
      job.terminal = isTerminal(status.status);
      update((f) => (f.status && f.status.version > status.version ? f : { ...f, status }));
      return true;
    },
    cursorOf: () => null,
    onStatus: (status, error) => update((f) => ({ ...f, statusStream: { status, error } })),
    isFatal: isGraphQLError,
    retryDelay,
    confirmedByFirstItem: true,
    resumeAfterComplete: () => !job.terminal,
  });
}

function openEventStream(
  client: ApolloClient,
  jobId: string,
  job: StreamedJob,
  retryDelay: (attempt: number) => number,
  update: FeedUpdate,
): () => void {
  // Sequences already delivered on this stream, so the cursor only ever moves forward.
  let lastSequence = 0;
  return startResumableStream<JobEvent, string>({
    open: (after, sink) =>
      openApolloStream(client, JOB_EVENTS_STREAM, { jobId, after }, (d) => d.jobEvents, sink),
    onItem(event) {
      update((f) => ({ ...f, events: mergeEvent(f.events, event) }));
      if (event.sequence <= lastSequence) return false;
      lastSequence = event.sequence;
      return true;
    },
    cursorOf: (event) => event.cursor,
    onStatus: (status, error) => update((f) => ({ ...f, eventStream: { status, error } })),
    isFatal: isGraphQLError,
    retryDelay,
    resumeAfterComplete: () => !job.terminal,
  });
}

/**
 * Steps, plan and artifact come from the `job` query: while the live streams show a newer version
 * than the query returned, query again, with growing pauses while the read model lags behind.
 */
function useCatchUp(have: number | undefined, latest: number, refetch: () => Promise<unknown>) {
  const [round, setRound] = useState(0);
  const [lastHave, setLastHave] = useState(have);
  if (lastHave !== have) {
    setLastHave(have);
    setRound(0);
  }
  const behind = have !== undefined && latest > have;
  const refetchNow = useEffectEvent(() => {
    void refetch().finally(() => setRound((r) => r + 1));
  });
  useEffect(() => {
    if (!behind) return;
    const timer = setTimeout(refetchNow, Math.min(200 * 2 ** Math.min(round, 5), 5_000));
    return () => clearTimeout(timer);
  }, [behind, have, round]);
}
