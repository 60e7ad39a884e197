-- The queue filtered by priority (the commonest filter) walks this index in urgency order
-- instead of walking every ticket's urgency and filtering (docs/benchmarks.md).
create index ticket_priority_urgency on ticket(priority, urgency_us, id);
