-- Time entries on tickets and the administration-hours bank (issue 19, items 4 and 5;
-- service::hours). Keep in step with the other engine's 0020_hours.sql.

-- Unused administration hours of a month carry into the next one (once) only when the plan
-- says so.
alter table plan add column admin_hours_rollover boolean not null default false;

-- Work done on a ticket. The client is the ticket's (no copy: a join keeps one truth). The
-- work date is a civil date in the client's time zone, so the month it counts in never
-- depends on when it was typed.
create table time_entry (
    id integer primary key,
    ticket_id bigint not null references ticket(id),
    -- The staff user who did the work.
    agent_id bigint not null references app_user(id),
    -- 'YYYY-MM-DD' in the client's zone.
    work_date text not null,
    minutes bigint not null check (minutes between 1 and 1440),
    note text not null default '',
    billable boolean not null,
    visible_to_client boolean not null,
    -- Who typed it (a supervisor may log an agent's work) and when; the ticket's events hold
    -- every change.
    created_by bigint not null references app_user(id),
    created_at_us bigint not null,
    updated_at_us bigint not null
);
create index time_entry_ticket on time_entry(ticket_id, id);
create index time_entry_date on time_entry(work_date);

-- Hours an administrator adds to one client's bank for one month ('YYYY-MM', client's zone).
create table admin_hours_addon (
    id integer primary key,
    client_id bigint not null references client(id),
    month text not null,
    minutes bigint not null check (minutes > 0),
    note text not null default '',
    created_by bigint references app_user(id),
    created_at_us bigint not null,
    updated_by bigint references app_user(id),
    updated_at_us bigint not null
);
create index admin_hours_addon_client on admin_hours_addon(client_id, month);
