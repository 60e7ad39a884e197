-- Files sent with an outgoing e-mail (the monthly service report's PDF): kept with the
-- message so every retry sends the same bytes, and the outbox shows what went.
create table outbox_attachment (
    id integer primary key,
    outbox_id bigint not null references outbox(id),
    filename text not null,
    content_type text not null,
    data blob not null
);
create index outbox_attachment_outbox on outbox_attachment(outbox_id, id);

-- Each client's monthly report is e-mailed once per month: the unique key makes it once even
-- with several nodes running the job; it goes with the client if the client is deleted.
create table report_delivery (
    id integer primary key,
    client_id bigint not null references client(id) on delete cascade,
    month text not null,
    recipients integer not null,
    created_at_us bigint not null,
    unique (client_id, month)
);
