// The alert rule form: what a person types, checked before it is sent, and turned into the
// AlertRuleInput of alerts.graphqls. The server checks everything again (and the target policy:
// credentials in the URL, loopback and private addresses); its BAD_USER_INPUT errors name a field,
// shown next to the same field here.
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type {
  AlertConditionInput,
  AlertRuleFieldsFragment,
  AlertRuleInput,
  WebhookFormat,
} from '../../shared/graphql/generated/graphql';
import type { JobStatus } from '../../shared/graphql/types';
import { parseJsonObject } from '../../shared/ui/jsonInput';

export type ConditionKind =
  'none' | 'jobFailed' | 'stepRetried' | 'runningLongerThan' | 'noEventFor' | 'failureRate';

export const CONDITIONS: { kind: ConditionKind; label: string }[] = [
  { kind: 'none', label: 'None: every matching event fires' },
  { kind: 'jobFailed', label: 'A job failed' },
  { kind: 'stepRetried', label: 'A step retried at least n times' },
  { kind: 'runningLongerThan', label: 'A job running longer than' },
  { kind: 'noEventFor', label: 'A running job with no event for (stuck)' },
  { kind: 'failureRate', label: 'Failure rate above a percentage' },
];

export interface RuleForm {
  name: string;
  enabled: boolean;
  eventTypes: string[];
  jobName: string;
  statuses: JobStatus[];
  /** A JSON object, as typed. */
  parameters: string;
  /** Comma-separated. */
  agentKinds: string;
  condition: ConditionKind;
  atLeast: string;
  /** For runningLongerThan and noEventFor. */
  duration: string;
  abovePercent: string;
  window: string;
  minJobs: string;
  url: string;
  /** Blank on an edit keeps the rule's secret. */
  secret: string;
  format: WebhookFormat;
}

/** The fields that can carry an error, named as the server names them (without `input.`). */
const FIELDS = [
  'name',
  'match.eventTypes',
  'match.jobName',
  'match.statuses',
  'match.parameters',
  'match.agentKinds',
  'condition',
  'condition.stepRetried.atLeast',
  'condition.duration',
  'condition.failureRate.abovePercent',
  'condition.failureRate.window',
  'condition.failureRate.minJobs',
  'webhook.url',
  'webhook.secret',
  'webhook.format',
] as const;
export type FieldName = (typeof FIELDS)[number];

export type FieldErrors = Partial<Record<FieldName, string>>;

export const EMPTY_FORM: RuleForm = {
  name: '',
  enabled: true,
  eventTypes: [],
  jobName: '',
  statuses: [],
  parameters: '{}',
  agentKinds: '',
  condition: 'jobFailed',
  atLeast: '3',
  duration: '10m',
  abovePercent: '50',
  window: '1h',
  minJobs: '5',
  url: '',
  secret: '',
  format: 'JSON',
};

const CONDITION_KIND: Record<string, ConditionKind> = {
  JOB_FAILED: 'jobFailed',
  STEP_RETRIED: 'stepRetried',
  RUNNING_LONGER_THAN: 'runningLongerThan',
  NO_EVENT_FOR: 'noEventFor',
  FAILURE_RATE: 'failureRate',
};

