//! Supervisor dashboard: counts, compliance this month, workload per agent.
