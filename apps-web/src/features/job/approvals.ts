import type { ApprovalGate, JobFieldsFragment } from '../../shared/graphql/generated/graphql';
import { formatTime } from '../../shared/ui/format';

type Approval = JobFieldsFragment['approvals'][number];

/** What is approved at a gate, as a heading. */
export function approvalTitle(gate: ApprovalGate): string {
  return gate === 'AFTER_PLAN' ? 'Approve the plan' : 'Approve the result';
}

/** Who decided what and when, in one line: "rejected by olga at …: add tests". */
export function decisionText(a: Approval): string {
  if (a.status === 'CLOSED') return 'the job ended without a decision';
  if (a.status === 'PENDING') return 'waiting';
  const verb = a.status === 'APPROVED' ? 'approved' : 'rejected';
  const who = a.timedOut ? 'the timeout (nobody decided in time)' : (a.decidedBy ?? 'unknown');
  const when = a.decidedAt ? ` at ${formatTime(a.decidedAt)}` : '';
  return `${verb} by ${who}${when}` + (a.comment ? `: ${a.comment}` : '');
}
