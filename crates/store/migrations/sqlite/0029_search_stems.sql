-- Ticket search, second shape (store::search). Each word is now indexed beside its stem
-- (domain::search::index_words), so a finished query word is one exact token instead of a
-- prefix whose every expansion had to be merged; positions are not kept (`detail = column`:
-- nothing matches phrases or ranks by proximity, and the index is smaller); columns are named
-- so they cannot be confused with the ticket's own when the index is joined to `ticket`.
-- Every ticket is indexed again by the search backfill (the job, or `atiende reindex`), and
-- the knowledge base's articles by its own step ('article').
drop table ticket_fts;
create virtual table ticket_fts using fts5(
    subject_words, public_words, internal_words, name_words, tenant,
    content = '', contentless_delete = 1, detail = column,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '3 4'
);
update search_backfill set next_id = case when exists (select 1 from ticket) then 1 else null end
    where name = 'ticket';
insert into search_backfill (name, next_id)
    select 'article', case when exists (select 1 from article_version) then 1 else null end;
