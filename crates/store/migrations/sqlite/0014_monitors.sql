-- Campus monitoring (service::monitors): every campus is probed over HTTP, hosted by us or
-- not. A campus without a campus_monitor row is monitored with the defaults; a row holds an
-- administrator's settings for that campus. Raw probe results are kept for
-- ATIENDE_PROBE_RETENTION_DAYS (default 30), then rolled into hourly aggregates by the
-- housekeeping job. An incident is one outage or one period of degraded performance; at most
-- one is open per campus and kind (the partial unique index), which is what keeps two nodes
-- from opening two tickets for one outage.
-- Keep in step with the other engine's 0014_monitors.sql.

create table campus_monitor (
    campus_id bigint primary key references campus (id) on delete cascade,
    enabled boolean not null,
    interval_seconds integer not null check (interval_seconds between 30 and 3600),
    timeout_seconds integer not null check (timeout_seconds between 1 and 60),
    -- Text the page must contain (null: any answer below 500 is up).
    expected_text text,
    latency_threshold_ms integer not null check (latency_threshold_ms between 50 and 60000),
    sustain_minutes integer not null check (sustain_minutes between 1 and 1440),
    failures_to_alert integer not null check (failures_to_alert between 1 and 10),
    updated_at_us bigint not null,
    updated_by bigint references app_user (id) on delete set null
);

create table probe_result (
    id integer primary key,
    campus_id bigint not null references campus (id) on delete cascade,
    at_us bigint not null,
    ok boolean not null,
    http_status integer,
    latency_ms integer,
    -- At most 500 characters: the network's or the check's words.
    error text
);
create index probe_result_campus_at on probe_result (campus_id, at_us);
create index probe_result_at on probe_result (at_us);

-- Raw results older than the retention, per campus and UTC hour. Latency is summed over the
-- probes that were up (average = latency_sum_ms / ups).
create table probe_hourly (
    campus_id bigint not null references campus (id) on delete cascade,
    hour_us bigint not null,
    probes integer not null,
    ups integer not null,
    latency_sum_ms bigint not null,
    latency_max_ms integer not null,
    primary key (campus_id, hour_us)
);

create table campus_incident (
    id integer primary key,
    campus_id bigint not null references campus (id) on delete cascade,
    kind text not null check (kind in ('outage', 'degraded')),
    -- The first failed (or slow) probe of the run that opened it.
    started_at_us bigint not null,
    -- The probe that ended it (null while open).
    ended_at_us bigint,
    ticket_id bigint references ticket (id),
    -- Failed (or slow) probes counted so far.
    failures integer not null,
    -- The count at the last note written on the ticket (notes are rationed).
    noted_failures integer not null,
    last_probe_at_us bigint not null,
    last_error text,
    created_at_us bigint not null
);
create unique index campus_incident_one_open on campus_incident (campus_id, kind) where ended_at_us is null;
create index campus_incident_campus on campus_incident (campus_id, started_at_us);
