import type { JobEvent } from '../../shared/graphql/types';
import { withoutTypename } from '../../shared/ui/format';

/** Events of one type (or all, when type is empty) whose text contains `text`, any case. */
export function filterEvents(events: readonly JobEvent[], type: string, text: string): JobEvent[] {
  const needle = text.trim().toLowerCase();
  return events.filter(
    (e) =>
      (!type || e.eventType === type) &&
      (!needle || JSON.stringify(e, withoutTypename).toLowerCase().includes(needle)),
  );
}
