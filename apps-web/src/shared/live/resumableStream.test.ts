import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamSink, StreamStatus } from './resumableStream';
import { defaultRetryDelay, startResumableStream } from './resumableStream';

interface Item {
  n: number;
}

function harness(options: { confirmedByFirstItem?: boolean } = {}) {
  const opened: { cursor: number | null; sink: StreamSink<Item>; closed: boolean }[] = [];
  const statuses: StreamStatus[] = [];
  const items: number[] = [];
  const stop = startResumableStream<Item, number>({
    open(cursor, sink) {
      const entry = { cursor, sink, closed: false };
      opened.push(entry);
      return () => (entry.closed = true);
    },
    onItem: (item) => {
      if (items.includes(item.n)) return false;
      items.push(item.n);
      return true;
    },
    cursorOf: (item) => item.n,
    onStatus: (status) => statuses.push(status),
    isFatal: (error) => (error as Error).message === 'fatal',
    retryDelay: (attempt) => attempt * 100,
    ...options,
  });
  return { opened, statuses, items, stop, last: () => opened[opened.length - 1] };
}

describe('startResumableStream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resubscribes from the last accepted cursor after a transport error', () => {
    const s = harness();
    s.last().sink.next({ n: 1 });
    s.last().sink.next({ n: 2 });
    s.last().sink.error(new Error('socket closed'));

    expect(s.statuses).toEqual(['live', 'reconnecting']);
    expect(s.opened[0].closed).toBe(true);
    vi.advanceTimersByTime(100);
    expect(s.opened).toHaveLength(2);
    expect(s.last().cursor).toBe(2);
    expect(s.statuses.at(-1)).toBe('live');
  });

  it('waits longer after each failure in a row', () => {
    const s = harness();
    s.last().sink.error(new Error('down'));
    vi.advanceTimersByTime(100);
    s.last().sink.error(new Error('down'));
    vi.advanceTimersByTime(199);
    expect(s.opened).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(s.opened).toHaveLength(3);
  });

  it('does not move the cursor back for an item it had already', () => {
    const s = harness();
    s.last().sink.next({ n: 5 });
    s.last().sink.next({ n: 3 });
    s.last().sink.next({ n: 5 });
    s.last().sink.error(new Error('socket closed'));
    vi.advanceTimersByTime(100);
    expect(s.last().cursor).toBe(3);
  });

  it('stops for good on a fatal error', () => {
    const s = harness();
    s.last().sink.error(new Error('fatal'));
    vi.advanceTimersByTime(10_000);
    expect(s.opened).toHaveLength(1);
    expect(s.statuses.at(-1)).toBe('failed');
  });

  it('counts as live only after the first item when the server confirms with one', () => {
    const s = harness({ confirmedByFirstItem: true });
    expect(s.statuses).toEqual(['connecting']);
    s.last().sink.next({ n: 1 });
    s.last().sink.error(new Error('socket closed'));
    vi.advanceTimersByTime(100);
    expect(s.statuses).toEqual(['connecting', 'live', 'reconnecting']);
    s.last().sink.next({ n: 2 });
    expect(s.statuses.at(-1)).toBe('live');
  });

  it('ignores late messages from a closed subscription and closes on stop', () => {
    const s = harness();
    const first = s.last();
    first.sink.error(new Error('socket closed'));
    first.sink.next({ n: 9 });
    expect(s.items).toEqual([]);
    s.stop();
    vi.advanceTimersByTime(1_000);
    expect(s.opened).toHaveLength(1);
  });

  it('caps the default delay at ten seconds', () => {
    expect(defaultRetryDelay(1)).toBe(250);
    expect(defaultRetryDelay(3)).toBe(1_000);
    expect(defaultRetryDelay(20)).toBe(10_000);
  });
});
