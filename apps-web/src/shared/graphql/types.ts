// Names for the generated fragment and enum types the pages share.
export type {
  AttemptFieldsFragment as Attempt,
  EventFieldsFragment as JobEvent,
  JobFieldsFragment as Job,
  StepFieldsFragment as Step,
  JobStatus,
  JobSort,
} from './generated/graphql';

import type { JobStatus } from './generated/graphql';

export const JOB_STATUSES: JobStatus[] = [
  'PENDING',
  'QUEUED',
  'RUNNING',
  'PAUSED',
  'AWAITING_APPROVAL',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

export function isTerminal(status: JobStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED';
}
