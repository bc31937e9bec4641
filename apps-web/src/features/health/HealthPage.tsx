import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
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
            <div className="scroll-x">
              <table className="table">
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
                      <td>
                        {i.id}
                        {i.id === status.instanceId && <span className="muted"> (this one)</span>}
                      </td>
                      <td>{formatTime(i.startedAt)}</td>
                      <td>{formatTime(i.lastHeartbeat)}</td>
                      <td>{i.runningJobs}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
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

function Stat({ label, value }: { label: string; value: number | string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
