/** What the replay dialog needs of an event. */
export interface ForkEvent {
  sequence: number;
  eventType: string;
  eventData: unknown;
}

const FAILURES = ['JobStepFailed', 'JobFailed'];

function stepIdOf(event: ForkEvent): string | null {
  const data = event.eventData as { stepId?: unknown } | null;
  return typeof data?.stepId === 'string' ? data.stepId : null;
}

/**
 * The versions at which no attempt is in flight: after the job started and after each step
 * completed. A replay from there runs the next step from its first attempt, with no interruption.
 */
export function stepBoundaries(events: readonly ForkEvent[]): number[] {
  return events
    .filter((e) => e.eventType === 'JobStarted' || e.eventType === 'JobStepCompleted')
    .map((e) => e.sequence);
}

/**
 * The default fork point: the last step boundary before the job's first failure (the latest one
 * when nothing failed), else the latest event.
 */
export function defaultForkVersion(events: readonly ForkEvent[]): number {
  const failure = events.find((e) => FAILURES.includes(e.eventType));
  const limit = failure ? failure.sequence : Infinity;
  const boundaries = stepBoundaries(events).filter((v) => v < limit);
  if (boundaries.length > 0) return boundaries[boundaries.length - 1];
  return events[events.length - 1]?.sequence ?? 1;
}

export interface ForkPlan {
  /** Steps completed at the fork point: their events are copied and they do not run again. */
  kept: string[];
  /** Steps begun but not completed at the fork point, and every later one: they run again. */
  rerun: string[];
  /** Whether an attempt is in flight at the fork point (it is interrupted and run again). */
  midStep: boolean;
}

export function forkPlan(events: readonly ForkEvent[], version: number): ForkPlan {
  const kept: string[] = [];
  const rerun: string[] = [];
  const completed = new Set(
    events.filter((e) => e.eventType === 'JobStepCompleted' && e.sequence <= version).map(stepIdOf),
  );
  let midStep = false;
  for (const event of events.filter((e) => e.eventType === 'JobStepStarted')) {
    const id = stepIdOf(event);
    if (!id) continue;
    if (completed.has(id)) kept.push(id);
    else {
      rerun.push(id);
      if (event.sequence <= version) midStep = true;
    }
  }
  return { kept, rerun, midStep };
}
