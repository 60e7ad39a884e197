-- Saved replies are personal (only their owner sees and uses them) or shared with all staff.
-- Replies saved before this were visible to everyone, so they stay shared.
alter table canned_response add column shared boolean not null default true;
alter table canned_response add column updated_at_us bigint;
