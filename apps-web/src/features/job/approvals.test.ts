import { describe, expect, it } from 'vitest';
import type { JobFieldsFragment } from '../../shared/graphql/generated/graphql';
import { approvalTitle, decisionText } from './approvals';

type Approval = JobFieldsFragment['approvals'][number];

function approval(overrides: Partial<Approval>): Approval {
  return {
    gate: 'AFTER_PLAN',
    stepId: 'plan',
    subject: '1. add',
    requestedAt: '2025-03-01T09:00:00Z',
    requestedBy: 'orchestrator',
    deadline: null,
    status: 'PENDING',
    decidedBy: null,
    comment: null,
    decidedAt: null,
    timedOut: false,
    copied: false,
    ...overrides,
  };
}

describe('approvals', () => {
  it('names what is approved at each gate', () => {
    expect(approvalTitle('AFTER_PLAN')).toBe('Approve the plan');
    expect(approvalTitle('BEFORE_COMPLETE')).toBe('Approve the result');
  });

  it('says who rejected, with the comment that went back as feedback', () => {
    const text = decisionText(
      approval({
        status: 'REJECTED',
        decidedBy: 'olga',
        comment: 'add tests',
        decidedAt: '2025-03-01T09:01:00Z',
      }),
    );
    expect(text).toMatch(/^rejected by olga at .+: add tests$/);
  });

  it('says when the timeout decided instead of a person', () => {
    const text = decisionText(
      approval({ status: 'APPROVED', decidedBy: 'approval-timeout', timedOut: true }),
    );
    expect(text).toBe('approved by the timeout (nobody decided in time)');
  });

  it('says when the job ended without a decision', () => {
    expect(decisionText(approval({ status: 'CLOSED' }))).toBe('the job ended without a decision');
  });
});
