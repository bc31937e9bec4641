import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CreateJobInput } from '../../shared/graphql/generated/graphql';
import { paths } from '../../shared/paths';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { parseJsonObject } from '../../shared/ui/jsonInput';
import type { AgentForm, AgentKind } from './agentSettings';
import { AGENT_KINDS, agentSettings, EMPTY_AGENT } from './agentSettings';
import { CREATE_JOB } from './queries';

type Role = 'planner' | 'coder' | 'critique';
const ROLES: { key: Role; label: string }[] = [
  { key: 'planner', label: 'Planner' },
  { key: 'coder', label: 'Coder' },
  { key: 'critique', label: 'Critique' },
];

interface Form {
  name: string;
  task: string;
  parameters: string;
  agents: Record<Role, AgentForm>;
  maxIterations: string;
  maxTotalTokens: string;
  maxCostUsd: string;
  onBudgetExceeded: 'FAIL' | 'PAUSE';
  approveAfterPlan: boolean;
  approveBeforeComplete: boolean;
  approvalTimeoutMs: string;
  onApprovalTimeout: 'APPROVE' | 'REJECT' | 'FAIL';
}

const EMPTY: Form = {
  name: '',
  task: '',
  parameters: '{}',
  agents: { planner: EMPTY_AGENT, coder: EMPTY_AGENT, critique: EMPTY_AGENT },
  maxIterations: '3',
  maxTotalTokens: '',
  maxCostUsd: '',
  onBudgetExceeded: 'FAIL',
  approveAfterPlan: false,
  approveBeforeComplete: false,
  approvalTimeoutMs: '',
  onApprovalTimeout: 'FAIL',
};

/** A budget field: blank for none, else a number the check accepts. */
function budget(
  text: string,
  check: (n: number) => boolean,
): { ok: boolean; value: number | null } {
  if (text.trim() === '') return { ok: true, value: null };
  const n = Number(text);
  return Number.isFinite(n) && check(n) ? { ok: true, value: n } : { ok: false, value: null };
}

