import type { ApolloClient } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { isGraphQLError } from '../graphql/errors';
import { graphql } from '../graphql/generated';
import type { JobEvent } from '../graphql/types';
import { openApolloStream } from './apolloStream';
import type { StreamState } from './liveState';
import { defaultRetryDelay, startResumableStream } from './resumableStream';

export const JOB_EVENTS_PAGE = graphql(`
  query JobEventsPage($jobId: ID!, $after: Int!) {
    job(id: $jobId) {
      version
    }
    jobEvents(jobId: $jobId, after: $after, first: 500) {
      ...EventFields
    }
  }
`);

/** Events per history page (the server's largest page) and pages read at once. */
const PAGE = 500;
const PARALLEL = 4;

export const JOB_EVENTS_STREAM = graphql(`
  subscription JobEventsStream($jobId: ID!, $after: String) {
    jobEvents(jobId: $jobId, after: $after) {
      ...EventFields
    }
  }
`);

export interface JobEvents {
  /** Every event of the job so far, in sequence order, each exactly once. */
  events: JobEvent[];
  stream: StreamState;
}

interface Feed extends JobEvents {
  jobId: string;
}

/**
 * A job's events: the history read in pages over HTTP (several at once: a 10,000-event job is
 * twenty pages, not ten thousand subscription messages), then the resumable `jobEvents`
 * subscription from the last event's cursor; after a dropped connection it resumes from the last
 * cursor, so there is no gap and no duplicate.
 */
export function useJobEvents(
  jobId: string,
  retryDelay: (attempt: number) => number = defaultRetryDelay,
): JobEvents {
  const client = useApolloClient();
  const [stored, setFeed] = useState<Feed>(() => empty(jobId));
  const feed = stored.jobId === jobId ? stored : empty(jobId);

  useEffect(() => {
    const update = (change: (f: Feed) => Feed) =>
      setFeed((f) => change(f.jobId === jobId ? f : empty(jobId)));
    let lastSequence = 0;
    let pending: JobEvent[] = [];
    let flush: ReturnType<typeof setTimeout> | null = null;
    // Thousands of history events arrive in a burst: render them in batches, not one by one.
    const push = (event: JobEvent) => {
      pending.push(event);
      flush ??= setTimeout(() => {
        const batch = pending;
        pending = [];
        flush = null;
        update((f) => ({ ...f, events: [...f.events, ...batch] }));
      }, 16);
    };
    let history: JobEvent[] | null = null;
    const stop = startResumableStream<JobEvent, string>({
      open: (after, sink) => {
        if (history === null && after === null) {
          // First the history by pages; the stream then starts after its last event.
          let cancelled = false;
          let close = () => {
            cancelled = true;
          };
          void readHistory(client, jobId).then(
            (events) => {
              if (cancelled) return;
              history = events;
              events.forEach((e) => sink.next(e));
              const from = events.length > 0 ? events[events.length - 1].cursor : null;
              close = openApolloStream(
                client,
                JOB_EVENTS_STREAM,
                { jobId, after: from },
                (d) => d.jobEvents,
                sink,
              );
            },
            (error: unknown) => {
              if (!cancelled) sink.error(error);
            },
          );
          return () => close();
        }
        return openApolloStream(
          client,
          JOB_EVENTS_STREAM,
          { jobId, after },
          (d) => d.jobEvents,
          sink,
        );
      },
      onItem(event) {
        if (event.sequence <= lastSequence) return false;
        lastSequence = event.sequence;
        push(event);
        return true;
      },
      cursorOf: (event) => event.cursor,
      onStatus: (status, error) => update((f) => ({ ...f, stream: { status, error } })),
      isFatal: isGraphQLError,
      retryDelay,
    });
    return () => {
      stop();
      if (flush) clearTimeout(flush);
    };
  }, [client, jobId, retryDelay]);

  return { events: feed.events, stream: feed.stream };
}

/** Every event of the job so far, read PAGE at a time, PARALLEL pages at once. */
async function readHistory(client: ApolloClient, jobId: string): Promise<JobEvent[]> {
  const page = (after: number) =>
    client
      .query({ query: JOB_EVENTS_PAGE, variables: { jobId, after }, fetchPolicy: 'no-cache' })
      .then(({ data }) => data!);
  const first = await page(0);
  const version = first.job?.version ?? 0;
  const starts: number[] = [];
  for (let after = PAGE; after < version; after += PAGE) starts.push(after);
  const rest: JobEvent[][] = [];
  for (let i = 0; i < starts.length; i += PARALLEL) {
    const batch = await Promise.all(starts.slice(i, i + PARALLEL).map(page));
    rest.push(...batch.map((p) => p.jobEvents));
  }
  return [...first.jobEvents, ...rest.flat()];
}

function empty(jobId: string): Feed {
  return { jobId, events: [], stream: { status: 'connecting' } };
}
