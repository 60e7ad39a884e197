-- Incoming mail (service::mail_in): one row per message read from a support mailbox, written
-- in the same transaction as the ticket or message it made, so a message is acted on exactly
-- once: a message whose message_id is here already is only flagged \Seen again.
-- Keep in step with the other engine's 0010_inbound_mail.sql.

create table inbound_mail (
    id integer primary key,
    -- The Message-ID (without <>), or "sha256:<hex>" of the raw message when it has none.
    message_id text not null unique,
    -- Where it was read: the mailbox (user@host/folder, never the password), its UIDVALIDITY
    -- and the message's UID.
    mailbox text not null,
    uidvalidity bigint not null,
    uid bigint not null,
    from_address text not null,
    subject text not null,
    received_at_us bigint not null,
    state text not null check (state in ('ticket', 'reply', 'review', 'discarded', 'refused')),
    ticket_id bigint references ticket (id),
    -- Why it needs a person (review, refused), as a code: unknown_sender, staff_sender…
    reason text,
    raw_size bigint not null,
    -- Kept for review items only, so an agent can still turn them into a ticket.
    raw blob,
    -- A polite auto-reply is owed to from_address (at most one per address per day, never to
    -- automatic mail); the outbox sends it and sets auto_reply_sent_at_us.
    auto_reply_due boolean not null default false,
    auto_reply_sent_at_us bigint,
    -- Who acted on a review item, and when.
    handled_by bigint references app_user (id),
    handled_at_us bigint
);

create index inbound_mail_state on inbound_mail (state, received_at_us);
create index inbound_mail_auto_reply on inbound_mail (from_address, received_at_us);
