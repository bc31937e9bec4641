-- Every append updates its job's row in job_summaries (the stream head and the read model), so
-- that update must stay cheap: a HOT update (heap-only tuple) rewrites the row in its own page and
-- touches no index. PostgreSQL can only do that when no indexed column changes and the page has
-- room for the new row version.
--   * Leave room: pages are filled to 70% on insert, so a new job's first updates find space.
--   * updated_at changes on every append; an index on it (job_summaries_running_idx of V2, for
--     the orchestrator's poll of running jobs) made every append a non-HOT update that inserted
--     into all six indexes of the table. The same poll is served by a partial index of the running
--     jobs' ids (a handful of rows, sorted by updated_at after the scan), whose predicate column,
--     status, changes only a few times in a job's life.
alter table job_summaries set (fillfactor = 70);

drop index if exists job_summaries_running_idx;
create index job_summaries_running_ids_idx on job_summaries (job_id) where status = 'RUNNING';
