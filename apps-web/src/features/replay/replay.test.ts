import { describe, expect, it } from 'vitest';
import type { ForkEvent } from './forkPoint';
import { defaultForkVersion, forkPlan, stepBoundaries } from './forkPoint';
import { agentOverrides } from './agentOverrides';
import { replayOverrides } from './overrides';

describe('replayOverrides', () => {
  it('sends the edited parameters with removed keys as null', () => {
    const original = { seed: 7, simulated: { failAt: { role: 'CODER' }, latencyMs: 5 } };
    expect(replayOverrides(original, { seed: 8 })).toEqual({ seed: 8, simulated: null });
  });

  it('nulls keys removed inside nested objects and keeps the rest', () => {
    const original = { simulated: { failAt: { role: 'CODER' }, latencyMs: 5 } };
    expect(replayOverrides(original, { simulated: { latencyMs: 5 }, extra: true })).toEqual({
      simulated: { latencyMs: 5, failAt: null },
      extra: true,
    });
  });
});

let sequence = 0;
const event = (eventType: string, stepId?: string): ForkEvent => ({
  sequence: ++sequence,
  eventType,
  eventData: stepId ? { stepId } : {},
});

/** Created, started, a plan, then a coder step whose first attempt fails and is retried. */
function failingCoder(): ForkEvent[] {
  sequence = 0;
  return [
    event('JobCreated'),
    event('JobStarted'),
    event('JobStepStarted', 'plan'),
    event('PlannerStarted', 'plan'),
    event('PlannerCompleted', 'plan'),
    event('JobStepCompleted', 'plan'), // 6
    event('JobStepStarted', 'code-1'),
    event('CoderStarted', 'code-1'), // 8
    event('JobStepFailed', 'code-1'),
    event('JobFailed'),
  ];
}

describe('defaultForkVersion', () => {
  it('picks the last step boundary before the first failure, not the middle of the step', () => {
    expect(defaultForkVersion(failingCoder())).toBe(6);
  });

  it('picks the job start when the first step failed', () => {
    sequence = 0;
    const events = [
      event('JobCreated'),
      event('JobStarted'),
      event('JobStepStarted', 'plan'),
      event('PlannerStarted', 'plan'),
      event('JobStepFailed', 'plan'),
    ];
    expect(defaultForkVersion(events)).toBe(2);
  });

  it('picks the latest boundary when nothing failed', () => {
    expect(defaultForkVersion(failingCoder().slice(0, 8))).toBe(6);
  });

  it('lists the job start and every completed step as boundaries', () => {
    expect(stepBoundaries(failingCoder())).toEqual([2, 6]);
  });
});

describe('forkPlan', () => {
  it('keeps the completed steps and runs the rest again', () => {
    expect(forkPlan(failingCoder(), 6)).toEqual({
      kept: ['plan'],
      rerun: ['code-1'],
      midStep: false,
    });
  });

  it('says so when the fork point is in the middle of a step', () => {
    expect(forkPlan(failingCoder(), 8)).toEqual({
      kept: ['plan'],
      rerun: ['code-1'],
      midStep: true,
    });
  });
});

describe('agentOverrides', () => {
  const keep = { replace: false, kind: 'simulated', settings: '{}' };

  it('sends no agents when every role keeps the original', () => {
    expect(agentOverrides({ planner: keep, coder: keep, critique: keep })).toEqual({
      ok: true,
      agents: null,
    });
  });

  it('sends only the replaced roles, with their settings', () => {
    const critique = { replace: true, kind: 'simulated', settings: '{"latencyMs": 5}' };
    expect(agentOverrides({ planner: keep, coder: keep, critique })).toEqual({
      ok: true,
      agents: { critique: { kind: 'simulated', settings: { latencyMs: 5 } } },
    });
  });

  it('names the role whose settings are not a JSON object', () => {
    const coder = { replace: true, kind: 'command', settings: '[1]' };
    const result = agentOverrides({ planner: keep, coder, critique: keep });
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.role).toBe('coder');
  });
});
