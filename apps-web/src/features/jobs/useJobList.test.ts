import { describe, expect, it } from 'vitest';
import type { JobRow } from './useJobList';
import { apply, matchesFilter } from './useJobList';

const row = (id: string, createdAt: string, overrides: Partial<JobRow> = {}): JobRow =>
  ({
    id,
    name: `job ${id}`,
    status: 'RUNNING',
    progress: 0.5,
    currentStep: 'plan',
    createdBy: 'alice',
    createdAt,
    updatedAt: createdAt,
    durationMs: null,
    version: 3,
    replayOf: null,
    ...overrides,
  }) as JobRow;

const state = (rows: JobRow[]) => ({
  key: 'k',
  rows,
  counts: [],
  endCursor: null,
  hasMore: false,
  loading: false,
  error: null,
});

describe('apply (job summary changes)', () => {
  const a = row('a', '2026-01-01T10:00:00Z');
  const b = row('b', '2026-01-01T09:00:00Z');

  it('updates a listed job in place', () => {
    const done = { ...a, status: 'COMPLETED' as const, progress: 1 };
    const next = apply(state([a, b]), [done], [], {}, 'CREATED');
    expect(next.rows.map((r) => [r.id, r.status])).toEqual([
      ['a', 'COMPLETED'],
      ['b', 'RUNNING'],
    ]);
  });

  it('puts a new job first when it is the newest, and ignores an older unknown one', () => {
    const fresh = row('c', '2026-01-01T11:00:00Z');
    const old = row('d', '2026-01-01T08:00:00Z');
    expect(apply(state([a, b]), [fresh, old], [], {}, 'CREATED').rows.map((r) => r.id)).toEqual([
      'c',
      'a',
      'b',
    ]);
  });

  it('drops a job that no longer matches the status filter', () => {
    const failed = { ...b, status: 'FAILED' as const };
    const next = apply(state([a, b]), [failed], [], { status: ['RUNNING'] }, 'CREATED');
    expect(next.rows.map((r) => r.id)).toEqual(['a']);
  });

  it('moves a changed job to the top when sorted by update', () => {
    const touched = { ...b, updatedAt: '2026-01-01T12:00:00Z' };
    expect(apply(state([a, b]), [touched], [], {}, 'UPDATED').rows.map((r) => r.id)).toEqual([
      'b',
      'a',
    ]);
  });

  it('matches names without regard to case', () => {
    expect(matchesFilter(a, { nameContains: 'JOB A' })).toBe(true);
    expect(matchesFilter(a, { nameContains: 'other' })).toBe(false);
  });
});
