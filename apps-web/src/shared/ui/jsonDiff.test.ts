import { describe, expect, it } from 'vitest';
import { jsonDiff } from './jsonDiff';

describe('jsonDiff', () => {
  it('lists leaf changes at their JSON Pointer', () => {
    const before = { status: 'RUNNING', steps: [{ id: 'plan', status: 'RUNNING' }], a: 1 };
    const after = { status: 'PAUSED', steps: [{ id: 'plan', status: 'SUCCEEDED' }], b: 2 };
    expect(jsonDiff(before, after)).toEqual([
      { path: '/status', left: 'RUNNING', right: 'PAUSED' },
      { path: '/steps/0/status', left: 'RUNNING', right: 'SUCCEEDED' },
      { path: '/a', left: 1, right: undefined },
      { path: '/b', left: undefined, right: 2 },
    ]);
  });

  it('escapes slashes and tildes in keys', () => {
    expect(jsonDiff({ 'a/b': 1 }, { 'a/b': 2 })[0].path).toBe('/a~1b');
  });
});
