-- Background work (the SLA watch, notification delivery, mail polling, probes…) as rows that
-- any node may claim with a lease. Delivery is at least once: an expired lease runs the job
-- again, so handlers are idempotent; completion is fenced by (lease_owner, attempts).
-- Keep in step with the other engine's 0008_jobs.sql.

create table job (
    id integer primary key,
    kind text not null,
    -- JSON, read by the kind's handler.
    payload text not null default '{}',
    -- Periodic ticks carry one ("sla_watch:<tick>") so that however many nodes schedule a
    -- tick, one row exists; one-off jobs have none.
    dedup_key text unique,
    state text not null check (state in ('queued', 'running', 'done', 'failed')),
    run_at_us bigint not null,
    attempts integer not null default 0,
    max_attempts integer not null,
    -- Who holds it while running, until when (an expired lease may be claimed again).
    lease_owner text,
    lease_until_us bigint,
    last_error text,
    created_at_us bigint not null,
    finished_at_us bigint
);

-- The claim: due queued jobs, and running ones whose lease expired.
create index job_claim on job (state, run_at_us, id);
create index job_lease on job (state, lease_until_us);
