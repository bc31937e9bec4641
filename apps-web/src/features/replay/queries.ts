import { graphql } from '../../shared/graphql/generated';

export const FORK_EVENTS = graphql(`
  query ForkEvents($jobId: ID!, $after: Int!) {
    jobEvents(jobId: $jobId, after: $after, first: 500) {
      sequence
      eventType
      eventData
      timestamp
    }
  }
`);

export const REPLAY_JOB = graphql(`
  mutation ReplayJob(
    $id: ID!
    $fromVersion: Int!
    $overrides: JSON
    $agents: AgentsInput
    $reuse: ReuseMode
  ) {
    replayJob(
      id: $id
      fromVersion: $fromVersion
      overrides: $overrides
      agents: $agents
      reuse: $reuse
    ) {
      id
      name
    }
  }
`);
