-- The supervisors' dashboard over a period (issue 20 item 5; store::dashboard) and the queue
-- filters its numbers link to: tickets resolved in a range of instants (with what the
-- resolution-time figures read, so a year of them is read from the index alone), and tickets
-- created in one (first response, busiest hours: migration 0026, with the column it adds).
-- Keep in step with the other engine's 0025_dashboard.sql.
create index ticket_resolved_at on ticket(resolved_at_us, priority, assignee_id, created_at_us, id);
