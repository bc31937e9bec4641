import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { JobFilter } from '../../shared/graphql/generated/graphql';
import type { JobSort, JobStatus } from '../../shared/graphql/types';
import { isTerminal } from '../../shared/graphql/types';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatDuration, formatTime } from '../../shared/ui/format';
import { parseJsonObject } from '../../shared/ui/jsonInput';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { StatusBadge } from '../../shared/ui/StatusBadge';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { replayAtDefaultFork } from '../replay';
import { useCallerRole } from '../../shared/session/caller';
import { DemoButtons } from './DemoButtons';
import { NewJobForm } from './NewJobForm';
import { OrchestratorSummary } from './OrchestratorSummary';
import { CANCEL_JOBS } from './queries';
import type { JobRow } from './useJobList';
import { useJobList } from './useJobList';

const SORTS: { value: JobSort; label: string }[] = [
  { value: 'CREATED', label: 'Newest' },
  { value: 'UPDATED', label: 'Recently updated' },
  { value: 'DURATION', label: 'Longest' },
];

export function JobsPage() {
  usePageTitle('Jobs');
  const [search, setSearch] = useSearchParams();
  const status = (search.get('status') ?? '') as JobStatus | '';
  const name = search.get('q') ?? '';
  const sort = (search.get('sort') ?? 'CREATED') as JobSort;
  const filter: JobFilter = {
    ...(status ? { status: [status] } : {}),
    ...(name.trim() ? { nameContains: name.trim() } : {}),
  };
  const list = useJobList(filter, sort);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // A VIEWER reads: no demo, no new job, no bulk cancel (the server refuses them anyway).
  const { canOperate } = useCallerRole();
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
    setSelected(new Set());
  };
  const all = list.counts.reduce((sum, c) => sum + c.count, 0);
  const firstRun = !list.loading && all === 0 && !name;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Jobs</h1>
        {canOperate && <DemoButtons />}
      </div>
      <OrchestratorSummary />
      <div className="columns">
        <section className="panel grow" aria-labelledby="job-list-title">
          <h2 id="job-list-title">All jobs</h2>
          <div className="tabs" role="group" aria-label="Status" data-testid="status-tabs">
            <button type="button" aria-pressed={!status} onClick={() => setParam('status', '')}>
              All <span className="count">{all}</span>
            </button>
            {list.counts.map((c) => (
              <button
                key={c.status}
                type="button"
                aria-pressed={status === c.status}
                data-testid={`count-${c.status}`}
                data-count={c.count}
                onClick={() => setParam('status', c.status)}
              >
                {c.status.toLowerCase()} <span className="count">{c.count}</span>
              </button>
            ))}
          </div>
          <div className="filters">
            <label>
              Name contains
              <input
                type="search"
                value={name}
                onChange={(e) => setParam('q', e.target.value)}
                data-testid="name-filter"
              />
            </label>
            <label>
              Sort
              <select value={sort} onChange={(e) => setParam('sort', e.target.value)}>
                {SORTS.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {canOperate && selected.size > 0 && (
            <BulkActions
              rows={list.rows.filter((r) => selected.has(r.id))}
              onDone={() => setSelected(new Set())}
            />
          )}
          <ErrorMessage error={list.error} title="Could not load jobs" />
          {list.loading && list.rows.length === 0 && <p>Loading…</p>}
          {firstRun && <FirstRun />}
          {!list.loading && !firstRun && list.rows.length === 0 && (
            <p data-testid="no-jobs">No job matches these filters.</p>
          )}
          {list.rows.length > 0 && (
            <div className="scroll-x">
              <table className="table job-table" data-testid="job-list">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="sr-only">Select</span>
                    </th>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">Progress</th>
                    <th scope="col">Created</th>
                    <th scope="col">Duration</th>
                  </tr>
                </thead>
                <tbody>
                  {list.rows.map((job) => (
                    <JobListRow
                      key={job.id}
                      job={job}
                      selected={selected.has(job.id)}
                      onToggle={(on) => {
                        const next = new Set(selected);
                        if (on) next.add(job.id);
                        else next.delete(job.id);
                        setSelected(next);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="muted" data-testid="job-count">
            Showing {list.rows.length} of {list.total}
          </p>
          {list.hasMore && (
            <button
              type="button"
              onClick={list.loadMore}
              disabled={list.loading}
              data-testid="load-more"
            >
              {list.loading
                ? 'Loading…'
                : `Load ${Math.min(50, list.total - list.rows.length)} more`}
            </button>
          )}
        </section>
        {canOperate && <NewJobForm />}
      </div>
    </div>
  );
}

function JobListRow({
  job,
  selected,
  onToggle,
}: {
  job: JobRow;
  selected: boolean;
  onToggle(on: boolean): void;
}) {
  return (
    <tr data-testid="job-row" data-job-id={job.id} data-status={job.status}>
      <td>
        <input
          type="checkbox"
          checked={selected}
          aria-label={`Select ${job.name}`}
          onChange={(e) => onToggle(e.target.checked)}
        />
      </td>
      <td data-label="Name">
        <Link to={paths.job(job.id)}>{job.name}</Link>
        {job.replayOf && <span className="muted"> (replay)</span>}
      </td>
      <td data-label="Status">
        <StatusBadge status={job.status} testId="job-status" />
      </td>
      <td data-label="Progress">
        <ProgressBar
          progress={job.progress}
          label={`Progress of ${job.name}`}
          testId="job-progress"
        />
      </td>
      <td data-label="Created">{formatTime(job.createdAt)}</td>
      <td data-label="Duration">{formatDuration(job.durationMs)}</td>
    </tr>
  );
}

/** Cancel the selected jobs, or replay each from its default fork point with the same overrides. */
function BulkActions({ rows, onDone }: { rows: JobRow[]; onDone(): void }) {
  const client = useApolloClient();
  const [overrides, setOverrides] = useState('{}');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const parsed = parseJsonObject(overrides);
  const cancellable = rows.filter((r) => !isTerminal(r.status));

  const run = async (action: (row: JobRow) => Promise<unknown>, verb: string, of: JobRow[]) => {
    setBusy(true);
    setError(null);
    const outcomes = await Promise.allSettled(of.map(action));
    const failed = outcomes.filter((o) => o.status === 'rejected');
    setResult(`${verb} ${of.length - failed.length} of ${of.length}.`);
    if (failed.length > 0) setError((failed[0] as PromiseRejectedResult).reason);
    setBusy(false);
    onDone();
  };

  return (
    <div className="bulk panel-inset" data-testid="bulk-actions">
      <span>{rows.length} selected</span>
      <button
        type="button"
        className="danger"
        disabled={busy || cancellable.length === 0}
        onClick={() =>
          void run(
            (r) => client.mutate({ mutation: CANCEL_JOBS, variables: { id: r.id } }),
            'Cancelled',
            cancellable,
          )
        }
      >
        Cancel {cancellable.length}
      </button>
      <label>
        Overrides
        <input value={overrides} onChange={(e) => setOverrides(e.target.value)} className="code" />
      </label>
      <button
        type="button"
        disabled={busy || !parsed.ok}
        onClick={() =>
          parsed.ok &&
          void run((r) => replayAtDefaultFork(client, r.id, parsed.value), 'Replayed', rows)
        }
      >
        Replay {rows.length}
      </button>
      {result && <span role="status">{result}</span>}
      <ErrorMessage error={error} title="Some did not go through" />
    </div>
  );
}

function FirstRun() {
  return (
    <div className="empty-state" data-testid="no-jobs">
      <h3>No jobs yet</h3>
      <p>
        A job runs a planner, a coder and a critique, each an agent. <strong>Demo run</strong>{' '}
        starts one with the simulated agent that succeeds; <strong>Demo failure</strong> one whose
        coder fails every attempt, so you can watch the retries, then replay it from the last good
        step without the failure and compare the two. Or describe your own job in the form.
      </p>
    </div>
  );
}
