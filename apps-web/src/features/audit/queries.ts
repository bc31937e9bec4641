import { graphql } from '../../shared/graphql/generated';

export const AUDIT_JOB = graphql(`
  query AuditJob($id: ID!) {
    job(id: $id) {
      id
      name
      version
      replayOf {
        jobId
        version
      }
    }
    consoleSettings {
      traceUrlTemplate
    }
  }
`);

export const VERIFY_JOB = graphql(`
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
`);
