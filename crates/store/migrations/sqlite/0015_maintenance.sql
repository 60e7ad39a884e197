-- Maintenance records per campus, the missing-backup alert, upgrade requests, the Moodle site
-- information of a campus, and tickets kept from the client until an agent publishes them
-- (service::maintenance). Keep in step with the other engine's 0015_maintenance.sql.

-- A ticket Atiende opened by itself (a missing backup) stays staff-only until an agent makes it
-- public: client admins neither list nor open it meanwhile.
alter table ticket add column staff_only boolean not null default false;

-- What was done on a campus: backups, OS/DB updates, security patches, platform upgrades and
-- maintenance windows. Which columns a kind uses is checked by the service (domain::maintenance).
create table maintenance_record (
    id integer primary key,
    campus_id bigint not null references campus(id),
    kind text not null check (kind in ('backup', 'os_update', 'db_update', 'security_patch', 'platform_upgrade', 'maintenance_window')),
    -- When it was done (a window: when it started).
    performed_at_us bigint not null,
    -- Backups.
    status text check (status in ('ok', 'failed')),
    size_bytes bigint check (size_bytes >= 0),
    duration_seconds bigint check (duration_seconds >= 0),
    location text,
    -- Updates, patches and upgrades.
    package text,
    from_version text,
    to_version text,
    -- Maintenance windows.
    ends_at_us bigint,
    -- A backup's or an update's note; a window's description.
    note text not null default '',
    -- Who recorded it: a user (through the web UI, the CLI or with one of their API tokens,
    -- named then), or the system user (the Moodle check).
    recorded_by bigint references app_user(id),
    token_id bigint references api_token(id),
    source text not null check (source in ('api', 'web', 'cli', 'moodle')),
    created_at_us bigint not null
);
create index maintenance_record_campus on maintenance_record(campus_id, kind, performed_at_us);

-- The missing-backup alert of a campus: at most one open per campus (the unique index keeps two
-- nodes from opening two tickets), cleared by the next successful backup.
create table backup_alert (
    id integer primary key,
    campus_id bigint not null references campus(id),
    ticket_id bigint not null references ticket(id),
    -- The last successful backup (or where the count started) when the alert was raised.
    last_ok_us bigint not null,
    opened_at_us bigint not null,
    cleared_at_us bigint,
    -- The backup record that cleared it.
    cleared_by_record bigint references maintenance_record(id)
);
create unique index backup_alert_open on backup_alert(campus_id) where cleared_at_us is null;

-- The tickets of "Solicitar actualización de versión" (one open request per campus).
create table upgrade_request (
    id integer primary key,
    campus_id bigint not null references campus(id),
    ticket_id bigint not null references ticket(id),
    created_at_us bigint not null
);
create index upgrade_request_campus on upgrade_request(campus_id, id);

-- A campus's Moodle web-service token (ciphertext only, like mail passwords) and what the
-- daily check last read from core_webservice_get_site_info.
create table campus_moodle (
    campus_id bigint primary key references campus(id),
    token_enc text,
    site_release text,
    site_version text,
    checked_at_us bigint,
    error text,
    updated_at_us bigint not null
);
