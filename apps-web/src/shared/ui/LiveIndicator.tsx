import type { LiveState } from '../live/liveState';

const LABELS: Record<LiveState, string> = {
  loading: 'Loading…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  error: 'Error',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className={`live live-${state}`} data-testid="live-state" data-state={state}>
      {LABELS[state]}
    </span>
  );
}
