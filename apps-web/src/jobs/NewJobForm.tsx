import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { CREATE_JOB, JOBS } from '../graphql/operations';
import type { AgentRole, CreateJobInput, JobSummary } from '../graphql/types';
import { Link } from '../routing/Link';
import { paths } from '../routing/router';
import { ErrorMessage } from '../ui/ErrorMessage';
import { parseJsonObject } from './jsonInput';

const AGENT_KINDS = ['simulated', 'command', 'openai'];
const ROLES: { role: AgentRole; key: 'planner' | 'coder' | 'critique'; label: string }[] = [
  { role: 'PLANNER', key: 'planner', label: 'Planner' },
  { role: 'CODER', key: 'coder', label: 'Coder' },
  { role: 'CRITIQUE', key: 'critique', label: 'Critique' },
];

interface Form {
  name: string;
  task: string;
  parameters: string;
  agents: Record<'planner' | 'coder' | 'critique', string>;
  maxIterations: string;
}

const EMPTY: Form = {
  name: '',
  task: '',
  parameters: '{}',
  agents: { planner: 'simulated', coder: 'simulated', critique: 'simulated' },
  maxIterations: '3',
};

export function NewJobForm() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [created, setCreated] = useState<JobSummary | null>(null);
  const [createJob, { loading, error, reset }] = useMutation(CREATE_JOB, {
    refetchQueries: [JOBS],
  });
  const parameters = parseJsonObject(form.parameters);
  const maxIterations = Number(form.maxIterations);
  const iterationsValid = Number.isInteger(maxIterations) && maxIterations >= 1;
  const valid = form.name.trim() && form.task.trim() && parameters.ok && iterationsValid;

  const submit = async () => {
    if (!valid || !parameters.ok) return;
    const input: CreateJobInput = {
      name: form.name.trim(),
      task: form.task.trim(),
      parameters: parameters.value,
      agents: {
        planner: { kind: form.agents.planner },
        coder: { kind: form.agents.coder },
        critique: { kind: form.agents.critique },
      },
      limits: { maxIterations },
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
        <fieldset className="agents">
          <legend>Agents</legend>
          {ROLES.map(({ key, label }) => (
            <label key={key}>
              {label}
              <select
                value={form.agents[key]}
                onChange={(e) =>
                  setForm({ ...form, agents: { ...form.agents, [key]: e.target.value } })
                }
              >
                {AGENT_KINDS.map((kind) => (
                  <option key={kind}>{kind}</option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
        <label htmlFor="job-max-iterations">Max iterations</label>
        <input
          id="job-max-iterations"
          type="number"
          min={1}
          value={form.maxIterations}
          aria-invalid={!iterationsValid}
          onChange={(e) => setForm({ ...form, maxIterations: e.target.value })}
        />
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
