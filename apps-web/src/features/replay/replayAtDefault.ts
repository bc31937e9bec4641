import type { ApolloClient } from '@apollo/client';
import { defaultForkVersion } from './forkPoint';
import type { ForkEvent } from './forkPoint';
import { FORK_EVENTS, REPLAY_JOB } from './queries';

/** Reads every event of a job, 500 at a time. */
export async function readForkEvents(client: ApolloClient, jobId: string): Promise<ForkEvent[]> {
  const all: (ForkEvent & { timestamp: string })[] = [];
  for (;;) {
    const after = all.length === 0 ? 0 : all[all.length - 1].sequence;
    const { data } = await client.query({
      query: FORK_EVENTS,
      variables: { jobId, after },
      fetchPolicy: 'no-cache',
    });
    const page = data?.jobEvents ?? [];
    all.push(...page);
    if (page.length < 500) return all;
  }
}

/** Replays a job from its default fork point (see defaultForkVersion) with these overrides. */
export async function replayAtDefaultFork(
  client: ApolloClient,
  jobId: string,
  overrides: unknown,
): Promise<string> {
  const events = await readForkEvents(client, jobId);
  const { data } = await client.mutate({
    mutation: REPLAY_JOB,
    variables: { id: jobId, fromVersion: defaultForkVersion(events), overrides },
  });
  return data!.replayJob.id;
}
