import type { StreamStatus } from './resumableStream';

/** What a page shows about its live data. */
export type LiveState = 'loading' | 'live' | 'reconnecting' | 'error';

export interface StreamState {
  status: StreamStatus;
  error?: unknown;
}

/** The worst state among the initial load and the streams: error, then loading, reconnecting. */
export function combineLiveState(
  loading: boolean,
  loadError: unknown,
  streams: StreamState[],
): { state: LiveState; error: unknown } {
  if (loadError) return { state: 'error', error: loadError };
  const failed = streams.find((s) => s.status === 'failed');
  if (failed) return { state: 'error', error: failed.error };
  if (loading) return { state: 'loading', error: undefined };
  const reconnecting = streams.find((s) => s.status === 'reconnecting');
  if (reconnecting) return { state: 'reconnecting', error: reconnecting.error };
  if (streams.some((s) => s.status === 'connecting')) return { state: 'loading', error: undefined };
  return { state: 'live', error: undefined };
}
