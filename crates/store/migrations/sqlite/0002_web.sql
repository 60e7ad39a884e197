-- Web UI: sessions in the database (several nodes can serve), login throttling, canned responses.
-- Keep in step with ../postgres/0002_web.sql.

create table web_session (
    id integer primary key,
    -- SHA-256 of the cookie value: the database never holds a usable session.
    token_hash text not null unique,
    user_id bigint not null references app_user(id),
    csrf_token text not null,
    created_at_us bigint not null,
    expires_at_us bigint not null
);
create index web_session_user on web_session(user_id);
create index web_session_expiry on web_session(expires_at_us);

create table login_attempt (
    id integer primary key,
    -- 'email:<address>' or 'ip:<address>'
    key text not null,
    at_us bigint not null
);
create index login_attempt_key on login_attempt(key, at_us);

create table canned_response (
    id integer primary key,
    title text not null,
    body text not null,
    created_by bigint references app_user(id),
    created_at_us bigint not null
);
