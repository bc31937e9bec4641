// TypeScript shapes of the GraphQL types the console reads (see adapters-graphql schema.graphqls).

export type JobStatus = 'PENDING' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type AgentRole = 'PLANNER' | 'CODER' | 'CRITIQUE';
export type StepStatus = 'RUNNING' | 'RETRY_SCHEDULED' | 'SUCCEEDED' | 'FAILED';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const TERMINAL_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export interface ReplayOriginSummary {
  jobId: string;
  version: number;
}

export interface JobSummary {
  id: string;
  name: string;
  status: JobStatus;
  progress: number;
  currentStep: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  replayOf: ReplayOriginSummary | null;
}

export interface Step {
  id: string;
  role: AgentRole;
  iteration: number;
  attempt: number;
  status: StepStatus;
  input: Json;
  output: Json;
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  retryAt: string | null;
}

export interface Agent {
  kind: string;
  settings: Json;
}

export interface Limits {
  maxIterations: number;
  maxAttempts: number;
  stepTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

/** Everything a page needs to show one job's state (live or as of a version). */
export interface JobState extends JobSummary {
  task: string;
  parameters: Json;
  agents: { planner: Agent; coder: Agent; critique: Agent };
  limits: Limits;
  createdBy: string;
  plan: string | null;
  iteration: number;
  artifact: string | null;
  lastFeedback: string | null;
  failureReason: string | null;
  pauseReason: string | null;
  cancelReason: string | null;
  steps: Step[];
}

export interface JobDetails extends JobState {
  replayOf:
    | (ReplayOriginSummary & {
        overrides: Json;
        job: { id: string; name: string; status: JobStatus } | null;
      })
    | null;
  replays: { id: string; name: string; status: JobStatus; createdAt: string }[];
}

export interface EventMetadata {
  traceId: string | null;
  spanId: string | null;
  userId: string;
  version: number;
  causationId: string | null;
  correlationId: string | null;
  instanceId: string | null;
}

export interface JobEvent {
  id: string;
  jobId: string;
  eventType: string;
  eventData: Json;
  timestamp: string;
  sequence: number;
  position: string;
  cursor: string;
  metadata: EventMetadata;
}

export interface JobStatusUpdate {
  jobId: string;
  status: JobStatus;
  currentStep: string | null;
  progress: number | null;
  timestamp: string;
  version: number;
}

export interface JobLogEntry {
  jobId: string;
  sequence: number;
  timestamp: string;
  level: string;
  stepId: string | null;
  message: string;
  traceId: string | null;
}

export interface VerificationReport {
  jobId: string;
  ok: boolean;
  eventsChecked: number;
  hashChainIntact: boolean;
  firstBrokenVersion: number | null;
  differences: string[];
}

export interface StepComparison {
  stepId: string;
  left: Step | null;
  right: Step | null;
  differs: boolean;
  differences: string[];
}

export interface JobComparison {
  left: JobState;
  right: JobState;
  steps: StepComparison[];
  differences: string[];
}

export interface OrchestratorStatus {
  instanceId: string;
  runningJobs: number;
  queuedJobs: number;
  eventsPerSecond: number;
  subscribers: number;
  instances: { id: string }[];
}

export interface AgentInput {
  kind: string;
  settings?: Json;
}

export interface CreateJobInput {
  name: string;
  task: string;
  parameters?: Json;
  agents?: { planner?: AgentInput; coder?: AgentInput; critique?: AgentInput };
  limits?: Partial<Limits>;
  start?: boolean;
}

export interface JobFilter {
  status?: JobStatus[];
  nameContains?: string;
}
