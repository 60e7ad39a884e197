-- Core schema (SQLite). Timestamps are BIGINT Unix microseconds (UTC); civil dates are TEXT 'YYYY-MM-DD'.
-- Keep in step with ../postgres/0001_core.sql: a test compares tables and columns.

create table client (
    id integer primary key,
    name text not null,
    tax_id text not null unique,
    contact_emails text not null default '[]',
    time_zone text not null,
    created_at_us bigint not null
);

create table campus (
    id integer primary key,
    client_id bigint not null references client(id),
    url text not null,
    platform text not null,
    platform_version text not null,
    hosted_by_us boolean not null,
    service_start_date text not null,
    created_at_us bigint not null
);
create index campus_client on campus(client_id);

create table calendar (
    id integer primary key,
    name text not null,
    created_at_us bigint not null
);

create table calendar_version (
    id integer primary key,
    calendar_id bigint not null references calendar(id),
    version bigint not null,
    spec text not null,
    created_at_us bigint not null,
    unique (calendar_id, version)
);

create table sla_policy (
    id integer primary key,
    name text not null,
    created_at_us bigint not null
);

create table sla_policy_version (
    id integer primary key,
    policy_id bigint not null references sla_policy(id),
    version bigint not null,
    calendar_id bigint references calendar(id),
    targets text not null,
    warn_percent bigint not null,
    second_warn_percent bigint not null,
    created_at_us bigint not null,
    unique (policy_id, version)
);

create table plan (
    id integer primary key,
    name text not null,
    policy_id bigint not null references sla_policy(id),
    admin_hours_per_month bigint not null default 0,
    built_in boolean not null default false,
    created_at_us bigint not null
);

create table subscription (
    id integer primary key,
    client_id bigint not null references client(id),
    campus_id bigint references campus(id),
    plan_id bigint not null references plan(id),
    start_date text not null,
    created_at_us bigint not null
);
create index subscription_client on subscription(client_id);

create table app_user (
    id integer primary key,
    email text not null unique,
    name text not null,
    role text not null check (role in ('client_admin', 'agent', 'supervisor', 'admin')),
    client_id bigint references client(id),
    locale text not null,
    time_zone text not null,
    password_hash text not null,
    created_at_us bigint not null,
    check ((role = 'client_admin') = (client_id is not null))
);

create table api_token (
    id integer primary key,
    user_id bigint not null references app_user(id),
    name text not null,
    token_hash text not null unique,
    created_at_us bigint not null,
    revoked_at_us bigint
);

create table ticket (
    id integer primary key,
    client_id bigint not null references client(id),
    campus_id bigint references campus(id),
    requester_id bigint not null references app_user(id),
    category text not null check (category in ('functional', 'technical', 'administrative', 'commercial', 'complaint')),
    priority text not null check (priority in ('low', 'medium', 'high', 'urgent')),
    requested_priority text not null check (requested_priority in ('low', 'medium', 'high', 'urgent')),
    status text not null check (status in ('new', 'open', 'waiting_on_client', 'resolved', 'closed')),
    scope text not null check (scope in ('included', 'out_of_scope', 'admin_hours')),
    scope_reason text,
    subject text not null,
    assignee_id bigint references app_user(id),
    tags text not null default '[]',
    policy_version_id bigint not null references sla_policy_version(id),
    calendar_version_id bigint references calendar_version(id),
    created_at_us bigint not null,
    updated_at_us bigint not null,
    resolved_at_us bigint,
    closed_at_us bigint,
    linked_ticket_id bigint references ticket(id),
    -- SLA projection, written in the same transaction as each event (DESIGN.md).
    due_at_us bigint,
    warn_at_us bigint,
    remaining_at_pause_us bigint,
    breached_at_us bigint,
    outcome text check (outcome in ('met', 'breached')),
    sla_paused boolean not null default false,
    -- Queue order: due_at_us while running, then paused tickets by remaining time, closed last.
    urgency_us bigint not null
);
create index ticket_client_urgency on ticket(client_id, urgency_us, id);
create index ticket_urgency on ticket(urgency_us, id);
create index ticket_due on ticket(due_at_us);
create index ticket_breached on ticket(breached_at_us);
create index ticket_status on ticket(status);
create index ticket_warn on ticket(warn_at_us);
create index ticket_assignee on ticket(assignee_id);

create table ticket_message (
    id integer primary key,
    ticket_id bigint not null references ticket(id),
    author_id bigint references app_user(id),
    internal boolean not null,
    body text not null,
    created_at_us bigint not null
);
create index ticket_message_ticket on ticket_message(ticket_id, id);

create table attachment (
    id integer primary key,
    ticket_id bigint not null references ticket(id),
    message_id bigint references ticket_message(id),
    uploader_id bigint references app_user(id),
    filename text not null,
    content_type text not null,
    size_bytes bigint not null,
    sha256 text not null,
    data blob not null,
    created_at_us bigint not null
);
create index attachment_ticket on attachment(ticket_id);

create table ticket_event (
    id integer primary key,
    ticket_id bigint not null references ticket(id),
    at_us bigint not null,
    actor_id bigint references app_user(id),
    kind text not null,
    data text not null default '{}'
);
create index ticket_event_ticket on ticket_event(ticket_id, id);

-- The seed's plan: the built-in default policy, 24x7 (low 168 h, medium 48 h, high 12 h, urgent 4 h).
insert into sla_policy (id, name, created_at_us) values (1, 'Abono mensual', 0);
insert into sla_policy_version (id, policy_id, version, calendar_id, targets, warn_percent, second_warn_percent, created_at_us)
values (1, 1, 1, null,
 '{"low":{"target_seconds":604800,"clock":"calendar"},"medium":{"target_seconds":172800,"clock":"calendar"},"high":{"target_seconds":43200,"clock":"calendar"},"urgent":{"target_seconds":14400,"clock":"calendar"}}',
 75, 90, 0);
insert into plan (id, name, policy_id, admin_hours_per_month, built_in, created_at_us) values (1, 'Abono mensual', 1, 0, true, 0);
