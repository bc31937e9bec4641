-- The hash scheme each event was hashed with (application: HashScheme). Verification recomputes an
-- event's hash with its own scheme, so a new canonical form never makes an old event look altered.
--   1  PLAIN_DECIMALS: the canonical JSON of every event stored before this migration
--   2  RFC_8785: the JSON Canonicalization Scheme, for every event appended from now on
-- Adding a column with a constant default rewrites no row (PostgreSQL 11+): the existing events
-- read as 1. The default is dropped afterwards, so every insert must say which scheme it used.
alter table job_events
    add column hash_scheme smallint not null default 1 check (hash_scheme > 0);
alter table job_events
    alter column hash_scheme drop default;
