import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { paths } from '../../shared/paths';
import { ORCHESTRATOR_STATUS } from './queries';

/** One line about the cluster; silent when the status cannot be read. */
export function OrchestratorSummary() {
  const { data } = useQuery(ORCHESTRATOR_STATUS, { pollInterval: 5_000 });
  const status = data?.orchestratorStatus;
  if (!status) return null;
  return (
    <p className="muted" data-testid="orchestrator-status">
      {status.instances.length} instance(s) · {status.runningJobs} running · {status.queuedJobs}{' '}
      queued · {status.eventsPerSecond.toFixed(1)} events/s · {status.subscribers} subscribers ·{' '}
      <Link to={paths.health()}>health</Link>
    </p>
  );
}
