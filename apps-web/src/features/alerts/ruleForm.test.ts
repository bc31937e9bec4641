import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import type { RuleForm } from './ruleForm';
import {
  checkRuleForm,
  EMPTY_FORM,
  formField,
  formFromRule,
  parseDuration,
  serverFieldErrors,
} from './ruleForm';

const valid: RuleForm = {
  ...EMPTY_FORM,
  name: ' nightly failures ',
  url: 'https://hooks.example.com/jobtrail',
  secret: 'a-shared-secret-0123456789',
};

function errorsOf(form: RuleForm, creating = true) {
  const checked = checkRuleForm(form, creating);
  return checked.ok ? {} : checked.errors;
}

describe('the rule form', () => {
  it('builds the input of a valid rule', () => {
    const checked = checkRuleForm(
      { ...valid, jobName: 'nightly-*', parameters: '{"team": "core"}', agentKinds: 'a, b,' },
      true,
    );
    expect(checked).toEqual({
      ok: true,
      input: {
        name: 'nightly failures',
        enabled: true,
        match: {
          eventTypes: [],
          jobName: 'nightly-*',
          statuses: [],
          parameters: { team: 'core' },
          agentKinds: ['a', 'b'],
        },
        condition: { jobFailed: true },
        webhook: {
          url: 'https://hooks.example.com/jobtrail',
          secret: 'a-shared-secret-0123456789',
          format: 'JSON',
        },
      },
    });
  });

  it('needs a name, an http(s) URL and, on create, a secret of 16 to 256 characters', () => {
    expect(errorsOf({ ...EMPTY_FORM })).toMatchObject({
      name: 'Required',
      'webhook.url': expect.stringContaining('Required'),
      'webhook.secret': expect.stringContaining('Required'),
    });
    expect(errorsOf({ ...valid, url: 'ftp://files.example.com/x' })['webhook.url']).toBe(
      'Must be an http or https URL',
    );
    expect(errorsOf({ ...valid, url: 'not a url' })['webhook.url']).toContain('is not a URL');
    expect(errorsOf({ ...valid, secret: 'short' })['webhook.secret']).toContain('has 5');
    expect(errorsOf({ ...valid, name: 'x'.repeat(201) }).name).toBe('At most 200 characters');
  });

  it('keeps the secret on an edit when it is left blank (sent as null)', () => {
    const checked = checkRuleForm({ ...valid, secret: '' }, false);
    expect(checked.ok && checked.input.webhook.secret).toBeNull();
    expect(errorsOf({ ...valid, secret: '' }, true)['webhook.secret']).toBeDefined();
  });

  it('refuses event types together with a condition, and sends them without one', () => {
    const both = { ...valid, eventTypes: ['JobFailed'] };
    expect(errorsOf(both)['match.eventTypes']).toContain('no event types');
    const checked = checkRuleForm({ ...both, condition: 'none' }, true);
    expect(checked.ok && checked.input.match?.eventTypes).toEqual(['JobFailed']);
    expect(checked.ok && checked.input.condition).toBeNull();
  });

  it('checks each condition’s parameters', () => {
    expect(errorsOf({ ...valid, condition: 'stepRetried', atLeast: '0' })).toHaveProperty(
      'condition.stepRetried.atLeast',
    );
    expect(errorsOf({ ...valid, condition: 'stepRetried', atLeast: '2.5' })).toHaveProperty(
      'condition.stepRetried.atLeast',
    );
    expect(errorsOf({ ...valid, condition: 'noEventFor', duration: 'ten minutes' })).toEqual({
      'condition.duration': expect.stringContaining('is not a duration'),
    });
    expect(errorsOf({ ...valid, condition: 'runningLongerThan', duration: '90d' })).toEqual({
      'condition.duration': 'Between 1s and 30d',
    });
    expect(
      errorsOf({
        ...valid,
        condition: 'failureRate',
        abovePercent: '100',
        window: '0s',
        minJobs: '',
      }),
    ).toEqual({
      'condition.failureRate.abovePercent': expect.any(String),
      'condition.failureRate.window': 'Between 1s and 30d',
      'condition.failureRate.minJobs': expect.any(String),
    });
    const rate = checkRuleForm(
      { ...valid, condition: 'failureRate', abovePercent: '12.5', window: 'PT1H', minJobs: '3' },
      true,
    );
    expect(rate.ok && rate.input.condition).toEqual({
      failureRate: { abovePercent: 12.5, window: 'PT1H', minJobs: 3 },
    });
  });

  it('reports parameters that are not a JSON object', () => {
    expect(errorsOf({ ...valid, parameters: '[1]' })['match.parameters']).toContain('JSON object');
    expect(errorsOf({ ...valid, parameters: '{' })['match.parameters']).toContain('Not valid JSON');
  });

  it('reads durations as the server does', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration(' 10m ')).toBe(600_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('PT10M')).toBe(600_000);
    expect(parseDuration('P1DT2H')).toBe(93_600_000);
    expect(parseDuration('pt1.5s')).toBe(1_500);
    expect(parseDuration('P')).toBeNull();
    expect(parseDuration('PT')).toBeNull();
    expect(parseDuration('10 minutes')).toBeNull();
  });

  it('fills the form from a stored rule, secret blank', () => {
    const form = formFromRule({
      id: 'r',
      name: 'stuck',
      enabled: false,
      version: 2,
      createdBy: 'a',
      createdAt: '',
      updatedBy: 'a',
      updatedAt: '',
      match: {
        eventTypes: [],
        jobName: null,
        statuses: ['RUNNING'],
        parameters: {},
        agentKinds: [],
      },
      condition: {
        type: 'NO_EVENT_FOR',
        duration: '10m',
        atLeast: null,
        abovePercent: null,
        window: null,
        minJobs: null,
      },
      webhook: { url: 'https://h.example.com/', format: 'SLACK' },
      deliveryCounts: { pending: 0, retrying: 0, delivered: 0, dead: 0, cancelled: 0 },
    });
    expect(form).toMatchObject({
      name: 'stuck',
      enabled: false,
      condition: 'noEventFor',
      duration: '10m',
      statuses: ['RUNNING'],
      secret: '',
      format: 'SLACK',
    });
    expect(checkRuleForm(form, false).ok).toBe(true);
  });
});

describe('the server’s field errors', () => {
  const badInput = (field: string, message: string) => ({
    message,
    extensions: { code: 'BAD_USER_INPUT', field },
  });

  it('land on their field, without the field prefix', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        badInput(
          'webhook.url',
          'webhook.url: credentials do not belong in the URL; receivers check the signature',
        ),
        badInput('condition.noEventFor', "condition.noEventFor: 'x' is not a duration"),
        badInput('input.match.parameters', 'must be a JSON object'),
      ],
    });
    expect(serverFieldErrors(error)).toEqual({
      'webhook.url': 'credentials do not belong in the URL; receivers check the signature',
      'condition.duration': "'x' is not a duration",
      'match.parameters': 'must be a JSON object',
    });
  });

  it('leave out other codes and fields the form does not have', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        { message: 'no', extensions: { code: 'FORBIDDEN' } },
        badInput('input', 'something else'),
      ],
    });
    expect(serverFieldErrors(error)).toEqual({});
    expect(serverFieldErrors(new Error('socket closed'))).toEqual({});
    expect(formField('input.name')).toBe('name');
    expect(formField('expectedVersion')).toBeNull();
  });
});
