-- The event log: one row per event, append-only.
--   global_position  total order of appends (identity; may commit out of order, see transaction_id)
--   version          1, 2, 3... per job, no gaps (unique per job: the optimistic-concurrency guard)
--   transaction_id   the writing transaction; global readers only read below the oldest running
--                    transaction (pg_snapshot_xmin) so a late commit is never skipped
--   prev_hash/hash   per-job SHA-256 chain over the canonical form of each event
create table job_events (
    global_position bigint generated always as identity primary key,
    event_id        uuid        not null,
    job_id          uuid        not null,
    version         bigint      not null check (version > 0),
    event_type      text        not null,
    schema_version  integer     not null check (schema_version > 0),
    data            jsonb       not null,
    metadata        jsonb       not null,
    occurred_at     timestamptz not null,
    transaction_id  xid8        not null default pg_current_xact_id(),
    prev_hash       bytea,
    hash            bytea       not null,
    constraint job_events_event_id_key unique (event_id),
    constraint job_events_job_version_key unique (job_id, version)
);

create index job_events_job_occurred_idx on job_events (job_id, occurred_at);

create function job_events_are_immutable() returns trigger
    language plpgsql as
$$
begin
    raise exception 'job_events is append-only: % is not allowed', tg_op
        using errcode = 'P0001', hint = 'events are immutable; append a compensating event instead';
end;
$$;

create trigger job_events_no_update_or_delete
    before update or delete on job_events
    for each row execute function job_events_are_immutable();

create trigger job_events_no_truncate
    before truncate on job_events
    for each statement execute function job_events_are_immutable();

-- The stream head and the job summary read model in one row, written in the append transaction.
-- version/last_hash are the head (the guard for the next append); the rest is a projection of
-- the log that rebuildProjections() recomputes.
create table job_summaries (
    job_id          uuid        primary key,
    version         bigint      not null,
    last_hash       bytea       not null,
    name            text        not null,
    status          text        not null,
    progress        double precision not null,
    current_step    text,
    created_by      text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    origin_job_id   uuid,
    origin_version  bigint
);

create index job_summaries_created_idx on job_summaries (created_at desc, job_id desc);
create index job_summaries_status_created_idx on job_summaries (status, created_at desc, job_id desc);
create index job_summaries_name_idx on job_summaries (lower(name) text_pattern_ops);
create index job_summaries_origin_idx on job_summaries (origin_job_id) where origin_job_id is not null;

-- Disposable snapshots of the folded state; tagged with the state schema version so an old shape
-- is ignored rather than trusted.
create table job_snapshots (
    job_id               uuid        not null,
    version              bigint      not null,
    state_schema_version integer     not null,
    state                jsonb       not null,
    last_hash            bytea       not null,
    created_at           timestamptz not null default now(),
    primary key (job_id, version)
);

-- The global read order: (transaction, position) below the oldest running transaction.
create index job_events_transaction_position_idx on job_events (transaction_id, global_position);
