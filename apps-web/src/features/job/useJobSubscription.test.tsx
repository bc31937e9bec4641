import { ApolloProvider } from '@apollo/client/react';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeServer } from '../../shared/test/FakeServer';
import { attemptFixture, jobFixture, pushFixture, stepFixture } from '../../shared/test/fixtures';
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
    act(() => server.push('JobStatusUpdated', pushFixture(jobFixture())));
    await waitFor(() => expect(result.current.state).toBe('live'));
  };

  it('is loading until the job is queried and the first push arrives, then live', async () => {
    const { result } = render();
    expect(result.current.state).toBe('loading');
    expect(result.current.job).toBeNull();

    await waitFor(() => expect(result.current.job?.name).toBe('Reverse a string'));
    expect(result.current.state).toBe('loading');
    await goLive(result);
  });

  it('shows the pushed job after a command, steps included, without querying again', async () => {
    const { result } = render();
    await goLive(result);
    const running = stepFixture({
      id: 'critique-1',
      role: 'CRITIQUE',
      status: 'RUNNING',
      endedAt: null,
      attempts: [attemptFixture({ status: 'RUNNING', endedAt: null, durationMs: null })],
    });
    const failed = stepFixture({
      id: 'critique-1',
      role: 'CRITIQUE',
      status: 'FAILED',
      attempts: [attemptFixture({ status: 'FAILED', failureKind: 'INTERRUPTED' })],
    });
    act(() =>
      server.push('JobStatusUpdated', pushFixture(jobFixture({ version: 5, steps: [running] }))),
    );
    await waitFor(() => expect(result.current.job?.steps[0].status).toBe('RUNNING'));
    const queries = server.queries.length;

    act(() =>
      server.push(
        'JobStatusUpdated',
        pushFixture(jobFixture({ version: 7, status: 'CANCELLED', steps: [failed] })),
      ),
    );

    await waitFor(() => expect(result.current.job?.status).toBe('CANCELLED'));
    expect(result.current.job?.steps[0].status).toBe('FAILED');
    expect(result.current.job?.steps[0].attempts[0].failureKind).toBe('INTERRUPTED');
    expect(server.queries.length).toBe(queries);
  });

  it('keeps the newer of the queried and the pushed job', async () => {
    job = jobFixture({ version: 9, status: 'PAUSED' });
    const { result } = render();
    await waitFor(() => expect(result.current.job?.version).toBe(9));

    act(() => server.push('JobStatusUpdated', pushFixture(jobFixture({ version: 4 }))));

    await waitFor(() => expect(result.current.state).toBe('live'));
    expect(result.current.job?.version).toBe(9);
    expect(result.current.job?.status).toBe('PAUSED');
  });

  it('reconnects after a dropped connection and takes the current job from the new stream', async () => {
    const { result } = render();
    await goLive(result);

    act(() => server.dropConnection());
    await waitFor(() => expect(result.current.state).toBe('reconnecting'));
    await waitFor(() => expect(server.open('JobStatusUpdated')).toHaveLength(1));
    act(() =>
      server.push(
        'JobStatusUpdated',
        pushFixture(jobFixture({ version: 12, status: 'COMPLETED' })),
      ),
    );

    await waitFor(() => expect(result.current.state).toBe('live'));
    expect(result.current.job?.version).toBe(12);
    expect(result.current.job?.status).toBe('COMPLETED');
  });

  it('reports an unknown job as not found', async () => {
    server.onQuery('Job', () => ({ data: { job: null } }));
    const { result } = render();
    await waitFor(() => expect(result.current.notFound).toBe(true));
    expect(result.current.state).toBe('error');
  });

  it('treats a GraphQL error on the subscription as final', async () => {
    const { result } = render();
    await goLive(result);

    act(() =>
      server.pushErrors('JobStatusUpdated', [
        { message: 'no job', extensions: { code: 'NOT_FOUND' } },
      ]),
    );

    await waitFor(() => expect(result.current.state).toBe('error'));
  });

  it('closes its subscription on unmount', async () => {
    const { result, unmount } = render();
    await goLive(result);
    unmount();
    expect(server.open('JobStatusUpdated')).toHaveLength(0);
  });
});
