import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AlertRuleQuery } from '../../shared/graphql/generated/graphql';
import { paths } from '../../shared/paths';
import { useCallerRole } from '../../shared/session/caller';
import { DiffList } from '../../shared/ui/DiffList';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatTime } from '../../shared/ui/format';
import { jsonDiff } from '../../shared/ui/jsonDiff';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { DeliveryLog } from './DeliveryLog';
import { attemptSummary } from './deliveryLog';
import { ALERT_RULE, DELETE_ALERT_RULE, TEST_ALERT_RULE } from './queries';
import { RuleEditor } from './RuleEditor';
import { formFromRule } from './ruleForm';
import { conditionText, matchText } from './ruleText';
import './alerts.css';

/** One rule: what it does, edit / test / delete (OPERATOR), its delivery log and its history. */
export function AlertRulePage() {
  const { id = '' } = useParams();
  const { role, canOperate } = useCallerRole();
  const navigate = useNavigate();
  /** The version the rule was at when Edit was pressed: the edit is saved only over that one. */
  const [editingAt, setEditingAt] = useState<number | null>(null);
  const { data, error, loading, refetch } = useQuery(ALERT_RULE, {
    variables: { id },
    // The delivery counts move as deliveries go out.
    pollInterval: 5_000,
  });
  const [test, tested] = useMutation(TEST_ALERT_RULE);
  const [remove, removed] = useMutation(DELETE_ALERT_RULE);
  const rule = data?.alertRule;
  usePageTitle(rule ? `Alert ${rule.name}` : 'Alert rule');

  if (loading && !data) return <p className="page">Loading…</p>;
  if (!rule) {
    return (
      <div className="page">
        <h1>Alert rule</h1>
        <ErrorMessage error={error} title="Alert rule" />
        {!error && (
          <p data-testid="rule-missing">
            There is no rule {id} (it may have been deleted).{' '}
            <Link to={paths.alerts()}>See all rules</Link>.
          </p>
        )}
        {data && data.alertRuleChanges.length > 0 && <History changes={data.alertRuleChanges} />}
      </div>
    );
  }

  const sample = tested.data?.testAlertRule.attemptLog.at(-1);
  const remove_ = async () => {
    if (!window.confirm(`Delete the rule “${rule.name}”? Its open deliveries are cancelled.`))
      return;
    const done = await remove({ variables: { id, expectedVersion: rule.version } }).catch(
      () => null,
    );
    if (done) navigate(paths.alerts());
  };

  return (
    <div className="page" data-testid="alert-rule-page" data-role={role ?? ''}>
      <p>
        <Link to={paths.alerts()}>← Alerts</Link>
      </p>
      <div className="page-header">
        <h1 data-testid="rule-name">{rule.name}</h1>
        <span className={`badge badge-${rule.enabled ? 'succeeded' : 'cancelled'}`}>
          {rule.enabled ? 'enabled' : 'disabled'}
        </span>
      </div>
      <section className="panel" aria-labelledby="rule-title">
        <h2 id="rule-title">Rule</h2>
        <dl className="facts">
          <dt>Match</dt>
          <dd>{matchText(rule)}</dd>
          <dt>Condition</dt>
          <dd>{conditionText(rule)}</dd>
          <dt>Webhook</dt>
          <dd>
            <span className="mono">{rule.webhook.url}</span> ({rule.webhook.format})
          </dd>
          <dt>Deliveries</dt>
          <dd data-testid="delivery-counts">
            {rule.deliveryCounts.delivered} delivered, {rule.deliveryCounts.retrying} retrying,{' '}
            {rule.deliveryCounts.pending} pending, {rule.deliveryCounts.dead} dead
          </dd>
          <dt>Version</dt>
          <dd>
            {rule.version}, by {rule.updatedBy} at {formatTime(rule.updatedAt)}
          </dd>
        </dl>
        {canOperate && editingAt === null && (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setEditingAt(rule.version)}>
              Edit
            </button>
            <button
              type="button"
              className="secondary"
              disabled={tested.loading}
              onClick={() => void test({ variables: { id } }).catch(() => undefined)}
            >
              {tested.loading ? 'Sending…' : 'Send test'}
            </button>
            <button
              type="button"
              className="danger"
              disabled={removed.loading}
              onClick={() => void remove_()}
            >
              Delete
            </button>
          </div>
        )}
        {sample && (
          <p role="status" data-testid="test-result" data-outcome={attemptSummary(sample).outcome}>
            Test sent: {attemptSummary(sample).status} in {attemptSummary(sample).latency}
            {sample.error ? `: ${sample.error}` : ''}.
          </p>
        )}
        <ErrorMessage error={tested.error} title="Could not send the test" />
        <ErrorMessage error={removed.error} title="Could not delete the rule" />
        {canOperate && editingAt !== null && (
          <RuleEditor
            initial={formFromRule(rule)}
            editing={{ id: rule.id, version: editingAt }}
            onSaved={() => {
              setEditingAt(null);
              void refetch();
            }}
            onCancel={() => setEditingAt(null)}
          />
        )}
      </section>
      <DeliveryLog ruleId={rule.id} canOperate={canOperate} />
      <History changes={data.alertRuleChanges} />
    </div>
  );
}

type Change = AlertRuleQuery['alertRuleChanges'][number];

/** Every change of the rule, newest first: who, when, and what changed from the version before. */
function History({ changes }: { changes: Change[] }) {
  const newestFirst = [...changes].reverse();
  return (
    <section className="panel" aria-labelledby="history-title" data-testid="rule-history">
      <h2 id="history-title">History</h2>
      <ol className="rule-changes">
        {newestFirst.map((c) => {
          const before = changes.find((p) => p.version === c.version - 1);
          return (
            <li key={c.version} data-testid="rule-change" data-kind={c.kind}>
              <p>
                <strong>
                  v{c.version} {c.kind.toLowerCase()}
                </strong>{' '}
                by <span data-testid="changed-by">{c.changedBy}</span> at {formatTime(c.changedAt)}
                {c.secretChanged && c.kind === 'UPDATED' && ' · secret changed'}
              </p>
              {c.kind === 'UPDATED' && before && (
                <DiffList
                  changes={jsonDiff(before.rule, c.rule)}
                  leftLabel={`v${before.version}`}
                  rightLabel={`v${c.version}`}
                />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
