import { describe, expect, it } from 'vitest';
import { eventFixture } from '../../shared/test/fixtures';
import { filterEvents } from './filterEvents';

const events = [
  eventFixture(1, 'JobCreated'),
  eventFixture(2, 'PlannerStarted'),
  eventFixture(3, 'PlannerCompleted'),
];

describe('filterEvents', () => {
  it('keeps one event type', () => {
    expect(filterEvents(events, 'PlannerStarted', '').map((e) => e.sequence)).toEqual([2]);
  });

  it('searches type, metadata and data, ignoring case', () => {
    expect(filterEvents(events, '', 'planner').map((e) => e.sequence)).toEqual([2, 3]);
    expect(filterEvents(events, '', 'INSTANCE-A')).toHaveLength(3);
    expect(filterEvents(events, '', '"sequence":3').map((e) => e.sequence)).toEqual([3]);
    expect(filterEvents(events, '', 'JobEvent')).toEqual([]);
  });
});
