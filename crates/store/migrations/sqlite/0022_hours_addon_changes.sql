-- Every change of an administration-hours add-on, kept after the add-on itself is deleted:
-- an add-on moves what a client is billed, so who added, changed or removed hours, and what
-- they were, must stay on record (issue 19). `addon_id` has no foreign key on purpose.
create table hours_addon_change (
    id integer primary key,
    addon_id bigint not null,
    client_id bigint not null references client(id),
    action text not null check (action in ('created', 'updated', 'deleted')),
    -- The add-on as it was after the change (before it, for a deletion).
    month text not null,
    minutes bigint not null,
    note text not null default '',
    by_user bigint references app_user(id),
    at_us bigint not null
);
create index hours_addon_change_client on hours_addon_change(client_id, id);

-- The add-ons recorded before this log existed: their creation, as their row says.
insert into hours_addon_change (addon_id, client_id, action, month, minutes, note, by_user, at_us)
    select id, client_id, 'created', month, minutes, note, created_by, created_at_us
    from admin_hours_addon order by id;
