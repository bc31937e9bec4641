import { graphql } from '../../shared/graphql/generated';

export const ORCHESTRATOR_HEALTH = graphql(`
  subscription OrchestratorHealth {
    orchestratorHealth {
      instanceId
      runningJobs
      queuedJobs
      eventsPerSecond
      appendLatencyP95Ms
      subscribers
      projectionLagMs
      timestamp
      instances {
        id
        startedAt
        lastHeartbeat
        runningJobs
      }
      consumers {
        name
        owner
        active
        position
        lagEvents
        lagSeconds
        delivered
        failed
        retrying
        lastError
        lastErrorAt
      }
    }
  }
`);

export const JOB_COUNTS = graphql(`
  query JobCounts {
    jobs(first: 1) {
      counts {
        status
        count
      }
    }
  }
`);
