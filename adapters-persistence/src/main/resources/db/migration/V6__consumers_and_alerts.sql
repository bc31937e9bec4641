-- Durable consumers of the global log: one row per named consumer with its checkpoint (the global
-- cursor of the last event whose work is done), the lease that makes one instance at a time its
-- active holder, and its counters. The checkpoint only moves under a live lease of the writer.
create table log_consumers (
    name                text        primary key,
    cursor_transaction  bigint      not null check (cursor_transaction >= 0),
    cursor_position     bigint      not null check (cursor_position >= 0),
    owner_instance      text,
    lease_expires_at    timestamptz,
    delivered           bigint      not null default 0,
    failed              bigint      not null default 0,
    retrying            integer     not null default 0,
    last_error          text,
    last_error_at       timestamptz,
    last_event_at       timestamptz,
    updated_at          timestamptz not null
);

-- Alert rules. definition holds the match and the condition (never the secret, which is only in
-- webhook_secret and never leaves this table except to sign a delivery). Deleted rules stay, marked
-- deleted_at, so their delivery log and history remain readable.
create table alert_rules (
    rule_id          uuid        primary key,
    name             text        not null,
    enabled          boolean     not null,
    definition       jsonb       not null,
    webhook_url      text        not null,
    webhook_format   text        not null check (webhook_format in ('JSON', 'SLACK')),
    webhook_secret   text        not null,
    version          integer     not null check (version > 0),
    created_by       text        not null,
    created_at       timestamptz not null,
    updated_by       text        not null,
    updated_at       timestamptz not null,
    deleted_at       timestamptz
);

-- Every change to a rule: who, when, and the rule as it became (without its secret).
create table alert_rule_changes (
    rule_id         uuid        not null,
    version         integer     not null,
    change          text        not null check (change in ('CREATED', 'UPDATED', 'DELETED')),
    changed_by      text        not null,
    changed_at      timestamptz not null,
    rule            jsonb       not null,
    secret_changed  boolean     not null,
    primary key (rule_id, version)
);

-- One row per notification a rule fired. trigger_key names what fired (an event, a job that got
-- stuck at a version, ...), unique per rule, so evaluating the same events twice (the consumer is
-- at-least-once) or sweeping a stuck job again never queues a second delivery. body is the exact
-- payload sent on every attempt; delivery_id is the idempotency key. delivery_seq orders a rule's
-- deliveries for one job: one is only sent after every earlier one of the same rule and job is
-- delivered, dead or cancelled. A claimed delivery has next_attempt_at pushed past the attempt's
-- timeout, so a crashed sender's claim runs out and another instance retries it.
create table alert_deliveries (
    delivery_id       uuid        primary key,
    delivery_seq      bigint      generated always as identity,
    rule_id           uuid        not null references alert_rules (rule_id),
    job_id            uuid,
    trigger_key       text        not null,
    trigger           text        not null,
    format            text        not null check (format in ('JSON', 'SLACK')),
    body              text        not null,
    state             text        not null
                      check (state in ('PENDING', 'RETRYING', 'DELIVERED', 'DEAD', 'CANCELLED')),
    attempts          integer     not null default 0,
    max_attempts      integer     not null check (max_attempts > 0),
    created_at        timestamptz not null,
    next_attempt_at   timestamptz,
    delivered_at      timestamptz,
    last_status_code  integer,
    last_error        text,
    redelivered_by    text,
    redelivered_at    timestamptz,
    constraint alert_deliveries_trigger_key unique (rule_id, trigger_key)
);

create index alert_deliveries_due_idx on alert_deliveries (next_attempt_at)
    where state in ('PENDING', 'RETRYING');
create index alert_deliveries_open_order_idx on alert_deliveries (rule_id, job_id, delivery_seq)
    where state in ('PENDING', 'RETRYING');
create index alert_deliveries_rule_idx on alert_deliveries (rule_id, delivery_seq desc);
create index alert_deliveries_job_idx on alert_deliveries (job_id, delivery_seq desc);

-- The delivery log: every attempt with its outcome.
create table alert_delivery_attempts (
    delivery_id   uuid        not null references alert_deliveries (delivery_id),
    attempt       integer     not null check (attempt > 0),
    started_at    timestamptz not null,
    status_code   integer,
    latency_ms    integer     not null,
    error         text,
    instance_id   text        not null,
    primary key (delivery_id, attempt)
);

-- The outcomes of the finished jobs a failure-rate rule matches, for its rate over a window
-- (written by the alerts consumer as it reads JobCompleted and JobFailed; old rows are pruned).
-- (The sweeps of the other time-based conditions read running jobs through
-- job_summaries_running_ids_idx: no index on job_summaries.updated_at, see V2_1.)
create table alert_rule_outcomes (
    rule_id      uuid        not null,
    job_id       uuid        not null,
    finished_at  timestamptz not null,
    failed       boolean     not null,
    primary key (rule_id, job_id)
);

create index alert_rule_outcomes_window_idx on alert_rule_outcomes (rule_id, finished_at);
