import { Link } from 'react-router';
import type { Job } from '../../shared/graphql/types';
import { paths } from '../../shared/paths';
import { CopyButton } from '../../shared/ui/CopyButton';
import { formatDuration, formatTime, millisBetween } from '../../shared/ui/format';
import { JsonBlock } from '../../shared/ui/JsonBlock';
import { formatBudgets, formatJobCost, formatTokens } from './usage';
import type { Replays } from './useJobSubscription';

/** What ran: parameters, agents, limits, the times, why it stopped, and its lineage. */
export function JobHeader({ job, replays }: { job: Job; replays: Replays }) {
  const agents = job.agents;
  const budgets = formatBudgets(job.limits);
  return (
    <section className="panel" aria-labelledby="about-title">
      <h2 id="about-title">What ran</h2>
      <dl className="facts">
        <dt>Id</dt>
        <dd>
          <code data-testid="job-id">{job.id}</code>{' '}
          <CopyButton text={job.id} label="Copy job id" />
        </dd>
        <dt>Created</dt>
        <dd>
          {formatTime(job.createdAt)} by {job.createdBy}
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(job.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(job.endedAt)}</dd>
        <dt>Duration</dt>
        <dd data-testid="job-duration">
          {formatDuration(job.durationMs ?? millisBetween(job.createdAt, null))}
          {job.durationMs === null && <span className="muted"> so far</span>}
        </dd>
        <dt>Current step</dt>
        <dd data-testid="job-current-step">{job.currentStep ?? '—'}</dd>
        <dt>Iteration</dt>
        <dd>
          {job.iteration} of {job.limits.maxIterations}
        </dd>
        <dt>Version</dt>
        <dd data-testid="job-version" data-updated-at={job.updatedAt}>
          {job.version}
        </dd>
        <dt>Agents</dt>
        <dd>
          planner {agents.planner.kind} · coder {agents.coder.kind} · critique{' '}
          {agents.critique.kind}
        </dd>
        <dt>Limits</dt>
        <dd>
          {job.limits.maxAttempts} attempts per step, step timeout{' '}
          {formatDuration(job.limits.stepTimeoutMs)}, backoff{' '}
          {formatDuration(job.limits.backoffInitialMs)}–{formatDuration(job.limits.backoffMaxMs)}
        </dd>
        <dt>Usage</dt>
        <dd data-testid="job-usage">
          {formatTokens(job.usage.totalTokens, job.usage.promptTokens, job.usage.completionTokens)}{' '}
          · cost <span data-testid="job-cost">{formatJobCost(job.usage)}</span> · agent time{' '}
          {formatDuration(job.usage.agentTimeMs)}
        </dd>
        {budgets && (
          <>
            <dt>Budgets</dt>
            <dd data-testid="job-budgets">{budgets}</dd>
          </>
        )}
        {job.replayOf && (
          <>
            <dt>Replay of</dt>
            <dd data-testid="replay-of">
              <Link to={paths.job(job.replayOf.jobId)}>
                {job.replayOf.job?.name ?? job.replayOf.jobId}
              </Link>{' '}
              from version {job.replayOf.version} ·{' '}
              <Link to={paths.compare(job.replayOf.jobId, job.id)}>compare</Link>
            </dd>
          </>
        )}
        {replays.length > 0 && (
          <>
            <dt>Replays</dt>
            <dd data-testid="replays">
              {replays.map((r) => (
                <span key={r.id} className="chip">
                  <Link to={paths.job(r.id)}>{formatTime(r.createdAt)}</Link> {r.status} ·{' '}
                  <Link to={paths.compare(job.id, r.id)}>compare</Link>
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      {job.failureReason && (
        <p className="error" data-testid="failure-reason">
          Failed: {job.failureReason}
        </p>
      )}
      {job.pauseReason && <p className="muted">Paused: {job.pauseReason}</p>}
      {job.cancelReason && <p className="muted">Cancelled: {job.cancelReason}</p>}
      <div className="two">
        <JsonBlock value={job.parameters} label="Parameters" />
        <JsonBlock value={job.agents} label="Agent settings" collapsed />
      </div>
      <h3>Task</h3>
      <p className="pre-wrap">{job.task}</p>
    </section>
  );
}
