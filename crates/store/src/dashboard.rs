//! Supervisor dashboard queries (open tickets by priority and state, compliance, workload).