export function NewJobForm() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const [createJob, { loading, error, reset }] = useMutation(CREATE_JOB);
  const parameters = parseJsonObject(form.parameters);
  const maxIterations = Number(form.maxIterations);
  const iterationsValid =
    Number.isInteger(maxIterations) && maxIterations >= 1 && maxIterations <= 50;
  const settings = {
    planner: agentSettings(form.agents.planner),
    coder: agentSettings(form.agents.coder),
    critique: agentSettings(form.agents.critique),
  };
  const agentsValid = ROLES.every(({ key }) => settings[key].ok);
  const maxTotalTokens = budget(form.maxTotalTokens, (n) => Number.isInteger(n) && n >= 1);
  const maxCostUsd = budget(form.maxCostUsd, (n) => n > 0 && n <= 1_000_000);
  const approvalTimeout = budget(
    form.approvalTimeoutMs,
    (n) => Number.isInteger(n) && n >= 100 && n <= 2_592_000_000,
  );
  const valid =
    form.name.trim() &&
    form.task.trim() &&
    parameters.ok &&
    iterationsValid &&
    agentsValid &&
    maxTotalTokens.ok &&
    maxCostUsd.ok &&
    approvalTimeout.ok;
  const setAgent = (role: Role, change: Partial<AgentForm>) =>
    setForm({ ...form, agents: { ...form.agents, [role]: { ...form.agents[role], ...change } } });

  const submit = async () => {
    if (!valid || !parameters.ok) return;
    const agent = (role: Role) => {
      const s = settings[role];
      return { kind: form.agents[role].kind, settings: s.ok ? s.settings : {} };
    };
    const input: CreateJobInput = {
      name: form.name.trim(),
      task: form.task.trim(),
      parameters: parameters.value,
      agents: { planner: agent('planner'), coder: agent('coder'), critique: agent('critique') },
      limits: {
        maxIterations,
        maxTotalTokens: maxTotalTokens.value,
        maxCostUsd: maxCostUsd.value,
        onBudgetExceeded: form.onBudgetExceeded,
      },
      approval: {
        afterPlan: form.approveAfterPlan,
        beforeComplete: form.approveBeforeComplete,
        timeoutMs: approvalTimeout.value,
        onTimeout: form.onApprovalTimeout,
      },
    };
    setCreated(null);
    const result = await createJob({ variables: { input } }).catch(() => null);
    if (result?.data) {
      setCreated(result.data.createJob);
      setForm(EMPTY);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-job-title">
      <h2 id="new-job-title">New job</h2>
      <form
        className="form"
        data-testid="new-job-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onChange={() => reset()}
      >
        <label htmlFor="job-name">Name</label>
        <input
          id="job-name"
          value={form.name}
          required
          onChange={(e) => setForm({ ...form, name: e.target.value })}
        />
        <label htmlFor="job-task">Task</label>
        <textarea
          id="job-task"
          rows={2}
          value={form.task}
          required
          onChange={(e) => setForm({ ...form, task: e.target.value })}
        />
        <label htmlFor="job-parameters">Parameters (JSON object)</label>
        <textarea
          id="job-parameters"
          className="code"
          rows={3}
          value={form.parameters}
          aria-invalid={!parameters.ok}
          aria-describedby="job-parameters-error"
          onChange={(e) => setForm({ ...form, parameters: e.target.value })}
        />
        <span id="job-parameters-error" className="field-error" data-testid="parameters-error">
          {parameters.ok ? '' : parameters.error}
        </span>
        {ROLES.map(({ key, label }) => (
          <AgentFields
            key={key}
            role={key}
            label={label}
            form={form.agents[key]}
            errors={
              settings[key].ok
                ? {}
                : (settings[key] as { errors: Partial<Record<keyof AgentForm, string>> }).errors
            }
            onChange={(change) => setAgent(key, change)}
          />
        ))}
        <label htmlFor="job-max-iterations">Max iterations</label>
        <input
          id="job-max-iterations"
          type="number"
          min={1}
          max={50}
          value={form.maxIterations}
          aria-invalid={!iterationsValid}
          onChange={(e) => setForm({ ...form, maxIterations: e.target.value })}
        />
        <fieldset className="agent">
          <legend>Budgets (see docs/usage.md)</legend>
          <label htmlFor="job-max-total-tokens">Max total tokens</label>
          <input
            id="job-max-total-tokens"
            inputMode="numeric"
            value={form.maxTotalTokens}
            aria-invalid={!maxTotalTokens.ok}
            aria-describedby="job-max-total-tokens-hint"
            onChange={(e) => setForm({ ...form, maxTotalTokens: e.target.value })}
          />
          <span
            id="job-max-total-tokens-hint"
            className={maxTotalTokens.ok ? 'muted' : 'field-error'}
          >
            {maxTotalTokens.ok ? 'Blank: no token budget' : 'A whole number, at least 1'}
          </span>
          <label htmlFor="job-max-cost-usd">Max cost (USD)</label>
          <input
            id="job-max-cost-usd"
            inputMode="decimal"
            value={form.maxCostUsd}
            aria-invalid={!maxCostUsd.ok}
            aria-describedby="job-max-cost-usd-hint"
            onChange={(e) => setForm({ ...form, maxCostUsd: e.target.value })}
          />
          <span id="job-max-cost-usd-hint" className={maxCostUsd.ok ? 'muted' : 'field-error'}>
            {maxCostUsd.ok ? 'Blank: no cost budget' : 'More than 0 and at most 1000000'}
          </span>
          <label htmlFor="job-on-budget-exceeded">Over budget</label>
          <select
            id="job-on-budget-exceeded"
            value={form.onBudgetExceeded}
            onChange={(e) =>
              setForm({ ...form, onBudgetExceeded: e.target.value as Form['onBudgetExceeded'] })
            }
          >
            <option value="FAIL">fail the job</option>
            <option value="PAUSE">pause the job</option>
          </select>
        </fieldset>
        <fieldset className="agent">
          <legend>Approval (see docs/approval.md)</legend>
          <label className="check">
            <input
              type="checkbox"
              data-testid="approve-after-plan"
              checked={form.approveAfterPlan}
              onChange={(e) => setForm({ ...form, approveAfterPlan: e.target.checked })}
            />{' '}
            Approve the plan before the coder starts
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.approveBeforeComplete}
              onChange={(e) => setForm({ ...form, approveBeforeComplete: e.target.checked })}
            />{' '}
            Approve the result before the job completes
          </label>
          <label htmlFor="job-approval-timeout">Timeout (ms)</label>
          <input
            id="job-approval-timeout"
            inputMode="numeric"
            value={form.approvalTimeoutMs}
            aria-invalid={!approvalTimeout.ok}
            aria-describedby="job-approval-timeout-hint"
            onChange={(e) => setForm({ ...form, approvalTimeoutMs: e.target.value })}
          />
          <span
            id="job-approval-timeout-hint"
            className={approvalTimeout.ok ? 'muted' : 'field-error'}
          >
            {approvalTimeout.ok
              ? 'Blank: wait for a person however long it takes'
              : 'A whole number from 100 to 2592000000 (30 days)'}
          </span>
          <label htmlFor="job-on-approval-timeout">When nobody decides in time</label>
          <select
            id="job-on-approval-timeout"
            value={form.onApprovalTimeout}
            onChange={(e) =>
              setForm({ ...form, onApprovalTimeout: e.target.value as Form['onApprovalTimeout'] })
            }
          >
            <option value="FAIL">fail the job</option>
            <option value="APPROVE">approve</option>
            <option value="REJECT">reject (run the step again)</option>
          </select>
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={!valid || loading}>
            {loading ? 'Creating…' : 'Create job'}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} title="Could not create the job" />
      {created && (
        <p role="status" data-testid="job-created">
          Created <Link to={paths.job(created.id)}>{created.name}</Link>.
        </p>
      )}
    </section>
  );
}

