import { graphql } from '../../shared/graphql/generated';

export const COMPARE_JOBS = graphql(`
  query CompareJobs($left: ID!, $right: ID!) {
    compareJobs(left: $left, right: $right) {
      left {
        id
        name
        version
        status
        durationMs
      }
      right {
        id
        name
        version
        status
        durationMs
        replayOf {
          jobId
          reuse
        }
        reusedSteps
        reused {
          calls
          totalTokens
          costUsd
          agentTimeMs
        }
      }
      differences {
        path
        left
        right
      }
      steps {
        stepId
        role
        iteration
        differs
        differences {
          path
          left
          right
        }
        left {
          status
          wallTimeMs
        }
        right {
          status
          wallTimeMs
        }
        attempts {
          attempt
          differs
          left {
            status
            durationMs
          }
          right {
            status
            durationMs
            reusedFrom {
              jobId
              version
            }
          }
          differences {
            path
            left
            right
          }
        }
      }
    }
  }
`);

export const COMPARE_PICKER = graphql(`
  query ComparePicker($id: ID!, $name: String) {
    job(id: $id) {
      id
      name
      replayOf {
        jobId
      }
      replays {
        id
        name
        createdAt
        status
      }
    }
    jobs(filter: { nameContains: $name }, first: 20) {
      edges {
        node {
          id
          name
          status
          createdAt
        }
      }
    }
  }
`);
