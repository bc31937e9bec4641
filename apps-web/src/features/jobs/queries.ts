import { graphql } from '../../shared/graphql/generated';

export const JOB_SUMMARY_FIELDS = graphql(`
  fragment JobSummaryFields on JobSummary {
    id
    name
    status
    progress
    currentStep
    createdBy
    createdAt
    updatedAt
    durationMs
    version
    replayOf {
      jobId
      version
    }
  }
`);

export const JOBS = graphql(`
  query Jobs($filter: JobFilter, $sort: JobSort, $first: Int, $after: String) {
    jobs(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      counts {
        status
        count
      }
      edges {
        cursor
        node {
          ...JobSummaryFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const JOB_SUMMARIES_CHANGED = graphql(`
  subscription JobSummariesChanged($filter: JobFilter) {
    jobSummariesChanged(filter: $filter) {
      jobs {
        ...JobSummaryFields
      }
      counts {
        status
        count
      }
    }
  }
`);

export const CREATE_JOB = graphql(`
  mutation CreateJob($input: CreateJobInput!) {
    createJob(input: $input) {
      id
      name
    }
  }
`);

export const CANCEL_JOBS = graphql(`
  mutation CancelOneJob($id: ID!) {
    cancelJob(id: $id, reason: "cancelled from the job list") {
      id
      version
    }
  }
`);

export const ORCHESTRATOR_STATUS = graphql(`
  query OrchestratorSummary {
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
`);
