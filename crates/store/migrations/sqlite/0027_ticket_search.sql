-- Full-text search over tickets (store::search). One row per ticket, rowid = ticket id, its
-- text folded and split in Rust (domain::search::index_text) so both engines see the same words:
-- subject; public messages; internal notes (never matched for client admins: their queries name
-- the first two columns only); names (client, campus, tags); tenant (one token per client, so a
-- client admin's search intersects with their own tickets inside the index instead of ranking
-- every client's matches first). Contentless (the text lives in ticket and ticket_message),
-- with deletes allowed so a ticket's row is replaced when it changes. Prefix indexes of 3 and 4
-- characters serve the terms of a half-typed word. Existing tickets are indexed by the search
-- backfill (store::search::backfill) from the watermark below.
create virtual table ticket_fts using fts5(
    subject, public_text, internal_text, names, tenant,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '3 4'
);

create table search_backfill (
    name text primary key,
    -- The next ticket id to index; null once every ticket that existed is indexed.
    next_id bigint
);
insert into search_backfill (name, next_id) select 'ticket', 1 where exists (select 1 from ticket);
insert into search_backfill (name, next_id) select 'ticket', null where not exists (select 1 from ticket);
