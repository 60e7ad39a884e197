//! Supervisor dashboard queries (open tickets by priority and state, workload); its
//! compliance comes from the reports' one computation (`store::reports`).
//!
//! Every query reads the stored SLA projection and compares it with `now`, like the queue
//! does, so each is an index scan or a small aggregate. No client filter: the dashboard is
//! staff-only (the service enforces it), and staff see every client.

use sqlx::FromRow;

use crate::{Db, Result};

/// Statuses that still need work (or the client's confirmation).
const NOT_CLOSED: &str = "status in ('new', 'open', 'waiting_on_client', 'resolved')";

#[derive(Debug, Clone, FromRow)]
pub struct OpenCount {
    pub priority: String,
    pub status: String,
    pub n: i64,
}

/// Tickets not closed yet, counted per (priority, status).
pub async fn open_counts(db: &Db) -> Result<Vec<OpenCount>> {
    let sql = format!(
        "select priority, status, count(*) as n from ticket where {NOT_CLOSED} group by priority, status"
    );
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

/// Distinct client time zones (one compliance query per zone).
pub async fn client_time_zones(db: &Db) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = on_db!(db, p => sqlx::query_as("select distinct time_zone from client order by 1").fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

#[derive(Debug, Clone, FromRow)]
pub struct Workload {
    pub assignee_id: i64,
    pub open: i64,
    pub at_risk: i64,
    pub breached: i64,
}

/// Open work (new, open, waiting on client) per assignee, with the same at-risk and
/// breached predicates as the queue filters.
pub async fn workload(db: &Db, now_us: i64) -> Result<Vec<Workload>> {
    const SQL: &str = "select assignee_id, count(*) as open, \
        cast(sum(case when (breached_at_us is not null or (due_at_us is not null and due_at_us < $1)) \
            then 0 when outcome is null and warn_at_us <= $1 then 1 else 0 end) as bigint) as at_risk, \
        cast(sum(case when (breached_at_us is not null or (due_at_us is not null and due_at_us < $1)) \
            then 1 else 0 end) as bigint) as breached \
        from ticket where assignee_id is not null and status in ('new', 'open', 'waiting_on_client') \
        group by assignee_id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(now_us).fetch_all(p).await)?)
}