interface AgentFieldsProps {
  role: Role;
  label: string;
  form: AgentForm;
  errors: Partial<Record<keyof AgentForm, string>>;
  onChange(change: Partial<AgentForm>): void;
}

function AgentFields({ role, label, form, errors, onChange }: AgentFieldsProps) {
  const field = (name: keyof AgentForm, text: string, hint?: string, multiline = false) => {
    const id = `agent-${role}-${name}`;
    return (
      <>
        <label htmlFor={id}>{text}</label>
        {multiline ? (
          <textarea
            id={id}
            rows={2}
            className="code"
            value={form[name]}
            aria-invalid={Boolean(errors[name])}
            aria-describedby={`${id}-hint`}
            onChange={(e) => onChange({ [name]: e.target.value })}
          />
        ) : (
          <input
            id={id}
            value={form[name]}
            aria-invalid={Boolean(errors[name])}
            aria-describedby={`${id}-hint`}
            onChange={(e) => onChange({ [name]: e.target.value })}
          />
        )}
        <span id={`${id}-hint`} className={errors[name] ? 'field-error' : 'muted'}>
          {errors[name] ?? hint ?? ''}
        </span>
      </>
    );
  };
  return (
    <fieldset className="agent">
      <legend>{label} agent</legend>
      <label htmlFor={`agent-${role}-kind`}>{label}</label>
      <select
        id={`agent-${role}-kind`}
        value={form.kind}
        onChange={(e) => onChange({ kind: e.target.value as AgentKind })}
      >
        {AGENT_KINDS.map((kind) => (
          <option key={kind}>{kind}</option>
        ))}
      </select>
      {form.kind === 'simulated' &&
        field('latencyMs', 'Latency (ms)', 'Blank: the instance default')}
      {form.kind === 'command' &&
        field(
          'command',
          'Program and arguments',
          'One per line; the instance must allow the program',
          true,
        )}
      {form.kind === 'command' && field('workingDir', 'Working directory', 'Optional')}
      {form.kind === 'openai' && field('model', 'Model')}
      {form.kind === 'openai' && field('baseUrl', 'Base URL', 'Blank: the instance default')}
      {form.kind === 'openai' &&
        field(
          'apiKeyEnv',
          'API key variable',
          'The server reads the key from this environment variable',
        )}
    </fieldset>
  );
}
