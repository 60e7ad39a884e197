-- Ticket search, second shape (store::search). Each word is now indexed beside its stem
-- (domain::search::index_words), so a finished query word is one exact GIN entry instead of a
-- prefix scan. Three stripped vectors (no positions or weights: relevance is tiered, not
-- scored — subject matches first, then newest — so nothing reads positions), small enough
-- to stay in the row: the subject's; the subject's and public messages' (client admins);
-- every word with names and the tenant token (agents; the one GIN index). Every ticket is
-- indexed again by the search backfill (the job, or `atiende reindex`), and the knowledge
-- base's articles by its own step ('article').
drop table ticket_search;
create table ticket_search (
    ticket_id bigint primary key references ticket(id),
    subject_doc tsvector not null,
    public_doc tsvector not null,
    every_doc tsvector not null
);
create index ticket_search_every on ticket_search using gin (every_doc);
update search_backfill set next_id = case when exists (select 1 from ticket) then 1 else null end
    where name = 'ticket';
insert into search_backfill (name, next_id)
    select 'article', case when exists (select 1 from article_version) then 1 else null end;
