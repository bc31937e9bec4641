// GraphQL over HTTP against the real server, for setting up what a check needs.

export function api(base, token) {
  async function graphql(query, variables = {}) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors?.length) throw new Error(`GraphQL: ${body.errors[0].message}`);
    return body.data;
  }

  return {
    graphql,

    async createJob(input) {
      const data = await graphql(
        'mutation($input: CreateJobInput!) { createJob(input: $input) { id name } }',
        { input },
      );
      return data.createJob.id;
    },

    async job(id) {
      const data = await graphql(
        `
          query ($id: ID!) {
            job(id: $id) {
              id
              status
              version
              steps {
                id
                status
                attempts {
                  number
                  status
                  durationMs
                }
              }
            }
          }
        `,
        { id },
      );
      return data.job;
    },

    /** Polls until the job's status is one of `statuses` (or fails after the timeout). */
    async waitForStatus(id, statuses, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await this.job(id);
        if (statuses.includes(job.status)) return job;
        if (Date.now() > deadline) throw new Error(`job ${id} is ${job.status}, not ${statuses}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },

    /**
     * Appends `pairs` pause/resume pairs to a running job, many per request (a document's mutation
     * fields run one after another), so a long history is written in seconds.
     */
    async toggle(id, pairs, perRequest = 200) {
      for (let done = 0; done < pairs; done += perRequest) {
        const n = Math.min(perRequest, pairs - done);
        const fields = [];
        for (let i = 0; i < n; i++) {
          fields.push(`p${i}: pauseJob(id: $id, reason: "toggle") { version }`);
          fields.push(`r${i}: resumeJob(id: $id) { version }`);
        }
        await graphql(`mutation($id: ID!) { ${fields.join(' ')} }`, { id });
      }
    },
  };
}

export const SIMULATED = { kind: 'simulated' };
export const ALL_SIMULATED = { planner: SIMULATED, coder: SIMULATED, critique: SIMULATED };
