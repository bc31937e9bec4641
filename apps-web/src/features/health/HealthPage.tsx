import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import type { OrchestratorHealthSubscription } from '../../shared/graphql/generated/graphql';
import { formatTime } from '../../shared/ui/format';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { Chart, WINDOW_S } from './Chart';
import { JOB_COUNTS, ORCHESTRATOR_HEALTH } from './queries';

interface Sample {
  t: number;
  eventsPerSecond: number;
  appendP95: number;
  lag: number;
}

/** The event processing's health, live: instances, throughput, latency, subscribers, lag, jobs. */
export function HealthPage() {
  usePageTitle('Health');
  const [samples, setSamples] = useState<Sample[]>([]);
  const health = useSubscription(ORCHESTRATOR_HEALTH, {
    onData: ({ data }) => {
      const s = data.data?.orchestratorHealth;
      if (!s) return;
      const t = Date.parse(s.timestamp) / 1_000;
      setSamples((all) =>
        [
          ...all,
          {
            t,
            eventsPerSecond: s.eventsPerSecond,
            appendP95: s.appendLatencyP95Ms,
            lag: s.projectionLagMs,
          },
        ].filter((x) => x.t > t - WINDOW_S),
      );
    },
  });
  const counts = useQuery(JOB_COUNTS, { pollInterval: 5_000 });
  const status = health.data?.orchestratorHealth;
  const times = samples.map((s) => s.t);

  return (
    <div className="page">
      <h1>Health</h1>
      <ErrorMessage error={health.error} title="Health stream" />
      {!status && !health.error && <p>Waiting for the first report…</p>}
      {status && (
        <>
          <div className="stats" data-testid="health-stats">
            <Stat label="Running jobs" value={status.runningJobs} />
            <Stat label="Waiting for a worker" value={status.queuedJobs} />
            <Stat label="Subscribers" value={status.subscribers} />
            <Stat label="Delivery lag" value={`${status.projectionLagMs.toFixed(0)} ms`} />
          </div>
          <div className="two">
            <Chart
              title="Events appended"
              unit="/s"
              times={times}
              values={samples.map((s) => s.eventsPerSecond)}
              testId="chart-events"
            />
            <Chart
              title="Append latency p95"
              unit="ms"
              times={times}
              values={samples.map((s) => s.appendP95)}
              testId="chart-latency"
            />
          </div>
          <section className="panel" aria-labelledby="instances-title">
            <h2 id="instances-title">Instances</h2>
            <table className="table card-table">
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Started</th>
                  <th scope="col">Last heartbeat</th>
                  <th scope="col">Jobs held</th>
                </tr>
              </thead>
              <tbody>
                {status.instances.map((i) => (
                  <tr key={i.id} data-testid="instance">
                    <td data-label="Instance">
                      {i.id}
                      {i.id === status.instanceId && <span className="muted"> (this one)</span>}
                    </td>
                    <td data-label="Started">{formatTime(i.startedAt)}</td>
                    <td data-label="Last heartbeat">{formatTime(i.lastHeartbeat)}</td>
                    <td data-label="Jobs held">{i.runningJobs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <Consumers consumers={status.consumers} />
        </>
      )}
      {counts.data && (
        <section className="panel" aria-labelledby="by-status-title">
          <h2 id="by-status-title">Jobs by status</h2>
          <div className="stats">
            {counts.data.jobs.counts.map((c) => (
              <Stat key={c.status} label={c.status.toLowerCase()} value={c.count} />
            ))}
          </div>
        </section>
      )}
    </div>
  );
}

type Consumer = NonNullable<
  OrchestratorHealthSubscription['orchestratorHealth']
>['consumers'][number];

/** The durable consumers of the log (alerts, broker publishing): who runs each, how far behind. */
function Consumers({ consumers }: { consumers: Consumer[] }) {
  return (
    <section className="panel" aria-labelledby="consumers-title">
      <h2 id="consumers-title">Durable consumers</h2>
      {consumers.length === 0 && <p className="muted">No consumer has run yet.</p>}
      {consumers.length > 0 && (
        <table className="table card-table" data-testid="consumers">
          <thead>
            <tr>
              <th scope="col">Consumer</th>
              <th scope="col">Held by</th>
              <th scope="col">Position</th>
              <th scope="col">Lag</th>
              <th scope="col">Delivered</th>
              <th scope="col">Failed</th>
              <th scope="col">Retrying</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {consumers.map((c) => (
              <tr key={c.name} data-testid="consumer" data-consumer={c.name} data-active={c.active}>
                <td data-label="Consumer">
                  <strong>{c.name}</strong>
                </td>
                <td data-label="Held by" className="wrap">
                  {c.owner && c.active ? c.owner : <span className="muted">nobody (idle)</span>}
                </td>
                <td data-label="Position" className="wrap">
                  <span className="mono">{c.position}</span>
                </td>
                <td data-label="Lag" data-testid="consumer-lag">
                  {c.lagEvents} events, {c.lagSeconds.toFixed(1)} s
                </td>
                <td data-label="Delivered">{c.delivered}</td>
                <td data-label="Failed">{c.failed}</td>
                <td data-label="Retrying">{c.retrying}</td>
                <td data-label="Last error" className="wrap">
                  {c.lastError ? (
                    <>
                      {c.lastError} <span className="muted">({formatTime(c.lastErrorAt)})</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Stat({ label, value }: { label: string; value: number | string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
