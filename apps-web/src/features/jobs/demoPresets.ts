import type { CreateJobInput } from '../../shared/graphql/generated/graphql';

// The demo buttons' jobs. Both use the simulated agent; the failure demo asks it to fail the coder
// step (parameters.simulated.failAt, see docs/orchestrator.md) on every attempt, with quick retries.
const SIMULATED = { kind: 'simulated' };
const AGENTS = { planner: SIMULATED, coder: SIMULATED, critique: SIMULATED };

export const DEMO_FAILURE_PARAMETERS = { simulated: { failAt: { role: 'CODER' } } };

export function demoRun(now: Date): CreateJobInput {
  return {
    name: `Demo run ${now.toLocaleTimeString()}`,
    task: 'Write a function that reverses a string, with tests.',
    parameters: {},
    agents: AGENTS,
    limits: { maxIterations: 2 },
  };
}

export function demoFailure(now: Date): CreateJobInput {
  return {
    name: `Demo failure ${now.toLocaleTimeString()}`,
    task: 'Write a function that reverses a string, with tests.',
    parameters: DEMO_FAILURE_PARAMETERS,
    agents: AGENTS,
    limits: { maxIterations: 2, maxAttempts: 2, backoffInitialMs: 100, backoffMaxMs: 500 },
  };
}
