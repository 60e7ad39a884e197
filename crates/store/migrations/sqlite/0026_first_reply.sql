-- The instant of each ticket's first public reply by staff (not its opening message, not an
-- internal note, not the client's): the dashboard's first-response time and the queue's
-- `staff_replied` filter read it instead of searching every ticket's messages (a subquery per
-- ticket took 7 s for a year of a million tickets). store::messages::insert_message keeps it
-- as messages are written; existing tickets get it here, by the same rule. Keep in step with
-- the other engine's 0026_first_reply.sql and with store::dashboard::FIRST_STAFF_REPLY.
alter table ticket add column first_reply_at_us bigint;

update ticket set first_reply_at_us = (select min(m.created_at_us) from ticket_message m
    join app_user u on u.id = m.author_id
    where m.ticket_id = ticket.id and m.internal = false and u.role <> 'client_admin'
    and m.id > (select min(m0.id) from ticket_message m0 where m0.ticket_id = ticket.id));

-- Tickets created in a range (the dashboard's first response and busiest hours, the queue's
-- created_from / created_to), with what those figures read.
create index ticket_created_at on ticket(created_at_us, priority, first_reply_at_us, id);
analyze ticket;
