import { describe, expect, it } from 'vitest';
import { eventFixture } from '../test/fixtures';
import { defaultForkVersion } from './forkPoint';
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

describe('defaultForkVersion', () => {
  it('picks the last event before the first failure', () => {
    const events = [
      eventFixture(1, 'JobCreated'),
      eventFixture(2, 'PlannerCompleted'),
      eventFixture(3, 'JobStepFailed'),
      eventFixture(4, 'JobFailed'),
    ];
    expect(defaultForkVersion(events)).toBe(2);
  });

  it('picks the latest event when nothing failed', () => {
    expect(defaultForkVersion([eventFixture(1, 'JobCreated'), eventFixture(2)])).toBe(2);
  });
});
