-- Quotes on tickets whose work the contract does not include (service::quotes): sent by staff,
-- approved or rejected by the client, expired at the end of their validity day, or withdrawn.
-- Each change is also a ticket event (quote_sent, quote_approved…) in the same transaction.
-- Keep in step with the other engine's 0019_quotes.sql.

create table quote (
    id integer primary key,
    ticket_id bigint not null references ticket(id),
    description text not null,
    -- The estimate in whole minutes (the API speaks hours).
    minutes bigint not null check (minutes > 0),
    -- Integer minor units of the currency (cents for ARS/USD/EUR; no floats anywhere).
    amount_minor bigint not null check (amount_minor > 0),
    -- ISO 4217, upper-case; which codes are accepted is domain::quote's business.
    currency text not null check (length(currency) = 3),
    -- The last day it may be accepted, in the client's calendar (YYYY-MM-DD), and the instant
    -- that day ends in the client's time zone, fixed when it is sent.
    valid_until text not null,
    expires_at_us bigint not null,
    state text not null check (state in ('pending', 'approved', 'rejected', 'expired', 'withdrawn')),
    created_by bigint not null references app_user(id),
    created_at_us bigint not null,
    -- Who moved it out of pending (the client admin who decided, the agent who withdrew it;
    -- null when it expired) and when; a rejection's optional reason.
    decided_by bigint references app_user(id),
    decided_at_us bigint,
    decision_reason text,
    -- Set when a newer quote replaced (withdrew) this one.
    replaced_by bigint references quote(id)
);
create index quote_ticket on quote(ticket_id, id);
-- At most one quote per ticket awaits the client: a second writer fails instead of adding one.
create unique index quote_one_pending on quote(ticket_id) where state = 'pending';
-- The expiry watch reads pending quotes by the end of their validity.
create index quote_pending_expiry on quote(expires_at_us) where state = 'pending';
