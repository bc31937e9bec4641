import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { JOBS } from '../graphql/operations';
import type { JobFilter, JobStatus } from '../graphql/types';
import { Link } from '../routing/Link';
import { paths } from '../routing/router';
import { ErrorMessage } from '../ui/ErrorMessage';
import { formatTime } from '../ui/format';
import { ProgressBar } from '../ui/ProgressBar';
import { StatusBadge } from '../ui/StatusBadge';
import { DemoButtons } from './DemoButtons';
import { NewJobForm } from './NewJobForm';
import { OrchestratorSummary } from './OrchestratorSummary';

const STATUSES: JobStatus[] = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'];
const POLL_MS = 2_000;

export function JobsPage() {
  const [status, setStatus] = useState<JobStatus | ''>('');
  const [name, setName] = useState('');
  const filter: JobFilter = {
    ...(status ? { status: [status] } : {}),
    ...(name.trim() ? { nameContains: name.trim() } : {}),
  };
  const { data, error, loading } = useQuery(JOBS, {
    variables: { filter, first: 50 },
    pollInterval: POLL_MS,
    fetchPolicy: 'cache-and-network',
  });
  const jobs = data?.jobs.edges.map((e) => e.node) ?? [];

  return (
    <div className="page">
      <div className="page-header">
        <h1>Jobs</h1>
        <DemoButtons />
      </div>
      <OrchestratorSummary />
      <div className="columns">
        <section className="panel grow" aria-labelledby="job-list-title">
          <h2 id="job-list-title">All jobs</h2>
          <div className="filters">
            <label>
              Status
              <select value={status} onChange={(e) => setStatus(e.target.value as JobStatus)}>
                <option value="">any</option>
                {STATUSES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label>
              Name contains
              <input value={name} onChange={(e) => setName(e.target.value)} />
            </label>
          </div>
          <ErrorMessage error={error} title="Could not load jobs" />
          {loading && !data && <p>Loading…</p>}
          {data && jobs.length === 0 && <p data-testid="no-jobs">No jobs yet.</p>}
          {jobs.length > 0 && (
            <table className="table" data-testid="job-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id} data-testid="job-row" data-job-id={job.id}>
                    <td>
                      <Link to={paths.job(job.id)}>{job.name}</Link>
                      {job.replayOf && <span className="muted"> (replay)</span>}
                    </td>
                    <td>
                      <StatusBadge status={job.status} testId="job-status" />
                    </td>
                    <td>
                      <ProgressBar
                        progress={job.progress}
                        label={`Progress of ${job.name}`}
                        testId="job-progress"
                      />
                    </td>
                    <td>{formatTime(job.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <NewJobForm />
      </div>
    </div>
  );
}
