import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { AlertDeliveryState } from '../../shared/graphql/generated/graphql';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatTime } from '../../shared/ui/format';
import { useNow } from '../../shared/ui/useNow';
import type { Delivery } from './deliveryLog';
import {
  attemptSummary,
  canRedeliver,
  DELIVERY_STATES,
  deliveryProgress,
  stateTone,
} from './deliveryLog';
import { REDELIVER } from './queries';
import { useDeliveryLog } from './useDeliveryLog';

/** A rule's deliveries, newest first, each with every attempt; dead ones can be sent again. */
export function DeliveryLog({ ruleId, canOperate }: { ruleId: string; canOperate: boolean }) {
  const [state, setState] = useState<AlertDeliveryState | null>(null);
  const { log, loading, error, loadingOlder, loadOlder, refresh } = useDeliveryLog(ruleId, state);

  return (
    <section className="panel" aria-labelledby="deliveries-title" data-testid="delivery-log">
      <div className="panel-header">
        <h2 id="deliveries-title">Delivery log</h2>
        <label className="inline-field">
          State{' '}
          <select
            value={state ?? ''}
            onChange={(e) => setState((e.target.value || null) as AlertDeliveryState | null)}
          >
            <option value="">all</option>
            {DELIVERY_STATES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} title="Delivery log" />
      {loading && <p>Loading…</p>}
      {!loading && log.rows.length === 0 && (
        <p className="empty-state" data-testid="no-deliveries">
          No deliveries{state ? ` in state ${state.toLowerCase()}` : ' yet'}.
        </p>
      )}
      <ol className="deliveries">
        {log.rows.map((d) => (
          <DeliveryItem key={d.id} delivery={d} canOperate={canOperate} onRedelivered={refresh} />
        ))}
      </ol>
      {log.hasMore && (
        <button
          type="button"
          className="secondary"
          data-testid="older-deliveries"
          disabled={loadingOlder}
          onClick={() => void loadOlder()}
        >
          {loadingOlder ? 'Loading…' : 'Older deliveries'}
        </button>
      )}
    </section>
  );
}

function DeliveryItem({
  delivery: d,
  canOperate,
  onRedelivered,
}: {
  delivery: Delivery;
  canOperate: boolean;
  onRedelivered(): void;
}) {
  const now = useNow(d.state === 'RETRYING' || d.state === 'PENDING');
  const [redeliver, redelivery] = useMutation(REDELIVER);
  return (
    <li
      className="delivery"
      data-testid="delivery"
      data-delivery-id={d.id}
      data-state={d.state}
      data-trigger={d.trigger}
    >
      <div className="delivery-head">
        <span className={`badge badge-${stateTone(d.state)}`} data-testid="delivery-state">
          {d.state}
        </span>
        <strong className="mono">{d.trigger}</strong>
        <span>{formatTime(d.createdAt)}</span>
        {d.jobId && <Link to={paths.job(d.jobId)}>the job</Link>}
        <span className="muted" data-testid="delivery-progress">
          {deliveryProgress(d, now)}
        </span>
        {canOperate && canRedeliver(d) && (
          <button
            type="button"
            className="secondary small"
            disabled={redelivery.loading}
            onClick={() =>
              void redeliver({ variables: { id: d.id } })
                .then(onRedelivered)
                .catch(() => undefined)
            }
          >
            {redelivery.loading ? 'Redelivering…' : 'Redeliver'}
          </button>
        )}
      </div>
      <ErrorMessage error={redelivery.error} title="Could not redeliver" />
      {d.redeliveredBy && (
        <p className="muted">
          Redelivered by {d.redeliveredBy} at {formatTime(d.redeliveredAt)}
        </p>
      )}
      {d.attemptLog.length > 0 && (
        <table className="table card-table attempts">
          <caption className="sr-only">Attempts of delivery {d.id}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Answer</th>
              <th scope="col">Latency</th>
              <th scope="col">Error</th>
              <th scope="col">Instance</th>
            </tr>
          </thead>
          <tbody>
            {d.attemptLog.map((a) => {
              const s = attemptSummary(a);
              return (
                <tr key={a.attempt} data-testid="delivery-attempt" data-outcome={s.outcome}>
                  <td data-label="Attempt">{a.attempt}</td>
                  <td data-label="Time">{formatTime(a.startedAt)}</td>
                  <td data-label="Answer" data-testid="attempt-status">
                    {s.status}
                  </td>
                  <td data-label="Latency">{s.latency}</td>
                  <td data-label="Error" className="wrap">
                    {s.error || '—'}
                  </td>
                  <td data-label="Instance">
                    <span className="mono">{a.instanceId}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted mono delivery-key">Idempotency-Key {d.idempotencyKey}</p>
    </li>
  );
}
