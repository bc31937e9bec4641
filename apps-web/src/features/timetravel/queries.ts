import { graphql } from '../../shared/graphql/generated';

export const JOB_AT = graphql(`
  query JobAt($jobId: ID!, $version: Int!) {
    jobAt(jobId: $jobId, version: $version) {
      version
      at
      job {
        ...JobFields
      }
    }
  }
`);

export const JOB_NOW = graphql(`
  query JobNow($id: ID!) {
    job(id: $id) {
      ...JobFields
    }
  }
`);
