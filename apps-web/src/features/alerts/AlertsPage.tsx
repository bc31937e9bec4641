import { useQuery } from '@apollo/client/react';
import { Link, useNavigate } from 'react-router';
import type { AlertRuleFieldsFragment } from '../../shared/graphql/generated/graphql';
import { paths } from '../../shared/paths';
import { useCallerRole } from '../../shared/session/caller';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { formatTime } from '../../shared/ui/format';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { stateTone } from './deliveryLog';
import { ALERT_RULES, LAST_DELIVERY } from './queries';
import { RuleEditor } from './RuleEditor';
import { EMPTY_FORM } from './ruleForm';
import { conditionText, matchText } from './ruleText';
import './alerts.css';

const POLL_MS = 5_000;

/** The alert rules: what each matches, when it fires, where it sends, how its last delivery went. */
export function AlertsPage() {
  usePageTitle('Alerts');
  const { role, canOperate } = useCallerRole();
  const rules = useQuery(ALERT_RULES, { pollInterval: POLL_MS });
  const list = rules.data?.alertRules ?? [];

  return (
    <div className="page" data-testid="alerts-page" data-role={role ?? ''}>
      <div className="page-header">
        <h1>Alerts</h1>
        {canOperate && (
          <Link className="button-link" to={paths.newAlertRule()}>
            New rule
          </Link>
        )}
      </div>
      <p className="muted">
        Rules send a signed webhook when jobs match them. See docs/alerts.md for the payload and how
        to check its signature.
      </p>
      <ErrorMessage error={rules.error} title="Alert rules" />
      {rules.loading && !rules.data && <p>Loading…</p>}
      {rules.data && list.length === 0 && (
        <p className="empty-state" data-testid="no-rules">
          No alert rules yet.{canOperate ? ' Create one with “New rule”.' : ''}
        </p>
      )}
      {list.length > 0 && (
        <section className="panel" aria-labelledby="rules-title">
          <h2 id="rules-title">Rules ({list.length})</h2>
          <table className="table card-table rules" data-testid="rule-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Match</th>
                <th scope="col">Condition</th>
                <th scope="col">Webhook</th>
                <th scope="col">Enabled</th>
                <th scope="col">Last delivery</th>
              </tr>
            </thead>
            <tbody>
              {list.map((rule) => (
                <RuleRow key={rule.id} rule={rule} />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function RuleRow({ rule }: { rule: AlertRuleFieldsFragment }) {
  return (
    <tr data-testid="rule-row" data-rule-id={rule.id}>
      <td data-label="Name" className="rule-name">
        <Link to={paths.alertRule(rule.id)}>{rule.name}</Link>
      </td>
      <td data-label="Match" className="wrap">
        {matchText(rule)}
      </td>
      <td data-label="Condition">{conditionText(rule)}</td>
      <td data-label="Webhook" className="wrap">
        <span className="mono">{rule.webhook.url}</span>{' '}
        <span className="muted">{rule.webhook.format}</span>
      </td>
      <td data-label="Enabled">{rule.enabled ? 'yes' : 'no'}</td>
      <td data-label="Last delivery">
        <LastDelivery ruleId={rule.id} />
      </td>
    </tr>
  );
}

function LastDelivery({ ruleId }: { ruleId: string }) {
  const { data } = useQuery(LAST_DELIVERY, { variables: { ruleId }, pollInterval: POLL_MS });
  const last = data?.alertDeliveries.edges[0]?.node;
  if (!data) return <span className="muted">…</span>;
  if (!last) return <span className="muted">none yet</span>;
  return (
    <span data-testid="last-delivery" data-state={last.state}>
      <span className={`badge badge-${stateTone(last.state)}`}>{last.state}</span>{' '}
      {last.lastStatusCode !== null && <span>HTTP {last.lastStatusCode} </span>}
      <span className="muted">{formatTime(last.createdAt)}</span>
    </span>
  );
}

/** A new rule (OPERATOR): the form, then the rule's page. */
export function NewAlertRulePage() {
  usePageTitle('New alert rule');
  const { role, canOperate } = useCallerRole();
  const navigate = useNavigate();
  return (
    <div className="page">
      <p>
        <Link to={paths.alerts()}>← Alerts</Link>
      </p>
      <h1>New alert rule</h1>
      <section className="panel" aria-label="Rule">
        {canOperate && (
          <RuleEditor
            initial={EMPTY_FORM}
            onSaved={(id) => navigate(paths.alertRule(id))}
            onCancel={() => navigate(paths.alerts())}
          />
        )}
        {role === 'VIEWER' && (
          <p>Creating rules needs the OPERATOR role; this token can only read them.</p>
        )}
      </section>
    </div>
  );
}
