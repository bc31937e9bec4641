import { ApolloProvider } from '@apollo/client/react';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeServer } from '../test/FakeServer';
import { eventFixture, jobFixture, statusFixture } from '../test/fixtures';
import { useJobSubscription } from './useJobSubscription';

const fastRetry = () => 5;

describe('useJobSubscription', () => {
  let server: FakeServer;
  let job = jobFixture();

  beforeEach(() => {
    server = new FakeServer();
    job = jobFixture();
    server.onQuery('Job', () => ({ data: { job } }));
  });

  const render = () =>
    renderHook(() => useJobSubscription('job-1', { retryDelay: fastRetry }), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <ApolloProvider client={server.client}>{children}</ApolloProvider>
      ),
    });

  const goLive = async (result: { current: ReturnType<typeof useJobSubscription> }) => {
    await waitFor(() => expect(result.current.job).not.toBeNull());
    act(() => server.push('JobStatusUpdated', { jobStatusUpdated: statusFixture() }));
    await waitFor(() => expect(result.current.state).toBe('live'));
  };

  it('is loading until the job is queried and the first status arrives, then live', async () => {
    const { result } = render();
    expect(result.current.state).toBe('loading');
    expect(result.current.job).toBeNull();

    await waitFor(() => expect(result.current.job?.name).toBe('Reverse a string'));
    expect(result.current.state).toBe('loading');

    act(() =>
      server.push('JobStatusUpdated', {
        jobStatusUpdated: statusFixture({ status: 'PAUSED', progress: 0.5, version: 2 }),
      }),
    );
    await waitFor(() => expect(result.current.state).toBe('live'));
    expect(result.current.job?.status).toBe('PAUSED');
    expect(result.current.job?.progress).toBe(0.5);
  });

  it('merges newer status updates into the job and queries again for the rest', async () => {
    const { result } = render();
    await goLive(result);
    const queriesBefore = server.queries.length;

    job = jobFixture({ status: 'COMPLETED', version: 9, progress: 1, artifact: 'done' });
    act(() =>
      server.push('JobStatusUpdated', {
        jobStatusUpdated: statusFixture({ status: 'COMPLETED', progress: 1, version: 9 }),
      }),
    );
    expect(result.current.job?.status).toBe('COMPLETED');
    expect(result.current.job?.progress).toBe(1);
    await waitFor(() => expect(result.current.job?.artifact).toBe('done'));
    expect(server.queries.length).toBeGreaterThan(queriesBefore);
  });

  it('ignores a status update older than the job it already has', async () => {
    job = jobFixture({ status: 'COMPLETED', version: 9, progress: 1 });
    const { result } = render();
    await waitFor(() => expect(result.current.job).not.toBeNull());
    act(() =>
      server.push('JobStatusUpdated', {
        jobStatusUpdated: statusFixture({ status: 'RUNNING', version: 4 }),
      }),
    );
    await waitFor(() => expect(result.current.state).toBe('live'));
    expect(result.current.job?.status).toBe('COMPLETED');
  });

  it('delivers the event history in order', async () => {
    const { result } = render();
    await goLive(result);
    expect(server.open('JobEventsStream')[0].variables).toMatchObject({
      jobId: 'job-1',
      after: null,
    });

    act(() =>
      [1, 2, 3].forEach((n) => server.push('JobEventsStream', { jobEvents: eventFixture(n) })),
    );

    await waitFor(() => expect(result.current.events.map((e) => e.sequence)).toEqual([1, 2, 3]));
  });

  it('reconnects after a dropped connection and resumes from the last cursor without gaps or duplicates', async () => {
    const { result } = render();
    await goLive(result);
    act(() =>
      [1, 2, 3].forEach((n) => server.push('JobEventsStream', { jobEvents: eventFixture(n) })),
    );
    await waitFor(() => expect(result.current.events).toHaveLength(3));

    act(() => server.dropConnection());
    expect(result.current.state).toBe('reconnecting');

    await waitFor(() => expect(server.open('JobEventsStream')).toHaveLength(1));
    expect(server.open('JobEventsStream')[0].variables).toMatchObject({ after: 'cursor-3' });
    expect(server.open('JobStatusUpdated')).toHaveLength(1);
    expect(result.current.state).toBe('reconnecting');

    // The server may repeat the event at the cursor; the hook keeps one of each.
    act(() =>
      [3, 4, 5].forEach((n) => server.push('JobEventsStream', { jobEvents: eventFixture(n) })),
    );
    act(() => server.push('JobStatusUpdated', { jobStatusUpdated: statusFixture({ version: 5 }) }));

    await waitFor(() => expect(result.current.state).toBe('live'));
    expect(result.current.events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps retrying while the server is unreachable', async () => {
    const { result } = render();
    await goLive(result);

    act(() => server.dropConnection());
    await waitFor(() => expect(server.open('JobStatusUpdated')).toHaveLength(1));
    act(() => server.dropConnection());
    await waitFor(() => expect(server.open('JobStatusUpdated')).toHaveLength(1));

    expect(result.current.state).toBe('reconnecting');
    expect(server.subscriptions.filter((s) => s.operationName === 'JobStatusUpdated')).toHaveLength(
      3,
    );
  });

  it('reports a GraphQL error from the job query as the error state', async () => {
    server.onQuery('Job', () => ({
      errors: [{ message: 'Viewer role required', extensions: { code: 'FORBIDDEN' } }],
    }));
    const { result } = render();

    await waitFor(() => expect(result.current.state).toBe('error'));
    expect((result.current.error as Error).message).toContain('Viewer role required');
  });

  it('reports an unknown job as not found', async () => {
    job = null as never;
    const { result } = render();

    await waitFor(() => expect(result.current.state).toBe('error'));
    expect(result.current.notFound).toBe(true);
  });

  it('treats a GraphQL error on a subscription as final', async () => {
    const { result } = render();
    await goLive(result);

    act(() =>
      server.pushErrors('JobEventsStream', [
        { message: 'Cursor is invalid', extensions: { code: 'BAD_USER_INPUT' } },
      ]),
    );

    await waitFor(() => expect(result.current.state).toBe('error'));
    expect((result.current.error as Error).message).toContain('Cursor is invalid');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.open('JobEventsStream')).toHaveLength(0);
  });

  it('closes its subscriptions on unmount', async () => {
    const { result, unmount } = render();
    await goLive(result);
    unmount();
    expect(server.open('JobStatusUpdated')).toHaveLength(0);
    expect(server.open('JobEventsStream')).toHaveLength(0);
  });
});
