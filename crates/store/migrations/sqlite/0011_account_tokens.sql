-- Single-use links by e-mail (service::account_mail): an invitation to choose a first password
-- (7 days) and a password reset (1 hour). Only the SHA-256 of the token is stored; the link
-- itself exists only in the e-mail. Issuing a new reset ends the user's earlier unused ones
-- (their expires_at_us is set to that instant), so created_at_us still counts them for the
-- hourly limit of reset mails per address.
-- Keep in step with the other engine's 0011_account_tokens.sql.

create table account_token (
    id integer primary key,
    user_id bigint not null references app_user (id),
    purpose text not null check (purpose in ('invite', 'reset')),
    token_hash text not null unique,
    created_at_us bigint not null,
    expires_at_us bigint not null,
    used_at_us bigint
);

create index account_token_user on account_token (user_id, purpose, created_at_us);
