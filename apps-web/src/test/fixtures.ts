import type { JobDetails, JobEvent, JobStatusUpdate } from '../graphql/types';

// Complete objects as the server would send them, with __typename, so Apollo's cache accepts them.

export function jobFixture(overrides: Partial<JobDetails> = {}): JobDetails {
  const agent = { __typename: 'Agent', kind: 'simulated', settings: {} };
  return {
    __typename: 'Job',
    id: 'job-1',
    name: 'Reverse a string',
    status: 'RUNNING',
    progress: 0.1,
    currentStep: 'PLANNER',
    version: 2,
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:01Z',
    task: 'Reverse a string',
    parameters: {},
    agents: { __typename: 'Agents', planner: agent, coder: agent, critique: agent },
    limits: {
      __typename: 'Limits',
      maxIterations: 3,
      maxAttempts: 3,
      stepTimeoutMs: 60_000,
      backoffInitialMs: 100,
      backoffMaxMs: 1_000,
    },
    createdBy: 'alice',
    plan: null,
    iteration: 1,
    artifact: null,
    lastFeedback: null,
    failureReason: null,
    pauseReason: null,
    cancelReason: null,
    steps: [],
    replayOf: null,
    replays: [],
    ...overrides,
  } as JobDetails;
}

export function eventFixture(sequence: number, eventType = 'JobStepCompleted'): JobEvent {
  return {
    __typename: 'JobEvent',
    id: `event-${sequence}`,
    jobId: 'job-1',
    eventType,
    eventData: { sequence },
    timestamp: '2026-01-01T10:00:00Z',
    sequence,
    position: String(1000 + sequence),
    cursor: `cursor-${sequence}`,
    metadata: {
      __typename: 'EventMetadata',
      traceId: 'trace-1',
      spanId: 'span-1',
      userId: 'alice',
      version: 1,
      causationId: null,
      correlationId: null,
      instanceId: 'instance-a',
    },
  } as JobEvent;
}

export function statusFixture(overrides: Partial<JobStatusUpdate> = {}): JobStatusUpdate {
  return {
    __typename: 'JobStatusUpdate',
    jobId: 'job-1',
    status: 'RUNNING',
    currentStep: 'CODER',
    progress: 0.5,
    timestamp: '2026-01-01T10:00:02Z',
    version: 2,
    ...overrides,
  } as JobStatusUpdate;
}
