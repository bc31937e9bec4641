import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { paths } from '../../shared/paths';
import { DiffList } from '../../shared/ui/DiffList';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatDuration, formatTime } from '../../shared/ui/format';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatUsd } from '../job';
import { COMPARE_JOBS, COMPARE_PICKER } from './queries';

/**
 * Two jobs side by side, typically an original and its replay: what differs overall, and each step
 * (aligned by role and iteration) with its attempts (aligned by number), durations side by side.
 */
export function ComparePage() {
  usePageTitle('Compare');
  const [search] = useSearchParams();
  const left = search.get('left') ?? '';
  const right = search.get('right') ?? '';
  return (
    <div className="page">
      <h1>Compare</h1>
      <Picker left={left} right={right} />
      {left && right && <Comparison left={left} right={right} />}
    </div>
  );
}

function Picker({ left, right }: { left: string; right: string }) {
  const navigate = useNavigate();
  const [l, setL] = useState(left);
  const [r, setR] = useState(right);
  const [name, setName] = useState('');
  const options = useQuery(COMPARE_PICKER, {
    variables: { id: l || '00000000-0000-0000-0000-000000000000', name: name || null },
  });
  const replays = options.data?.job?.replays ?? [];
  const found = options.data?.jobs.edges.map((e) => e.node) ?? [];
  return (
    <form
      className="panel form compare-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (l && r) void navigate(paths.compare(l, r));
      }}
    >
      <label htmlFor="compare-left">Original (job id)</label>
      <input id="compare-left" value={l} onChange={(e) => setL(e.target.value.trim())} />
      <label htmlFor="compare-search">Find a job by name</label>
      <input
        id="compare-search"
        type="search"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <label htmlFor="compare-right">Replay or other job</label>
      <select id="compare-right" value={r} onChange={(e) => setR(e.target.value)}>
        <option value="">choose…</option>
        {replays.length > 0 && (
          <optgroup label="Replays of the original">
            {replays.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name} · {formatTime(j.createdAt)} · {j.status}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label={name ? `Jobs named like "${name}"` : 'Recent jobs'}>
          {found.map((j) => (
            <option key={j.id} value={j.id}>
              {j.name} · {formatTime(j.createdAt)} · {j.status}
            </option>
          ))}
        </optgroup>
        {r && !replays.some((j) => j.id === r) && !found.some((j) => j.id === r) && (
          <option value={r}>{r}</option>
        )}
      </select>
      <div className="actions">
        <button type="submit" disabled={!l || !r}>
          Compare
        </button>
      </div>
    </form>
  );
}

function Comparison({ left, right }: { left: string; right: string }) {
  const { data, error, loading } = useQuery(COMPARE_JOBS, { variables: { left, right } });
  if (loading && !data) return <p>Comparing…</p>;
  if (error) return <ErrorMessage error={error} title="Could not compare" />;
  if (!data) return null;
  const c = data.compareJobs;
  const isReplay = c.right.replayOf?.jobId === c.left.id;
  const leftLabel = `${isReplay ? 'Original' : 'Left'}: ${c.left.name} (v${c.left.version})`;
  const rightLabel = `${isReplay ? 'Replay' : 'Right'}: ${c.right.name} (v${c.right.version})`;
  return (
    <>
      <section className="panel" aria-labelledby="overall-title">
        <h2 id="overall-title">Overall</h2>
        <div className="two">
          <p data-testid="compare-left">
            <Link to={paths.job(c.left.id)}>{leftLabel}</Link>{' '}
            <StatusBadge status={c.left.status} /> {formatDuration(c.left.durationMs)}
          </p>
          <p data-testid="compare-right">
            <Link to={paths.job(c.right.id)}>{rightLabel}</Link>{' '}
            <StatusBadge status={c.right.status} /> {formatDuration(c.right.durationMs)}
          </p>
        </div>
        <DiffList
          changes={c.differences}
          leftLabel={leftLabel}
          rightLabel={rightLabel}
          testId="job-differences"
        />
        {c.right.reusedSteps.length > 0 && (
          <p data-testid="compare-reused">
            <strong>Reused by the replay</strong> (no agent call): {c.right.reusedSteps.join(', ')}.
            Saved {c.right.reused.calls} call
            {c.right.reused.calls === 1 ? '' : 's'},{' '}
            {c.right.reused.totalTokens.toLocaleString('en-US')} tokens,{' '}
            {formatUsd(c.right.reused.costUsd)}, {formatDuration(c.right.reused.agentTimeMs)} of
            agent time.
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        {c.steps.map((step) => (
          <details
            key={step.stepId}
            className={`compare-step${step.differs ? ' differs' : ''}`}
            open={step.differs}
            data-testid="compare-step"
            data-step={step.stepId}
            data-differs={step.differs}
          >
            <summary>
              <strong>{step.stepId}</strong>{' '}
              {c.right.reusedSteps.includes(step.stepId) && (
                <span className="badge badge-copied" data-testid="compare-step-reused">
                  reused
                </span>
              )}{' '}
              {step.differs ? (
                <span className="badge badge-failed">differs</span>
              ) : (
                <span className="muted">same</span>
              )}
              <span className="muted">
                {' '}
                · wall time {formatDuration(step.left?.wallTimeMs)} vs{' '}
                {formatDuration(step.right?.wallTimeMs)}
              </span>
            </summary>
            <DiffList changes={step.differences} leftLabel="Original" rightLabel="Replay" />
            {step.attempts.map((a) => (
              <div key={a.attempt} className="compare-attempt" data-testid="compare-attempt">
                <h4>
                  Attempt {a.attempt}: {a.left?.status ?? 'not run'} in{' '}
                  {formatDuration(a.left?.durationMs)} vs {a.right?.status ?? 'not run'} in{' '}
                  {formatDuration(a.right?.durationMs)}
                </h4>
                {a.differs && (
                  <DiffList changes={a.differences} leftLabel={leftLabel} rightLabel={rightLabel} />
                )}
              </div>
            ))}
          </details>
        ))}
      </section>
    </>
  );
}
