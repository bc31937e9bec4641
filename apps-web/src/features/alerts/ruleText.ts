// A rule's match, condition and target in a few words, for the list and the rule's page.
import type { AlertRuleFieldsFragment } from '../../shared/graphql/generated/graphql';

type Rule = Pick<AlertRuleFieldsFragment, 'match' | 'condition'>;

/** The match; a rule with a condition takes no event types (the condition says which count). */
export function matchText({ match, condition }: Rule): string {
  const parts: string[] = [];
  if (match.eventTypes.length) parts.push(match.eventTypes.join(', '));
  else if (!condition) parts.push('any event');
  if (match.jobName) parts.push(`job ${match.jobName}`);
  if (match.statuses.length) parts.push(`status ${match.statuses.join('/')}`);
  const parameters = match.parameters as Record<string, unknown> | null;
  if (parameters && Object.keys(parameters).length) {
    parts.push(`parameters ⊇ ${JSON.stringify(parameters)}`);
  }
  if (match.agentKinds.length) parts.push(`agent ${match.agentKinds.join('/')}`);
  return parts.length ? parts.join(' · ') : 'any job';
}

export function conditionText({ condition: c }: Rule): string {
  if (!c) return 'every matching event';
  switch (c.type) {
    case 'JOB_FAILED':
      return 'job failed';
    case 'STEP_RETRIED':
      return `step retried ≥ ${c.atLeast} times`;
    case 'RUNNING_LONGER_THAN':
      return `running longer than ${c.duration}`;
    case 'NO_EVENT_FOR':
      return `no event for ${c.duration} (stuck)`;
    case 'FAILURE_RATE':
      return `failure rate > ${c.abovePercent}% over ${c.window} (≥ ${c.minJobs} jobs)`;
  }
}
