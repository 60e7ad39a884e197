-- Full-text search over tickets (store::search). One row per ticket, its text folded and split in
-- Rust (domain::search::index_text) so both engines see the same words, weighted by where it came
-- from: A subject; B public messages; C internal notes (client admins' queries only match A and B);
-- D names (client, campus, tags) and a per-client tenant token, so a client admin's search
-- intersects with their own tickets inside the GIN index. 'simple' configuration: no stemming or
-- stop words on one engine only (stems are chosen in Rust, for both). Existing tickets are
-- indexed by the search backfill (store::search::backfill) from the watermark below.
create table ticket_search (
    ticket_id bigint primary key references ticket(id),
    doc tsvector not null
);
create index ticket_search_doc on ticket_search using gin (doc);

create table search_backfill (
    name text primary key,
    -- The next ticket id to index; null once every ticket that existed is indexed.
    next_id bigint
);
insert into search_backfill (name, next_id)
    select 'ticket', case when exists (select 1 from ticket) then 1 else null end;
