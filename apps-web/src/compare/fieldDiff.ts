import type { JobState } from '../graphql/types';
import { percent, prettyJson } from '../ui/format';

export interface FieldRow {
  label: string;
  left: string;
  right: string;
  differs: boolean;
}

const FIELDS: { label: string; value(job: JobState): unknown }[] = [
  { label: 'Status', value: (j) => j.status },
  { label: 'Progress', value: (j) => `${percent(j.progress)}%` },
  { label: 'Iteration', value: (j) => j.iteration },
  { label: 'Steps', value: (j) => j.steps.length },
  { label: 'Parameters', value: (j) => j.parameters },
  { label: 'Agents', value: (j) => j.agents },
  { label: 'Plan', value: (j) => j.plan },
  { label: 'Artifact', value: (j) => j.artifact },
  { label: 'Last feedback', value: (j) => j.lastFeedback },
  { label: 'Failure reason', value: (j) => j.failureReason },
];

/** The fields of two jobs side by side, each marked when the two differ. */
export function compareFields(left: JobState, right: JobState): FieldRow[] {
  return FIELDS.map(({ label, value }) => {
    const l = show(value(left));
    const r = show(value(right));
    return { label, left: l, right: r, differs: l !== r };
  });
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : prettyJson(value);
}
