import { graphql } from '../../shared/graphql/generated';

export const JOB = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      ...JobFields
      replays {
        id
        name
        status
        createdAt
      }
    }
  }
`);

export const JOB_STATUS_UPDATED = graphql(`
  subscription JobStatusUpdated($jobId: ID!) {
    jobStatusUpdated(jobId: $jobId) {
      version
      job {
        ...JobFields
      }
    }
  }
`);

export const JOB_LOGS_STREAM = graphql(`
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
`);

export const START_JOB = graphql(`
  mutation StartJob($id: ID!) {
    startJob(id: $id) {
      id
      version
    }
  }
`);

export const PAUSE_JOB = graphql(`
  mutation PauseJob($id: ID!, $reason: String) {
    pauseJob(id: $id, reason: $reason) {
      id
      version
    }
  }
`);

export const RESUME_JOB = graphql(`
  mutation ResumeJob($id: ID!) {
    resumeJob(id: $id) {
      id
      version
    }
  }
`);

export const CANCEL_JOB = graphql(`
  mutation CancelJob($id: ID!, $reason: String) {
    cancelJob(id: $id, reason: $reason) {
      id
      version
    }
  }
`);

export const APPROVE_JOB = graphql(`
  mutation ApproveJob($id: ID!, $comment: String) {
    approveJob(id: $id, comment: $comment) {
      id
      version
    }
  }
`);

export const REJECT_JOB = graphql(`
  mutation RejectJob($id: ID!, $comment: String!) {
    rejectJob(id: $id, comment: $comment) {
      id
      version
    }
  }
`);
