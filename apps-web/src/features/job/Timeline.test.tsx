import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attemptFixture, jobFixture, stepFixture } from '../../shared/test/fixtures';
import { StepsTable } from './StepsTable';
import { Timeline } from './Timeline';

/** A coder step whose first attempt failed and was retried after a wait. */
function retriedJob() {
  const code = stepFixture({
    id: 'code-1',
    role: 'CODER',
    iteration: 1,
    startedAt: '2026-01-01T10:00:02Z',
    endedAt: '2026-01-01T10:01:08Z',
    wallTimeMs: 66_000,
    attempts: [
      attemptFixture({
        number: 1,
        status: 'FAILED',
        failureKind: 'ERROR',
        error: 'timed out',
        startedAt: '2026-01-01T10:00:02Z',
        endedAt: '2026-01-01T10:00:02.300Z',
        durationMs: 300,
        retryAt: '2026-01-01T10:01:07Z',
        retryWaitMs: 64_700,
      }),
      attemptFixture({
        number: 2,
        startedAt: '2026-01-01T10:01:07.700Z',
        endedAt: '2026-01-01T10:01:08Z',
        durationMs: 300,
      }),
    ],
  });
  return jobFixture({
    status: 'COMPLETED',
    endedAt: '2026-01-01T10:01:08Z',
    steps: [stepFixture({ attempts: [attemptFixture({ copied: true })] }), code],
  });
}

afterEach(cleanup);

describe('Timeline', () => {
  it('draws a bar per attempt with its own duration, the wait, and copied attempts hatched', () => {
    render(<Timeline job={retriedJob()} selected={null} onSelect={() => undefined} />);

    const bars = screen.getAllByTestId('attempt-bar');
    expect(bars).toHaveLength(3);
    expect(bars[0].className).toContain('copied');
    expect(bars[1].getAttribute('aria-label')).toBe('code-1 attempt 1: failed (error), 300 ms');
    expect(bars[2].getAttribute('aria-label')).toBe('code-1 attempt 2: succeeded, 300 ms');
    expect(document.querySelectorAll('.wait-bar')).toHaveLength(1);
  });

  it('selects an attempt when its bar is pressed', () => {
    const onSelect = vi.fn();
    render(<Timeline job={retriedJob()} selected={null} onSelect={onSelect} />);

    fireEvent.click(screen.getAllByTestId('attempt-bar')[2]);

    expect(onSelect).toHaveBeenCalledWith({ stepId: 'code-1', attempt: 2 });
  });

  it('says a queued job is waiting for an instance', () => {
    render(
      <Timeline
        job={jobFixture({ status: 'QUEUED' })}
        selected={null}
        onSelect={() => undefined}
      />,
    );
    expect(screen.getByTestId('timeline-empty').textContent).toContain('Queued');
  });
});

describe('StepsTable', () => {
  it("labels a step's total as wall time and gives each attempt its own duration", () => {
    render(<StepsTable job={retriedJob()} selected={null} onSelect={() => undefined} />);

    const durations = screen.getAllByTestId('attempt-row-duration').map((d) => d.textContent);
    expect(durations).toEqual(['300 ms', '300 ms', '300 ms']);
    const code = document.querySelector('[data-step="code-1"] .step-row')!;
    expect(code.textContent).toContain('wall time 1 min 6 s');
  });
});
