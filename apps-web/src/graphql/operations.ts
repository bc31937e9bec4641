// Every GraphQL document the console sends. operations.test.ts validates them against the schema.
import type { TypedDocumentNode } from '@apollo/client';
import { gql } from '@apollo/client';
import type {
  CreateJobInput,
  JobComparison,
  JobDetails,
  JobEvent,
  JobFilter,
  JobLogEntry,
  JobState,
  JobStatusUpdate,
  JobSummary,
  OrchestratorStatus,
  VerificationReport,
} from './types';

const JOB_SUMMARY = gql`
  fragment JobSummaryFields on Job {
    id
    name
    status
    progress
    currentStep
    version
    createdAt
    updatedAt
    replayOf {
      jobId
      version
    }
  }
`;

const JOB_STATE = gql`
  fragment JobStateFields on Job {
    ...JobSummaryFields
    task
    parameters
    agents {
      planner {
        kind
        settings
      }
      coder {
        kind
        settings
      }
      critique {
        kind
        settings
      }
    }
    limits {
      maxIterations
      maxAttempts
      stepTimeoutMs
      backoffInitialMs
      backoffMaxMs
    }
    createdBy
    plan
    iteration
    artifact
    lastFeedback
    failureReason
    pauseReason
    cancelReason
    steps {
      id
      role
      iteration
      attempt
      status
      input
      output
      error
      startedAt
      endedAt
      durationMs
      retryAt
    }
  }
  ${JOB_SUMMARY}
`;

const EVENT_FIELDS = gql`
  fragment JobEventFields on JobEvent {
    id
    jobId
    eventType
    eventData
    timestamp
    sequence
    position
    cursor
    metadata {
      traceId
      spanId
      userId
      version
      causationId
      correlationId
      instanceId
    }
  }
`;

export const JOBS: TypedDocumentNode<
  { jobs: { edges: { node: JobSummary }[] } },
  { filter?: JobFilter; first?: number }
> = gql`
  query Jobs($filter: JobFilter, $first: Int) {
    jobs(filter: $filter, first: $first) {
      edges {
        node {
          ...JobSummaryFields
        }
      }
    }
  }
  ${JOB_SUMMARY}
`;

export const JOB: TypedDocumentNode<{ job: JobDetails | null }, { id: string }> = gql`
  query Job($id: ID!) {
    job(id: $id) {
      ...JobStateFields
      replayOf {
        jobId
        version
        overrides
        job {
          id
          name
          status
        }
      }
      replays {
        id
        name
        status
        createdAt
      }
    }
  }
  ${JOB_STATE}
`;

export const JOB_AT: TypedDocumentNode<
  { jobAt: { version: number; at: string; job: JobState } | null },
  { jobId: string; version: number }
> = gql`
  query JobAt($jobId: ID!, $version: Int!) {
    jobAt(jobId: $jobId, version: $version) {
      version
      at
      job {
        ...JobStateFields
      }
    }
  }
  ${JOB_STATE}
`;

export const VERIFY_JOB: TypedDocumentNode<{ verifyJob: VerificationReport }, { jobId: string }> =
  gql`
    query VerifyJob($jobId: ID!) {
      verifyJob(jobId: $jobId) {
        jobId
        ok
        eventsChecked
        hashChainIntact
        firstBrokenVersion
        differences
      }
    }
  `;

export const COMPARE_JOBS: TypedDocumentNode<
  { compareJobs: JobComparison },
  { left: string; right: string }
> = gql`
  query CompareJobs($left: ID!, $right: ID!) {
    compareJobs(left: $left, right: $right) {
      left {
        ...JobStateFields
      }
      right {
        ...JobStateFields
      }
      steps {
        stepId
        differs
        differences
        left {
          id
          role
          iteration
          attempt
          status
          input
          output
          error
          startedAt
          endedAt
          durationMs
          retryAt
        }
        right {
          id
          role
          iteration
          attempt
          status
          input
          output
          error
          startedAt
          endedAt
          durationMs
          retryAt
        }
      }
      differences
    }
  }
  ${JOB_STATE}
`;

export const ORCHESTRATOR_STATUS: TypedDocumentNode<
  { orchestratorStatus: OrchestratorStatus },
  Record<string, never>
> = gql`
  query OrchestratorStatus {
    orchestratorStatus {
      instanceId
      runningJobs
      queuedJobs
      eventsPerSecond
      subscribers
      instances {
        id
      }
    }
  }
`;

export const CREATE_JOB: TypedDocumentNode<{ createJob: JobSummary }, { input: CreateJobInput }> =
  gql`
    mutation CreateJob($input: CreateJobInput!) {
      createJob(input: $input) {
        ...JobSummaryFields
      }
    }
    ${JOB_SUMMARY}
  `;

type JobCommandResult = TypedDocumentNode<
  { job: JobSummary & { pauseReason: string | null; cancelReason: string | null } },
  { id: string; reason?: string }
>;

export const START_JOB: JobCommandResult = gql`
  mutation StartJob($id: ID!) {
    job: startJob(id: $id) {
      ...JobSummaryFields
      pauseReason
      cancelReason
    }
  }
  ${JOB_SUMMARY}
`;

export const PAUSE_JOB: JobCommandResult = gql`
  mutation PauseJob($id: ID!, $reason: String) {
    job: pauseJob(id: $id, reason: $reason) {
      ...JobSummaryFields
      pauseReason
      cancelReason
    }
  }
  ${JOB_SUMMARY}
`;

export const RESUME_JOB: JobCommandResult = gql`
  mutation ResumeJob($id: ID!) {
    job: resumeJob(id: $id) {
      ...JobSummaryFields
      pauseReason
      cancelReason
    }
  }
  ${JOB_SUMMARY}
`;

export const CANCEL_JOB: JobCommandResult = gql`
  mutation CancelJob($id: ID!, $reason: String) {
    job: cancelJob(id: $id, reason: $reason) {
      ...JobSummaryFields
      pauseReason
      cancelReason
    }
  }
  ${JOB_SUMMARY}
`;

export const REPLAY_JOB: TypedDocumentNode<
  { replayJob: JobSummary },
  { id: string; fromVersion: number; overrides: unknown }
> = gql`
  mutation ReplayJob($id: ID!, $fromVersion: Int!, $overrides: JSON) {
    replayJob(id: $id, fromVersion: $fromVersion, overrides: $overrides) {
      ...JobSummaryFields
    }
  }
  ${JOB_SUMMARY}
`;

export const JOB_STATUS_UPDATED: TypedDocumentNode<
  { jobStatusUpdated: JobStatusUpdate | null },
  { jobId: string }
> = gql`
  subscription JobStatusUpdated($jobId: ID!) {
    jobStatusUpdated(jobId: $jobId) {
      jobId
      status
      currentStep
      progress
      timestamp
      version
    }
  }
`;

export const JOB_EVENTS_STREAM: TypedDocumentNode<
  { jobEvents: JobEvent | null },
  { jobId: string; after: string | null }
> = gql`
  subscription JobEventsStream($jobId: ID!, $after: String) {
    jobEvents(jobId: $jobId, after: $after) {
      ...JobEventFields
    }
  }
  ${EVENT_FIELDS}
`;

export const JOB_LOGS_STREAM: TypedDocumentNode<
  { jobLogsStream: JobLogEntry | null },
  { jobId: string; after: number | null }
> = gql`
  subscription JobLogsStream($jobId: ID!, $after: Int) {
    jobLogsStream(jobId: $jobId, after: $after) {
      jobId
      sequence
      timestamp
      level
      stepId
      message
      traceId
    }
  }
`;
