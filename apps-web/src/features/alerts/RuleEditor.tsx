import { useMutation, useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { useRef, useState } from 'react';
import type { JobStatus } from '../../shared/graphql/types';
import { JOB_STATUSES } from '../../shared/graphql/types';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { ALERT_EVENT_TYPES, CREATE_ALERT_RULE, UPDATE_ALERT_RULE } from './queries';
import type { FieldErrors, FieldName, RuleForm } from './ruleForm';
import { checkRuleForm, CONDITIONS, serverFieldErrors } from './ruleForm';

interface Props {
  initial: RuleForm;
  /** The rule being edited (with the version it was read at); absent: a new rule. */
  editing?: { id: string; version: number };
  onSaved(id: string): void;
  onCancel?(): void;
}

/** Creates or edits a rule: checked before it is sent; the server's field errors beside each field. */
export function RuleEditor({ initial, editing, onSaved, onCancel }: Props) {
  const [form, setForm] = useState<RuleForm>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const types = useQuery(ALERT_EVENT_TYPES);
  const [create, created] = useMutation(CREATE_ALERT_RULE);
  const [update, updated] = useMutation(UPDATE_ALERT_RULE);
  /** A server error that names no field of the form (shown above the buttons). */
  const [failure, setFailure] = useState<unknown>(null);
  const saving = created.loading || updated.loading;
  const prefix = editing ? `rule-${editing.id}` : 'rule-new';

  const set = (change: Partial<RuleForm>, ...fields: FieldName[]) => {
    setForm({ ...form, ...change });
    if (fields.some((f) => errors[f])) {
      const rest = { ...errors };
      fields.forEach((f) => delete rest[f]);
      setErrors(rest);
    }
  };

  const focusFirstError = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const submit = async () => {
    const checked = checkRuleForm(form, !editing);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstError();
      return;
    }
    setErrors({});
    setFailure(null);
    try {
      const id = editing
        ? (
            await update({
              variables: { id: editing.id, input: checked.input, expectedVersion: editing.version },
            })
          ).data?.updateAlertRule.id
        : (await create({ variables: { input: checked.input } })).data?.createAlertRule.id;
      if (id) onSaved(id);
    } catch (e) {
      const onFields = serverFieldErrors(e);
      setErrors(onFields);
      setFailure(Object.keys(onFields).length ? null : e);
      focusFirstError();
    }
  };

  const field = (name: FieldName, id: string) => ({
    id,
    'aria-invalid': Boolean(errors[name]),
    'aria-describedby': `${id}-error`,
  });
  const error = (name: FieldName, id: string) => (
    <span id={`${id}-error`} className="field-error" data-testid={`error-${name}`}>
      {errors[name] ?? ''}
    </span>
  );
  const hasCondition = form.condition !== 'none';

  return (
    <form
      ref={formRef}
      className="form rule-form"
      data-testid="rule-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onChange={() => setFailure(null)}
    >
      <label htmlFor={`${prefix}-name`}>Name</label>
      <input
        {...field('name', `${prefix}-name`)}
        value={form.name}
        maxLength={300}
        onChange={(e) => set({ name: e.target.value }, 'name')}
      />
      {error('name', `${prefix}-name`)}

      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
        />{' '}
        Enabled
      </label>

      <fieldset className="rule-fieldset">
        <legend>Condition</legend>
        <label htmlFor={`${prefix}-condition`}>Fires when</label>
        <select
          {...field('condition', `${prefix}-condition`)}
          value={form.condition}
          onChange={(e) =>
            set(
              { condition: e.target.value as RuleForm['condition'] },
              'condition',
              'match.eventTypes',
            )
          }
        >
          {CONDITIONS.map((c) => (
            <option key={c.kind} value={c.kind}>
              {c.label}
            </option>
          ))}
        </select>
        {error('condition', `${prefix}-condition`)}
        {form.condition === 'stepRetried' && (
          <Field label="At least (retries)" id={`${prefix}-at-least`}>
            <input
              {...field('condition.stepRetried.atLeast', `${prefix}-at-least`)}
              inputMode="numeric"
              value={form.atLeast}
              onChange={(e) => set({ atLeast: e.target.value }, 'condition.stepRetried.atLeast')}
            />
            {error('condition.stepRetried.atLeast', `${prefix}-at-least`)}
          </Field>
        )}
        {(form.condition === 'runningLongerThan' || form.condition === 'noEventFor') && (
          <Field label="Duration (90s, 10m, 2h, 1d)" id={`${prefix}-duration`}>
            <input
              {...field('condition.duration', `${prefix}-duration`)}
              value={form.duration}
              onChange={(e) => set({ duration: e.target.value }, 'condition.duration')}
            />
            {error('condition.duration', `${prefix}-duration`)}
          </Field>
        )}
        {form.condition === 'failureRate' && (
          <div className="rule-row">
            <Field label="Above (%)" id={`${prefix}-percent`}>
              <input
                {...field('condition.failureRate.abovePercent', `${prefix}-percent`)}
                inputMode="decimal"
                value={form.abovePercent}
                onChange={(e) =>
                  set({ abovePercent: e.target.value }, 'condition.failureRate.abovePercent')
                }
              />
              {error('condition.failureRate.abovePercent', `${prefix}-percent`)}
            </Field>
            <Field label="Window" id={`${prefix}-window`}>
              <input
                {...field('condition.failureRate.window', `${prefix}-window`)}
                value={form.window}
                onChange={(e) => set({ window: e.target.value }, 'condition.failureRate.window')}
              />
              {error('condition.failureRate.window', `${prefix}-window`)}
            </Field>
            <Field label="At least (jobs)" id={`${prefix}-min-jobs`}>
              <input
                {...field('condition.failureRate.minJobs', `${prefix}-min-jobs`)}
                inputMode="numeric"
                value={form.minJobs}
                onChange={(e) => set({ minJobs: e.target.value }, 'condition.failureRate.minJobs')}
              />
              {error('condition.failureRate.minJobs', `${prefix}-min-jobs`)}
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="rule-fieldset">
        <legend>Match</legend>
        {hasCondition && form.eventTypes.length === 0 ? (
          <p className="muted" data-testid="event-types-with-condition">
            Event types: not with a condition (it says which events count).
          </p>
        ) : (
          <fieldset
            className="choices"
            aria-invalid={Boolean(errors['match.eventTypes'])}
            aria-describedby={`${prefix}-types-error`}
            data-testid="event-types"
          >
            <legend>
              Event types <span className="muted">(none checked: every event)</span>
            </legend>
            {types.data?.alertEventTypes.map((type) => (
              <label key={type}>
                <input
                  type="checkbox"
                  checked={form.eventTypes.includes(type)}
                  onChange={(e) =>
                    set(
                      {
                        eventTypes: e.target.checked
                          ? [...form.eventTypes, type]
                          : form.eventTypes.filter((t) => t !== type),
                      },
                      'match.eventTypes',
                    )
                  }
                />{' '}
                {type}
              </label>
            ))}
            <ErrorMessage error={types.error} title="Event types" />
          </fieldset>
        )}
        {error('match.eventTypes', `${prefix}-types`)}

        <label htmlFor={`${prefix}-job-name`}>
          Job name <span className="muted">(* for any text; blank: any job)</span>
        </label>
        <input
          {...field('match.jobName', `${prefix}-job-name`)}
          value={form.jobName}
          placeholder="nightly-*"
          onChange={(e) => set({ jobName: e.target.value }, 'match.jobName')}
        />
        {error('match.jobName', `${prefix}-job-name`)}

        <fieldset className="choices" data-testid="statuses">
          <legend>
            Job status after the event <span className="muted">(none checked: any)</span>
          </legend>
          {JOB_STATUSES.map((status) => (
            <label key={status}>
              <input
                type="checkbox"
                checked={form.statuses.includes(status)}
                onChange={(e) =>
                  set({
                    statuses: e.target.checked
                      ? [...form.statuses, status]
                      : form.statuses.filter((s: JobStatus) => s !== status),
                  })
                }
              />{' '}
              {status}
            </label>
          ))}
        </fieldset>
        {error('match.statuses', `${prefix}-statuses`)}

        <label htmlFor={`${prefix}-parameters`}>
          Job parameters contain <span className="muted">(JSON object)</span>
        </label>
        <textarea
          {...field('match.parameters', `${prefix}-parameters`)}
          className="code"
          rows={2}
          value={form.parameters}
          onChange={(e) => set({ parameters: e.target.value }, 'match.parameters')}
        />
        {error('match.parameters', `${prefix}-parameters`)}

        <label htmlFor={`${prefix}-agent-kinds`}>
          Agent kinds <span className="muted">(comma-separated; blank: any)</span>
        </label>
        <input
          {...field('match.agentKinds', `${prefix}-agent-kinds`)}
          value={form.agentKinds}
          placeholder="simulated, openai"
          onChange={(e) => set({ agentKinds: e.target.value }, 'match.agentKinds')}
        />
        {error('match.agentKinds', `${prefix}-agent-kinds`)}
      </fieldset>

      <fieldset className="rule-fieldset">
        <legend>Webhook</legend>
        <label htmlFor={`${prefix}-url`}>URL</label>
        <input
          {...field('webhook.url', `${prefix}-url`)}
          type="url"
          value={form.url}
          placeholder="https://hooks.example.com/jobtrail"
          onChange={(e) => set({ url: e.target.value }, 'webhook.url')}
        />
        {error('webhook.url', `${prefix}-url`)}
        <label htmlFor={`${prefix}-secret`}>
          Secret{' '}
          <span className="muted">
            {editing
              ? '(blank keeps the current one)'
              : '(16 to 256 characters, signs every delivery)'}
          </span>
        </label>
        <input
          {...field('webhook.secret', `${prefix}-secret`)}
          type="password"
          autoComplete="new-password"
          value={form.secret}
          onChange={(e) => set({ secret: e.target.value }, 'webhook.secret')}
        />
        {error('webhook.secret', `${prefix}-secret`)}
        <label htmlFor={`${prefix}-format`}>Format</label>
        <select
          {...field('webhook.format', `${prefix}-format`)}
          value={form.format}
          onChange={(e) => set({ format: e.target.value as RuleForm['format'] })}
        >
          <option value="JSON">JSON (Jobtrail’s payload)</option>
          <option value="SLACK">Slack incoming webhook</option>
        </select>
        {error('webhook.format', `${prefix}-format`)}
      </fieldset>

      <ErrorMessage error={failure} title="Could not save the rule" />
      <div className="actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save rule' : 'Create rule'}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function Field({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="form">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
