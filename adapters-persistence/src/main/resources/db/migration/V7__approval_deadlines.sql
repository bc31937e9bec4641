-- Human approval (docs/approval.md): a job waiting for a decision holds no lease. When its approval
-- has a timeout, the summary keeps the deadline, so that any instance's claim query finds the job
-- once it is due and records the timeout, even if no instance held the job meanwhile.
alter table job_summaries add column approval_due_at timestamptz;

create index job_summaries_approval_due_idx on job_summaries (approval_due_at)
    where status = 'AWAITING_APPROVAL';
