-- An attachment's bytes live in bounded chunks (512 KiB) so neither an upload nor a download
-- ever holds a whole file in memory. Files stored before this migration are split here, and
-- `attachment.data` goes away: one way to read a file, and new rows need no placeholder bytes.
create table attachment_chunk (
    attachment_id bigint not null references attachment(id) on delete cascade,
    seq bigint not null,
    data bytea not null,
    primary key (attachment_id, seq)
);

insert into attachment_chunk (attachment_id, seq, data)
select a.id, s.seq, substring(a.data from (s.seq * 524288 + 1)::int for 524288)
from attachment a
cross join lateral generate_series(0::bigint, (length(a.data)::bigint - 1) / 524288) as s(seq)
where length(a.data) > 0;

alter table attachment drop column data;
