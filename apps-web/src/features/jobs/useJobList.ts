import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import type {
  JobFilter,
  JobSummaryFieldsFragment,
  JobsQuery,
} from '../../shared/graphql/generated/graphql';
import type { JobSort, JobStatus } from '../../shared/graphql/types';
import { JOB_STATUSES } from '../../shared/graphql/types';
import { JOB_SUMMARIES_CHANGED, JOBS } from './queries';

export type JobRow = JobSummaryFieldsFragment;
export type StatusCounts = JobsQuery['jobs']['counts'];

export const PAGE_SIZE = 50;
const RESUBSCRIBE_MS = 1_000;

export interface JobList {
  rows: JobRow[];
  /** Jobs matching the whole filter (every page). */
  total: number;
  /** Jobs per status for the filter's name (the status tabs). */
  counts: StatusCounts;
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  loadMore(): void;
}

interface State {
  key: string;
  rows: JobRow[];
  counts: StatusCounts;
  endCursor: string | null;
  hasMore: boolean;
  loading: boolean;
  error: unknown;
}

/**
 * The job list, a page at a time through the cursor, kept current by `jobSummariesChanged`: a
 * changed job is updated in place, a new or newly matching one is put where the sort puts it, and
 * the counts follow. No polling.
 */
export function useJobList(filter: JobFilter, sort: JobSort): JobList {
  const client = useApolloClient();
  const key = JSON.stringify([filter, sort]);
  const [state, setState] = useState<State>(() => initial(key));
  const current = state.key === key ? state : initial(key);

  const load = useCallback(
    async (after: string | null) => {
      setState((s) => ({ ...(s.key === key ? s : initial(key)), loading: true }));
      try {
        const { data } = await client.query({
          query: JOBS,
          variables: { filter, sort, first: PAGE_SIZE, after },
          fetchPolicy: 'network-only',
        });
        const page = data!.jobs;
        setState((s) => {
          const base = s.key === key ? s : initial(key);
          const known = new Set(after ? base.rows.map((r) => r.id) : []);
          const rows = [
            ...(after ? base.rows : []),
            ...page.edges.map((e) => e.node).filter((r) => !known.has(r.id)),
          ];
          return {
            ...base,
            rows,
            counts: page.counts,
            endCursor: page.pageInfo.endCursor,
            hasMore: page.pageInfo.hasNextPage,
            loading: false,
            error: null,
          };
        });
      } catch (error) {
        setState((s) => ({ ...(s.key === key ? s : initial(key)), loading: false, error }));
      }
    },
    // key stands for filter and sort.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, key],
  );

  useEffect(() => {
    void load(null);
    let subscription: { unsubscribe(): void } | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const follow = () => {
      subscription = client
        .subscribe({ query: JOB_SUMMARIES_CHANGED, variables: { filter } })
        .subscribe({
          next(result) {
            const change = result.data?.jobSummariesChanged;
            if (!change) return;
            // The first message carries only the counts as they are now: while the page is
            // loading, the page brings them with its rows, so counts never run ahead of rows.
            setState((s) =>
              s.key !== key || (s.loading && change.jobs.length === 0)
                ? s
                : apply(s, change.jobs, change.counts, filter, sort),
            );
          },
          // A dropped connection or a RESYNC: changes were missed, so read the list again.
          error() {
            retry = setTimeout(() => {
              void load(null);
              follow();
            }, RESUBSCRIBE_MS);
          },
        });
    };
    follow();
    return () => {
      if (retry) clearTimeout(retry);
      subscription?.unsubscribe();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, load]);

  const statuses = filter.status ?? [];
  const total = current.counts
    .filter((c) => statuses.length === 0 || statuses.includes(c.status))
    .reduce((sum, c) => sum + c.count, 0);
  return {
    rows: current.rows,
    total,
    counts: current.counts,
    hasMore: current.hasMore,
    loading: current.loading,
    error: current.error,
    loadMore: () => {
      if (current.endCursor) void load(current.endCursor);
    },
  };
}

function initial(key: string): State {
  return {
    key,
    rows: [],
    counts: JOB_STATUSES.map((status) => ({ status, count: 0 })),
    endCursor: null,
    hasMore: false,
    loading: true,
    error: null,
  };
}

/** Applies changed summaries to the loaded rows as the server's order would place them. */
export function apply(
  state: State,
  changed: JobRow[],
  counts: StatusCounts,
  filter: JobFilter,
  sort: JobSort,
): State {
  let rows = state.rows;
  for (const job of changed) {
    const index = rows.findIndex((r) => r.id === job.id);
    const matches = matchesFilter(job, filter);
    if (index >= 0 && !matches) {
      rows = rows.filter((r) => r.id !== job.id);
    } else if (index >= 0 && sort === 'UPDATED') {
      rows = [job, ...rows.filter((r) => r.id !== job.id)];
    } else if (index >= 0) {
      rows = rows.map((r) => (r.id === job.id ? job : r));
    } else if (matches && sort !== 'DURATION' && isNewest(job, rows, sort)) {
      rows = [job, ...rows];
    }
  }
  return { ...state, rows, counts };
}

function isNewest(job: JobRow, rows: JobRow[], sort: JobSort): boolean {
  if (rows.length === 0) return true;
  const time = (r: JobRow) => Date.parse(sort === 'UPDATED' ? r.updatedAt : r.createdAt);
  return time(job) >= time(rows[0]);
}

export function matchesFilter(job: JobRow, filter: JobFilter): boolean {
  const statuses = (filter.status ?? []) as JobStatus[];
  const name = filter.nameContains?.toLowerCase();
  return (
    (statuses.length === 0 || statuses.includes(job.status)) &&
    (!name || job.name.toLowerCase().includes(name))
  );
}
