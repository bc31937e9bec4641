import { graphql } from '../../shared/graphql/generated';

export const FAMILY_SPEND = graphql(`
  fragment FamilySpend on Spend {
    totalTokens
    costUsd
    agentTimeMs
    calls
    unpricedCalls
  }
`);

export const FAMILY_FIGURES = graphql(`
  fragment FamilyFigures on Figures {
    runs
    succeeded
    failed
    successRate
    attempts
    failedAttempts
    attemptP50Ms
    attemptP95Ms
    spend {
      ...FamilySpend
    }
  }
`);

export const JOB_FAMILY = graphql(`
  query JobFamily($id: ID!) {
    jobFamily(id: $id) {
      rootId
      truncated
      members {
        parentId
        depth
        job {
          id
          name
          status
          createdAt
          durationMs
          replayOf {
            version
          }
        }
      }
    }
    jobAnalysis(familyOf: $id) {
      jobCount
      truncated
      outcomes {
        status
        count
      }
      steps {
        stepId
        role
        figures {
          ...FamilyFigures
        }
      }
      roles {
        role
        figures {
          ...FamilyFigures
        }
      }
      replays {
        original {
          id
          name
        }
        replay {
          id
          name
          createdAt
        }
        forkedAtVersion
        copiedSteps
        rerunSteps
        originalStatus
        replayStatus
        originalDurationMs
        replayDurationMs
        originalSpend {
          ...FamilySpend
        }
        replaySpend {
          ...FamilySpend
        }
      }
    }
  }
`);
