-- A client's message on a resolved ticket (which stays resolved unless they reopen it) must
-- not go unseen: the mark brings the ticket into the agents' default queue until staff act.
alter table ticket add column client_replied_at_us bigint;
create index ticket_client_replied on ticket(client_replied_at_us);
