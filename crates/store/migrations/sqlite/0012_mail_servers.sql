-- The mail servers an administrator configures in the admin UI (service::mail_settings): the
-- one outgoing SMTP server and the IMAP mailboxes read for incoming mail. What is set in the
-- environment (ATIENDE_SMTP_URL, ATIENDE_IMAP_URL) is never stored here. The password is
-- stored only encrypted (ChaCha20-Poly1305 under the node's secret key, "v1.<key id>.<hex>"),
-- never in clear, and no API or page returns it.
-- Keep in step with the other engine's 0012_mail_servers.sql.

create table mail_server (
    id integer primary key,
    kind text not null check (kind in ('smtp', 'imap')),
    host text not null,
    port integer not null check (port between 1 and 65535),
    security text not null check (security in ('none', 'starttls', 'tls')),
    username text not null default '',
    password_enc text,
    -- IMAP: the folder read (INBOX by default).
    folder text not null default 'INBOX',
    -- SMTP: the From of every e-mail ('' = the default or ATIENDE_MAIL_FROM).
    from_address text not null default '',
    enabled boolean not null default true,
    created_at_us bigint not null,
    updated_at_us bigint not null,
    updated_by bigint references app_user (id) on delete set null
);

-- One outgoing server.
create unique index mail_server_one_smtp on mail_server (kind) where kind = 'smtp';
