import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { isGraphQLError } from '../../shared/graphql/errors';
import { JOB_LOGS_STREAM } from './queries';
import type { JobLogsStreamSubscription } from '../../shared/graphql/generated/graphql';

import { openApolloStream } from '../../shared/live/apolloStream';
import type { StreamState } from '../../shared/live/liveState';
import { defaultRetryDelay, startResumableStream } from '../../shared/live/resumableStream';

export type JobLogEntry = NonNullable<JobLogsStreamSubscription['jobLogsStream']>;

const MAX_LINES = 5_000;

export interface Logs {
  jobId: string;
  lines: JobLogEntry[];
  stream: StreamState;
}

/** A job's log lines from `jobLogsStream`, resumed after the last sequence on reconnect. */
export function useJobLogs(jobId: string): Logs {
  const client = useApolloClient();
  const [stored, setLogs] = useState<Logs>(() => empty(jobId));
  const logs = stored.jobId === jobId ? stored : empty(jobId);

  useEffect(() => {
    const update = (change: (logs: Logs) => Logs) =>
      setLogs((l) => change(l.jobId === jobId ? l : empty(jobId)));
    let lastSequence = 0;
    return startResumableStream<JobLogEntry, number>({
      open: (after, sink) =>
        openApolloStream(client, JOB_LOGS_STREAM, { jobId, after }, (d) => d.jobLogsStream, sink),
      onItem(line) {
        if (line.sequence <= lastSequence) return false;
        lastSequence = line.sequence;
        update((l) => (isNewer(l.lines, line) ? { ...l, lines: appendLine(l.lines, line) } : l));
        return true;
      },
      cursorOf: (line) => line.sequence,
      onStatus: (status, error) => update((l) => ({ ...l, stream: { status, error } })),
      isFatal: isGraphQLError,
      retryDelay: defaultRetryDelay,
    });
  }, [client, jobId]);

  return logs;
}

function isNewer(lines: JobLogEntry[], line: JobLogEntry): boolean {
  return lines.length === 0 || lines[lines.length - 1].sequence < line.sequence;
}

function appendLine(lines: JobLogEntry[], line: JobLogEntry): JobLogEntry[] {
  return lines.length < MAX_LINES ? [...lines, line] : [...lines.slice(1), line];
}

function empty(jobId: string): Logs {
  return { jobId, lines: [], stream: { status: 'connecting' } };
}
