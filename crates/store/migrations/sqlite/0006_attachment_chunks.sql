-- An attachment's bytes live in bounded chunks (512 KiB) so neither an upload nor a download
-- ever holds a whole file in memory. Files stored before this migration are split here, and
-- `attachment.data` goes away: one way to read a file, and new rows need no placeholder bytes.
create table attachment_chunk (
    attachment_id bigint not null references attachment(id) on delete cascade,
    seq bigint not null,
    data blob not null,
    primary key (attachment_id, seq)
);

with recursive part(id, seq) as (
    select id, 0 from attachment where length(data) > 0
    union all
    select p.id, p.seq + 1 from part p join attachment a on a.id = p.id
    where (p.seq + 1) * 524288 < length(a.data)
)
insert into attachment_chunk (attachment_id, seq, data)
select p.id, p.seq, substr(a.data, p.seq * 524288 + 1, 524288)
from part p join attachment a on a.id = p.id;

alter table attachment drop column data;
