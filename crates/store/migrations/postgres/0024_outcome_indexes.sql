-- The compliance counts over months and clients (store::reports::outcomes) read only these
-- small partial indexes, never the rows: each holds exactly the tickets or events one rule
-- looks at, with every column that rule reads. Keep in step with the other engine's
-- 0024_outcome_indexes.sql; the conditions must stay word for word those of the queries
-- (a partial index is used only when the query repeats its WHERE).

-- Met outcomes, counted at the close.
create index ticket_outcome_met on ticket(closed_at_us, client_id, priority, category, assignee_id, breached_at_us, outcome, status)
    where outcome = 'met' and status = 'closed';

-- Breaches, counted at the breach.
create index ticket_outcome_breach on ticket(breached_at_us, client_id, priority, category, assignee_id, id)
    where breached_at_us is not null;

-- The priority in force at a breach: a ticket's priority changes (few tickets have any).
create index ticket_event_retriage on ticket_event(ticket_id, id, at_us, kind, data)
    where kind = 'priority_changed';

-- Pending confirmation at an instant: the resolutions of the 7 days before it.
create index ticket_event_resolution on ticket_event(at_us, ticket_id, id, kind, data)
    where kind = 'status_changed' and data like '%"to":"resolved"%';
