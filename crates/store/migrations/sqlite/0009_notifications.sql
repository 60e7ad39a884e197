-- Who is told what: notifications (in the app and by e-mail), the outbox of e-mails to send,
-- per-user preferences, and the SLA alerts already sent for a ticket.
-- Keep in step with the other engine's 0009_notifications.sql.

-- The second warning threshold's instant, like warn_at_us for the first.
alter table ticket add column second_warn_at_us bigint;
-- The highest SLA warning sent for the ticket's current due time: 0 none, 1 the first
-- threshold, 2 the second. A change that puts a threshold back in the future lowers it
-- (re-arms), so each threshold is announced once per due time.
alter table ticket add column sla_alerted integer not null default 0;
-- Set when the breach was announced to the supervisors (the ticket is escalated).
alter table ticket add column escalated_at_us bigint;

create table notification (
    id integer primary key,
    user_id bigint not null references app_user(id),
    ticket_id bigint references ticket(id),
    -- ticket_received, public_reply, waiting_on_you, resolved, closed, assigned,
    -- client_replied, sla_warning, sla_breach
    kind text not null,
    -- JSON: what its text needs (number, subject, priority, due time…), rendered in the
    -- reader's language when shown.
    data text not null,
    created_at_us bigint not null,
    read_at_us bigint
);
create index notification_inbox on notification (user_id, read_at_us, id);

-- E-mails to send, written in the same transaction as what caused them; a job per message
-- delivers it (retried with back-off), so an SMTP outage loses nothing.
create table outbox (
    id integer primary key,
    notification_id bigint references notification(id),
    ticket_id bigint references ticket(id),
    to_address text not null,
    subject text not null,
    body_text text not null,
    -- Stable across retries, so a receiver (and our own ingest) can drop a duplicate.
    message_id text not null unique,
    in_reply_to text,
    -- queued, sent, failed (given up), unsent (no SMTP server configured)
    state text not null check (state in ('queued', 'sent', 'failed', 'unsent')),
    attempts integer not null default 0,
    last_error text,
    created_at_us bigint not null,
    sent_at_us bigint
);
create index outbox_state on outbox (state, id);

-- A user's choices per kind; no row = the default (in the app for staff, e-mail on).
create table notification_pref (
    user_id bigint not null references app_user(id),
    kind text not null,
    email boolean not null,
    in_app boolean not null,
    primary key (user_id, kind)
);
