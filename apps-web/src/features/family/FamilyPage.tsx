import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import type {
  FamilyFiguresFragment,
  FamilySpendFragment,
} from '../../shared/graphql/generated/graphql';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatDuration, formatTime } from '../../shared/ui/format';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { formatUsd } from '../job/usage';
import { JOB_FAMILY } from './queries';
import { Bars } from './Bars';

/**
 * A job's family by replays (the original it descends from and every replay below it) and what the
 * family did: per step, runs, success, attempts, durations and spend; per replay, what it kept,
 * what it ran again and how its outcome, time and spend differ from its original's. Attempts a
 * replay copied count once, in the original.
 */
export function FamilyPage() {
  usePageTitle('Family');
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(JOB_FAMILY, { variables: { id } });
  if (loading && !data) return <p className="page">Reading the family…</p>;
  if (error) {
    return (
      <div className="page">
        <ErrorMessage error={error} title="Could not read the family" />
      </div>
    );
  }
  if (!data) return null;
  const { jobFamily: family, jobAnalysis: analysis } = data;
  const root = family.members[0]?.job;
  return (
    <div className="page" data-testid="family-page">
      <div className="page-header">
        <h1>Family of {root?.name ?? 'a job'}</h1>
        <Link to={paths.job(id)}>Back to the job</Link>
      </div>
      <div className="columns">
        <section className="panel" aria-labelledby="tree-title">
          <h2 id="tree-title">
            {family.members.length} {family.members.length === 1 ? 'job' : 'jobs'}
          </h2>
          {family.truncated && <p className="muted">Only the first 1,000 members are shown.</p>}
          <ul className="family-tree" data-testid="family-tree">
            {family.members.map((m) => (
              <li
                key={m.job.id}
                style={{ paddingLeft: `${Math.min(m.depth, 8) * 1.25}rem` }}
                data-testid="family-member"
                data-depth={m.depth}
                className={m.job.id === id ? 'current' : undefined}
              >
                {m.depth > 0 && <span aria-hidden="true">↳ </span>}
                <Link to={paths.job(m.job.id)}>{m.job.name}</Link>{' '}
                <StatusBadge status={m.job.status} />{' '}
                <span className="muted">
                  {m.parentId ? `forked at v${m.job.replayOf?.version ?? '?'} · ` : 'original · '}
                  {formatTime(m.job.createdAt)} · {formatDuration(m.job.durationMs)}
                </span>
                {m.parentId && (
                  <>
                    {' '}
                    <Link to={paths.compare(m.parentId, m.job.id)}>compare</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="outcomes-title">
          <h2 id="outcomes-title">Outcomes</h2>
          <ul className="chips" data-testid="family-outcomes">
            {analysis.outcomes
              .filter((o) => o.count > 0)
              .map((o) => (
                <li key={o.status} data-status={o.status}>
                  <StatusBadge status={o.status} /> {o.count}
                </li>
              ))}
          </ul>
          <h3>Per role</h3>
          <FiguresTable
            heading="Role"
            rows={analysis.roles.map((r) => ({ key: r.role, label: r.role, figures: r.figures }))}
            testId="family-roles"
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        <p className="muted">
          Each run is one job that ran the step itself; durations are per attempt (p50 / p95).
        </p>
        <Bars
          title="Attempt duration per step, p50 and p95"
          rows={analysis.steps.map((s) => ({
            label: s.stepId,
            values: [s.figures.attemptP50Ms ?? 0, s.figures.attemptP95Ms ?? 0],
            text: `${formatDuration(s.figures.attemptP50Ms)} / ${formatDuration(s.figures.attemptP95Ms)}`,
          }))}
          legend={['p50', 'p95']}
          testId="family-duration-chart"
        />
        <Bars
          title="Tokens per step"
          rows={analysis.steps.map((s) => ({
            label: s.stepId,
            values: [s.figures.spend.totalTokens],
            text: `${s.figures.spend.totalTokens.toLocaleString('en-US')} · ${formatUsd(s.figures.spend.costUsd)}`,
          }))}
          legend={['tokens']}
          testId="family-tokens-chart"
        />
        <FiguresTable
          heading="Step"
          rows={analysis.steps.map((s) => ({ key: s.stepId, label: s.stepId, figures: s.figures }))}
          testId="family-steps"
        />
      </section>
      <section className="panel" aria-labelledby="replays-title">
        <h2 id="replays-title">Replays against their originals</h2>
        {analysis.replays.length === 0 ? (
          <p className="muted">No replays in this family yet.</p>
        ) : (
          <table className="table card-table" data-testid="family-replays">
            <thead>
              <tr>
                <th scope="col">Replay</th>
                <th scope="col">Forked</th>
                <th scope="col">Outcome</th>
                <th scope="col">Duration</th>
                <th scope="col">Spend</th>
              </tr>
            </thead>
            <tbody>
              {analysis.replays.map((r) => (
                <tr key={r.replay.id} data-testid="family-replay" data-replay={r.replay.id}>
                  <td data-label="Replay">
                    <Link to={paths.job(r.replay.id)}>{r.replay.name}</Link>
                    <span className="muted">
                      {' '}
                      {formatTime(r.replay.createdAt)}, of {r.original.name} ·{' '}
                    </span>
                    <Link to={paths.compare(r.original.id, r.replay.id)}>compare</Link>
                  </td>
                  <td data-label="Forked">
                    at v{r.forkedAtVersion}; kept {r.copiedSteps.join(', ') || 'nothing'}; ran{' '}
                    {r.rerunSteps.join(', ') || 'nothing yet'}
                  </td>
                  <td data-label="Outcome" data-testid="replay-outcome">
                    <StatusBadge status={r.originalStatus} /> →{' '}
                    <StatusBadge status={r.replayStatus} />
                  </td>
                  <td data-label="Duration">
                    {formatDuration(r.originalDurationMs)} → {formatDuration(r.replayDurationMs)}
                  </td>
                  <td data-label="Spend">
                    {spendText(r.originalSpend)} → {spendText(r.replaySpend)} (its own calls)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function spendText(spend: FamilySpendFragment): string {
  return `${spend.totalTokens.toLocaleString('en-US')} tokens, ${formatUsd(spend.costUsd)}`;
}

function rate(figures: FamilyFiguresFragment): string {
  return figures.successRate === null ? '–' : `${Math.round(figures.successRate * 100)}%`;
}

function FiguresTable({
  heading,
  rows,
  testId,
}: {
  heading: string;
  rows: { key: string; label: string; figures: FamilyFiguresFragment }[];
  testId: string;
}) {
  if (rows.length === 0) return <p className="muted">No step has run yet.</p>;
  return (
    <table className="table card-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">Runs</th>
          <th scope="col">Success</th>
          <th scope="col">Attempts</th>
          <th scope="col">p50 / p95</th>
          <th scope="col">Tokens</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, figures }) => (
          <tr key={key} data-testid="figures-row" data-key={key}>
            <td data-label={heading}>{label}</td>
            <td data-label="Runs" data-testid="runs">
              {figures.runs} ({figures.succeeded} ok, {figures.failed} failed)
            </td>
            <td data-label="Success" data-testid="success-rate">
              {rate(figures)}
            </td>
            <td data-label="Attempts">
              {figures.attempts}
              {figures.failedAttempts > 0 && ` (${figures.failedAttempts} failed)`}
            </td>
            <td data-label="p50 / p95">
              {formatDuration(figures.attemptP50Ms)} / {formatDuration(figures.attemptP95Ms)}
            </td>
            <td data-label="Tokens">{figures.spend.totalTokens.toLocaleString('en-US')}</td>
            <td data-label="Cost">
              {formatUsd(figures.spend.costUsd)}
              {figures.spend.unpricedCalls > 0 && ` + ${figures.spend.unpricedCalls} unpriced`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
