import type { Attempt, Step } from '../../shared/graphql/types';
import type { JobLogEntry } from './useJobLogs';

/** A log line belongs to the attempt of its step that was running when it was written. */
export function belongsTo(line: JobLogEntry, step: Step, attempt: Attempt): boolean {
  if (line.stepId !== step.id) return false;
  return attemptOf(line, step)?.number === attempt.number;
}

export function attemptOf(line: JobLogEntry, step: Step): Attempt | undefined {
  const at = Date.parse(line.timestamp);
  let match: Attempt | undefined;
  for (const attempt of step.attempts) {
    if (Date.parse(attempt.startedAt) <= at) match = attempt;
  }
  return match ?? step.attempts[0];
}
