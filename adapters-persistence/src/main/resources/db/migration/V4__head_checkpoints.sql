-- Checkpoints of every job's stream head (version and hash), kept apart from the head itself.
-- job_summaries holds the head, written in each append's transaction; this table records it again,
-- periodically, append-only. Someone who deletes the tail of a job's log (which the triggers of
-- job_events refuse, so only with the triggers off) must also lower the head in job_summaries AND
-- delete rows here to hide it; an export of these rows (GET /api/orchestrator/heads.ndjson), kept
-- elsewhere, shows it even then. verifyJob and rebuildProjections compare the log with both.
create table job_head_checkpoints (
    job_id       uuid        not null,
    version      bigint      not null check (version > 0),
    last_hash    bytea       not null,
    recorded_at  timestamptz not null,
    primary key (job_id, version)
);

create function job_head_checkpoints_are_append_only() returns trigger
    language plpgsql as
$$
begin
    raise exception 'job_head_checkpoints is append-only: % is not allowed', tg_op
        using errcode = 'P0001', hint = 'head checkpoints are evidence; they are never changed';
end;
$$;

create trigger job_head_checkpoints_no_update_or_delete
    before update or delete on job_head_checkpoints
    for each row execute function job_head_checkpoints_are_append_only();

create trigger job_head_checkpoints_no_truncate
    before truncate on job_head_checkpoints
    for each statement execute function job_head_checkpoints_are_append_only();
