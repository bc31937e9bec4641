import type { JobEvent } from '../graphql/types';

/** Adds an event to a list kept in sequence order; a sequence already present is ignored. */
export function mergeEvent(events: readonly JobEvent[], event: JobEvent): JobEvent[] {
  const last = events[events.length - 1];
  if (!last || event.sequence > last.sequence) return [...events, event];
  if (events.some((e) => e.sequence === event.sequence)) return events as JobEvent[];
  return [...events, event].sort((a, b) => a.sequence - b.sequence);
}
