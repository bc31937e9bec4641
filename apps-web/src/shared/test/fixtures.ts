import type { Attempt, Job, JobEvent, Step } from '../graphql/types';

// Complete objects as the server would send them, with __typename, so Apollo's cache accepts them.

export function attemptFixture(overrides: Partial<Attempt> = {}): Attempt {
  return {
    __typename: 'Attempt',
    number: 1,
    status: 'SUCCEEDED',
    startedAt: '2026-01-01T10:00:01Z',
    endedAt: '2026-01-01T10:00:01.300Z',
    durationMs: 300,
    input: { task: 'Reverse a string' },
    output: { plan: '1. reverse' },
    error: null,
    failureKind: null,
    retryAt: null,
    retryWaitMs: null,
    eventVersions: [4, 5, 6],
    traceId: 'trace-1',
    spanId: 'span-1',
    instanceId: 'instance-a',
    userId: 'orchestrator',
    copied: false,
    reusedFrom: null,
    usage: {
      __typename: 'AttemptUsage',
      model: 'simulated-1',
      parameters: {},
      promptTokens: 120,
      completionTokens: 30,
      totalTokens: 150,
      costUsd: 0.000036,
      agentTimeMs: 300,
    },
    environment: { version: '0.1.0', host: 'test-host', agent: { kind: 'simulated' } },
    ...overrides,
  } as Attempt;
}

export function stepFixture(overrides: Partial<Step> = {}): Step {
  return {
    __typename: 'Step',
    id: 'plan',
    role: 'PLANNER',
    iteration: 0,
    status: 'SUCCEEDED',
    startedAt: '2026-01-01T10:00:01Z',
    endedAt: '2026-01-01T10:00:01.300Z',
    wallTimeMs: 300,
    retryAt: null,
    attempts: [attemptFixture()],
    ...overrides,
  } as Step;
}

export function jobFixture(overrides: Partial<Job> = {}): Job & { replays: [] } {
  const agent = { __typename: 'Agent', kind: 'simulated', settings: {} };
  return {
    __typename: 'Job',
    id: 'job-1',
    name: 'Reverse a string',
    status: 'RUNNING',
    progress: 0.1,
    currentStep: 'plan',
    version: 2,
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:01Z',
    startedAt: '2026-01-01T10:00:00Z',
    endedAt: null,
    durationMs: null,
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
      maxTotalTokens: null,
      maxCostUsd: null,
      onBudgetExceeded: 'FAIL',
    },
    usage: {
      __typename: 'Usage',
      promptTokens: 120,
      completionTokens: 30,
      totalTokens: 150,
      costUsd: 0.000036,
      agentTimeMs: 300,
      calls: 1,
      unpricedCalls: 0,
    },
    reused: { __typename: 'Usage', totalTokens: 0, costUsd: null, agentTimeMs: 0, calls: 0 },
    reusedSteps: [],
    createdBy: 'alice',
    plan: null,
    iteration: 1,
    artifact: null,
    lastFeedback: null,
    failureReason: null,
    pauseReason: null,
    cancelReason: null,
    steps: [],
    pauses: [],
    approval: { afterPlan: false, beforeComplete: false, timeoutMs: null, onTimeout: 'FAIL' },
    approvals: [],
    replayOf: null,
    replays: [],
    ...overrides,
  } as unknown as Job & { replays: [] };
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
      copiedFrom: null,
    },
  } as JobEvent;
}

/** A jobStatusUpdated message carrying the job view. */
export function pushFixture(job: Job) {
  return { jobStatusUpdated: { __typename: 'JobStatusUpdate', version: job.version, job } };
}
