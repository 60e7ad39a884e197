-- The supervisors' dashboard over a period (issue 20 item 5; store::dashboard) and the queue
-- filters its numbers link to: tickets resolved in a range of instants, and tickets created in
-- one (first response, busiest hours). Without these each figure scans every ticket.
-- Keep in step with the other engine's 0025_dashboard.sql.
create index ticket_resolved_at on ticket(resolved_at_us);
create index ticket_created_at on ticket(created_at_us);