/** The form for editing a stored rule (its secret is never shown: blank keeps it). */
export function formFromRule(rule: AlertRuleFieldsFragment): RuleForm {
  const c = rule.condition;
  return {
    ...EMPTY_FORM,
    name: rule.name,
    enabled: rule.enabled,
    eventTypes: [...rule.match.eventTypes],
    jobName: rule.match.jobName ?? '',
    statuses: [...rule.match.statuses],
    parameters: JSON.stringify(rule.match.parameters ?? {}, null, 2),
    agentKinds: rule.match.agentKinds.join(', '),
    condition: c ? CONDITION_KIND[c.type] : 'none',
    atLeast: c?.atLeast != null ? String(c.atLeast) : EMPTY_FORM.atLeast,
    duration: c?.duration ?? EMPTY_FORM.duration,
    abovePercent: c?.abovePercent != null ? String(c.abovePercent) : EMPTY_FORM.abovePercent,
    window: c?.window ?? EMPTY_FORM.window,
    minJobs: c?.minJobs != null ? String(c.minJobs) : EMPTY_FORM.minJobs,
    url: rule.webhook.url,
    format: rule.webhook.format,
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const SECOND = 1_000;
const THIRTY_DAYS = 30 * UNIT_MS.d;

/** Milliseconds of a duration as the server reads it (90s, 10m, 2h, 1d, PT10M), or null. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  const short = /^(\d{1,9})(ms|s|m|h|d)$/.exec(t);
  if (short) return Number(short[1]) * UNIT_MS[short[2]];
  const iso = ISO.exec(t);
  if (!iso || t.toUpperCase() === 'P' || t.toUpperCase().endsWith('T')) return null;
  const [, d, h, m, s] = iso;
  return (
    Number(d ?? 0) * UNIT_MS.d +
    Number(h ?? 0) * UNIT_MS.h +
    Number(m ?? 0) * UNIT_MS.m +
    Number(s ?? 0) * SECOND
  );
}

function durationError(text: string): string | undefined {
  const ms = parseDuration(text);
  if (ms === null) return `'${text}' is not a duration: write e.g. 90s, 10m, 2h, 1d or PT10M`;
  if (ms < SECOND || ms > THIRTY_DAYS) return 'Between 1s and 30d';
  return undefined;
}

function integerIn(text: string, min: number, max: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

function urlError(text: string): string | undefined {
  const t = text.trim();
  if (!t) return 'Required: the receiver’s http or https URL';
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return `'${t}' is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Must be an http or https URL';
  if (!url.hostname) return 'The URL has no host';
  return undefined;
}

export type Checked = { ok: true; input: AlertRuleInput } | { ok: false; errors: FieldErrors };

/**
 * Checks the form and builds the input. `creating`: a new rule needs a secret; an edit with a
 * blank secret keeps the stored one (sent as null).
 */
export function checkRuleForm(form: RuleForm, creating: boolean): Checked {
  const errors: FieldErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Required';
  else if (name.length > 200) errors.name = 'At most 200 characters';

  const jobName = form.jobName.trim();
  if (jobName.length > 200) errors['match.jobName'] = 'At most 200 characters';
  const parameters = parseJsonObject(form.parameters);
  if (!parameters.ok) errors['match.parameters'] = parameters.error;
  const agentKinds = form.agentKinds
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

  const hasCondition = form.condition !== 'none';
  if (hasCondition && form.eventTypes.length > 0) {
    errors['match.eventTypes'] =
      'A rule with a condition takes no event types (the condition says which events count)';
  }
  let condition: AlertConditionInput | null = null;
  switch (form.condition) {
    case 'jobFailed':
      condition = { jobFailed: true };
      break;
    case 'stepRetried': {
      const atLeast = integerIn(form.atLeast, 1, 100);
      if (atLeast === null) errors['condition.stepRetried.atLeast'] = 'A whole number, 1 to 100';
      else condition = { stepRetried: { atLeast } };
      break;
    }
    case 'runningLongerThan':
    case 'noEventFor': {
      const error = durationError(form.duration);
      if (error) errors['condition.duration'] = error;
      else
        condition =
          form.condition === 'noEventFor'
            ? { noEventFor: form.duration.trim() }
            : { runningLongerThan: form.duration.trim() };
      break;
    }
    case 'failureRate': {
      const percent = Number(form.abovePercent.trim());
      if (form.abovePercent.trim() === '' || !(percent >= 0 && percent < 100))
        errors['condition.failureRate.abovePercent'] = 'A percentage, at least 0 and below 100';
      const windowError = durationError(form.window);
      if (windowError) errors['condition.failureRate.window'] = windowError;
      const minJobs = integerIn(form.minJobs, 1, 100_000);
      if (minJobs === null) errors['condition.failureRate.minJobs'] = 'A whole number, 1 to 100000';
      if (!errors['condition.failureRate.abovePercent'] && !windowError && minJobs !== null)
        condition = {
          failureRate: { abovePercent: percent, window: form.window.trim(), minJobs },
        };
      break;
    }
    case 'none':
      break;
  }

  const url = urlError(form.url);
  if (url) errors['webhook.url'] = url;
  const secret = form.secret;
  if (secret === '' && creating) errors['webhook.secret'] = 'Required: 16 to 256 characters';
  else if (secret !== '' && (secret.length < 16 || secret.length > 256))
    errors['webhook.secret'] = `16 to 256 characters (this has ${secret.length})`;

  if (Object.keys(errors).length > 0 || !parameters.ok) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      enabled: form.enabled,
      match: {
        eventTypes: hasCondition ? [] : form.eventTypes,
        jobName: jobName || null,
        statuses: form.statuses,
        parameters: parameters.value,
        agentKinds,
      },
      condition,
      webhook: { url: form.url.trim(), secret: secret === '' ? null : secret, format: form.format },
    },
  };
}

/** Where the server's field names land in the form (durations share one input). */
const SERVER_FIELDS: Record<string, FieldName> = {
  'condition.runningLongerThan': 'condition.duration',
  'condition.noEventFor': 'condition.duration',
  'condition.failureRate': 'condition.failureRate.abovePercent',
  'condition.stepRetried': 'condition.stepRetried.atLeast',
  match: 'match.eventTypes',
  webhook: 'webhook.url',
};

const FIELD_NAMES = new Set<string>(FIELDS);

/** The form field a server field name is about, or null when it names none of them. */
export function formField(serverField: string): FieldName | null {
  const field = serverField.replace(/^input\./, '');
  if (FIELD_NAMES.has(field)) return field as FieldName;
  return SERVER_FIELDS[field] ?? null;
}

/**
 * The server's BAD_USER_INPUT errors that name a field of the form, by field, with the message
 * after its "field: " prefix; the rest stays for the form's general error.
 */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!CombinedGraphQLErrors.is(error)) return {};
  const found: FieldErrors = {};
  for (const e of error.errors) {
    const { code, field } = e.extensions ?? {};
    if (code !== 'BAD_USER_INPUT' || typeof field !== 'string') continue;
    const name = formField(field);
    if (!name) continue;
    const prefix = `${field.replace(/^input\./, '')}: `;
    found[name] = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  }
  return found;
}
