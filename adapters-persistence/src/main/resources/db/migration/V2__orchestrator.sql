-- The orchestrator's shared state: which instance drives which running job (a lease that expires
-- unless renewed), the instances' heartbeats, and the agents' log lines per job.

-- One row per orchestrator instance, upserted by its heartbeat, deleted when it stops cleanly.
create table orchestrator_instances (
    instance_id     text        primary key,
    started_at      timestamptz not null,
    last_heartbeat  timestamptz not null,
    running_jobs    integer     not null check (running_jobs >= 0)
);

create index orchestrator_instances_heartbeat_idx on orchestrator_instances (last_heartbeat);

-- One row per leased job, deleted on release. A row whose expires_at has passed is free to take;
-- previous_owner remembers whose expired lease a takeover replaced.
create table job_leases (
    job_id          uuid        primary key,
    owner_instance  text        not null,
    acquired_at     timestamptz not null,
    expires_at      timestamptz not null,
    previous_owner  text
);

create index job_leases_owner_idx on job_leases (owner_instance);

-- The orchestrator's poll: RUNNING jobs, longest unchanged first.
create index job_summaries_running_idx on job_summaries (updated_at) where status = 'RUNNING';

-- Each job's log: sequence 1, 2, 3... without gaps. An append takes the next numbers from
-- job_log_heads, whose row lock serialises appends to one job until they commit, so a reader
-- never sees sequence n + 1 before n.
create table job_log_heads (
    job_id         uuid   primary key,
    last_sequence  bigint not null check (last_sequence > 0)
);

create table job_logs (
    job_id       uuid        not null,
    sequence     bigint      not null check (sequence > 0),
    logged_at    timestamptz not null,
    level        text        not null check (level in ('DEBUG', 'INFO', 'WARN', 'ERROR')),
    step_id      text,
    message      text        not null,
    trace_id     text,
    span_id      text,
    instance_id  text        not null,
    primary key (job_id, sequence)
);

-- Log lines are appended, never changed (old ones may be deleted to keep the table small).
create function job_logs_are_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'job_logs is append-only: UPDATE is not allowed'
        using errcode = 'P0001';
end;
$$;

create trigger job_logs_no_update
    before update on job_logs
    for each row execute function job_logs_are_append_only();
