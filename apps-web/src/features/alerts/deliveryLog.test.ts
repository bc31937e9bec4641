import { describe, expect, it } from 'vitest';
import type { Delivery, DeliveryAttempt } from './deliveryLog';
import {
  attemptSummary,
  canRedeliver,
  deliveryProgress,
  EMPTY_LOG,
  stateTone,
  withFirstPage,
  withOlderPage,
} from './deliveryLog';

function delivery(id: string, change: Partial<Delivery> = {}): Delivery {
  return {
    id,
    idempotencyKey: id,
    ruleId: 'rule',
    jobId: 'job',
    trigger: 'JOB_FAILED',
    format: 'JSON',
    state: 'PENDING',
    attempts: 0,
    maxAttempts: 10,
    createdAt: '2026-12-01T10:00:00Z',
    nextAttemptAt: null,
    deliveredAt: null,
    lastStatusCode: null,
    lastError: null,
    redeliveredBy: null,
    redeliveredAt: null,
    attemptLog: [],
    ...change,
  };
}

const page = (ids: string[], endCursor: string | null, hasMore: boolean, change = {}) => ({
  rows: ids.map((id) => delivery(id, change)),
  endCursor,
  hasMore,
});
const ids = (log: { rows: Delivery[] }) => log.rows.map((d) => d.id);

describe('the delivery log pages', () => {
  it('replaces a lone first page with the fresh one', () => {
    const first = withFirstPage(EMPTY_LOG, page(['c', 'b'], 'b', true));
    expect(first).toMatchObject({ endCursor: 'b', hasMore: true, pages: 1 });
    const again = withFirstPage(first, page(['d', 'c'], 'c', true));
    expect(ids(again)).toEqual(['d', 'c']);
    expect(again.endCursor).toBe('c');
  });

  it('appends older pages once, and keeps them as new deliveries arrive on top', () => {
    let log = withFirstPage(EMPTY_LOG, page(['e', 'd'], 'd', true));
    log = withOlderPage(log, page(['d', 'c', 'b'], 'b', false));
    expect(ids(log)).toEqual(['e', 'd', 'c', 'b']);
    expect(log).toMatchObject({ endCursor: 'b', hasMore: false, pages: 2 });
    log = withFirstPage(log, page(['f', 'e'], 'e', true, { state: 'DELIVERED' }));
    expect(ids(log)).toEqual(['f', 'e', 'd', 'c', 'b']);
    expect(log.rows[1].state).toBe('DELIVERED');
    expect(log).toMatchObject({ endCursor: 'b', hasMore: false, pages: 2 });
  });

  it('starts over when more arrived than a page holds (no gap shown)', () => {
    let log = withFirstPage(EMPTY_LOG, page(['b'], 'b', true));
    log = withOlderPage(log, page(['a'], 'a', false));
    log = withFirstPage(log, page(['z', 'y'], 'y', true));
    expect(ids(log)).toEqual(['z', 'y']);
    expect(log).toMatchObject({ endCursor: 'y', hasMore: true, pages: 1 });
  });
});

describe('a delivery as the log shows it', () => {
  const attempt = (change: Partial<DeliveryAttempt>): DeliveryAttempt => ({
    attempt: 1,
    startedAt: '2026-12-01T10:00:00Z',
    statusCode: 200,
    latencyMs: 42,
    error: null,
    instanceId: 'i-1',
    succeeded: true,
    ...change,
  });

  it('reads each attempt: the answer, the latency, the error', () => {
    expect(attemptSummary(attempt({}))).toEqual({
      outcome: 'delivered',
      status: 'HTTP 200',
      latency: '42 ms',
      error: '',
    });
    expect(
      attemptSummary(
        attempt({ statusCode: null, succeeded: false, latencyMs: 10_000, error: 'timed out' }),
      ),
    ).toEqual({ outcome: 'failed', status: 'no answer', latency: '10.0 s', error: 'timed out' });
    expect(attemptSummary(attempt({ statusCode: 503, succeeded: false })).status).toBe('HTTP 503');
  });

  it('offers a redelivery only for dead and delivered ones', () => {
    expect(canRedeliver(delivery('a', { state: 'DEAD' }))).toBe(true);
    expect(canRedeliver(delivery('a', { state: 'DELIVERED' }))).toBe(true);
    expect(canRedeliver(delivery('a', { state: 'RETRYING' }))).toBe(false);
    expect(canRedeliver(delivery('a', { state: 'PENDING' }))).toBe(false);
    expect(canRedeliver(delivery('a', { state: 'CANCELLED' }))).toBe(false);
  });

  it('says what happens next', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(deliveryProgress(delivery('a', { state: 'DELIVERED', attempts: 1 }), now)).toBe(
      'delivered on the first attempt',
    );
    expect(deliveryProgress(delivery('a', { state: 'DELIVERED', attempts: 3 }), now)).toBe(
      'delivered on attempt 3',
    );
    expect(deliveryProgress(delivery('a', { state: 'DEAD', attempts: 10 }), now)).toContain(
      'redeliver',
    );
    expect(
      deliveryProgress(
        delivery('a', { state: 'RETRYING', attempts: 2, nextAttemptAt: '2026-12-01T10:00:04Z' }),
        now,
      ),
    ).toBe('2 of 10 attempts, next in 4.0 s');
    expect(stateTone('DEAD')).toBe('failed');
    expect(stateTone('DELIVERED')).toBe('succeeded');
  });
});
