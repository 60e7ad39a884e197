-- The monthly report and the compliance API (issue 20; store::reports). Keep in step with the
-- other engine's 0021_reports.sql.

-- Tickets pending confirmation at an instant start from the resolutions of the 7 days before
-- it: a range of status changes by time, not a scan of every ticket's history.
create index ticket_event_kind_at on ticket_event(kind, at_us);

-- A client's tickets alive in a month (opened before its end, not closed before its start),
-- and met outcomes counted at the close.
create index ticket_client_closed on ticket(client_id, closed_at_us);
