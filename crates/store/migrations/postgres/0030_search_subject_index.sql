-- The subject's own GIN index (store::search, ticket_list::fetch_part): the first part of a
-- relevance page is the tickets whose subject holds every word; when the newest tickets do not
-- fill it, the older ones are asked from this index — subject words are few per ticket, so
-- this is the small list — instead of from every word's index and then filtered (a word in
-- one subject of 250 but in a tenth of the bodies read 50 000 rows for a page of 50).
create index ticket_search_subject on ticket_search using gin (subject_doc);
