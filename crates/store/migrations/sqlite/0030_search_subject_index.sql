-- PostgreSQL only (its subject's GIN index): FTS5's one index already answers a search on the
-- subject column alone. Kept so both engines' migrations share their numbers.
select 1;
