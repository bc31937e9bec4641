import type { JobEvent } from '../graphql/types';

const FAILURE_EVENTS = ['JobStepFailed', 'JobFailed'];

/**
 * The version a replay should start from unless the person picks another: the last event before
 * the job's first failure, or the latest event when nothing failed.
 */
export function defaultForkVersion(events: readonly JobEvent[]): number {
  const firstFailure = events.find((e) => FAILURE_EVENTS.includes(e.eventType));
  if (firstFailure) {
    const before = events.filter((e) => e.sequence < firstFailure.sequence);
    if (before.length > 0) return before[before.length - 1].sequence;
  }
  return events[events.length - 1]?.sequence ?? 1;
}
