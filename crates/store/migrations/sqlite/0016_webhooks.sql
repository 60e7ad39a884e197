-- Outgoing webhooks (service::webhooks): endpoints an administrator registers, and one delivery
-- per (event, endpoint) written in the same transaction as the change that caused it, sent by a
-- deliver_webhook job (retried with back-off). The signing secret is stored only encrypted
-- (ChaCha20-Poly1305 under the node's secret key, "v1.<key id>.<hex>"): a copy of the database
-- cannot forge signatures. After a rotation the previous secret keeps signing too (a second
-- v1= in the signature header) until previous_secret_until_us, so receivers can switch over.
-- Keep in step with the other engine's 0016_webhooks.sql.

create table webhook (
    id integer primary key,
    url text not null,
    description text not null default '',
    -- JSON array of event names (ticket.created, campus.down…), validated by the service.
    events text not null,
    active boolean not null default true,
    secret_enc text not null,
    previous_secret_enc text,
    previous_secret_until_us bigint,
    created_at_us bigint not null,
    updated_at_us bigint not null,
    updated_by bigint references app_user (id) on delete set null
);

create table webhook_delivery (
    id integer primary key,
    webhook_id bigint not null references webhook (id) on delete cascade,
    -- The public id: the payload's "id" and the Atiende-Delivery header, kept on redelivery so
    -- receivers can drop duplicates.
    uuid text not null unique,
    event text not null,
    -- The exact JSON body sent, fixed when the delivery is written.
    payload text not null,
    -- pending (an attempt is queued), delivered (a 2xx answer), failed (given up)
    state text not null check (state in ('pending', 'delivered', 'failed')),
    attempts integer not null default 0,
    -- The job that may attempt it; a redelivery points it at its own job, so an older job still
    -- queued does nothing. Null: the job queued with the delivery.
    job_id bigint,
    last_status integer,
    last_error text,
    -- The start of the last answer's body (at most 4 KiB read), for the log.
    response_snippet text,
    -- The headers of the last attempt as sent, one "Name: value" a line, the signatures blanked.
    request_headers text,
    created_at_us bigint not null,
    last_attempt_at_us bigint,
    delivered_at_us bigint
);

-- The delivery log of one endpoint, newest first.
create index webhook_delivery_log on webhook_delivery (webhook_id, id);
-- Housekeeping forgets old finished deliveries.
create index webhook_delivery_age on webhook_delivery (created_at_us);
