//! Supervisor dashboard queries (open tickets by priority and state, compliance, workload).
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

/// Outcomes of one client's tickets, per current priority, inside `[from_us, to_us)`.
#[derive(Debug, Clone, FromRow)]
pub struct OutcomeCount {
    pub client_id: i64,
    pub priority: String,
    pub met: i64,
    pub breached: i64,
}

/// Counts outcomes for the clients of one time zone (their months share bounds): a breach
/// counts at `breached_at_us`; a met ticket counts once it is closed, at `closed_at_us`.
/// The priority is the ticket's current one, which is the one in force at closing (a closed
/// ticket cannot be re-triaged); breaches re-triaged later are corrected by
/// [`retriaged_breaches`].
pub async fn outcome_counts(
    db: &Db,
    time_zone: &str,
    from_us: i64,
    to_us: i64,
) -> Result<Vec<OutcomeCount>> {
    const SQL: &str = "select client_id, priority, \
        cast(sum(case when breached_at_us is null then 1 else 0 end) as bigint) as met, \
        cast(sum(case when breached_at_us is null then 0 else 1 end) as bigint) as breached \
        from ticket where client_id in (select id from client where time_zone = $1) \
        and ((breached_at_us >= $2 and breached_at_us < $3) \
          or (breached_at_us is null and outcome = 'met' and status = 'closed' \
              and closed_at_us >= $2 and closed_at_us < $3)) \
        group by client_id, priority";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(time_zone).bind(from_us).bind(to_us).fetch_all(p).await)?,
    )
}

/// A ticket breached in the window whose priority changed at or after the breach: `data` is
/// the first such `priority_changed` event, whose `from` is the priority in force at the breach.
#[derive(Debug, Clone, FromRow)]
pub struct RetriagedBreach {
    pub client_id: i64,
    pub priority: String,
    pub data: String,
}

pub async fn retriaged_breaches(
    db: &Db,
    time_zone: &str,
    from_us: i64,
    to_us: i64,
) -> Result<Vec<RetriagedBreach>> {
    const SQL: &str = "select t.client_id, t.priority, e.data from ticket t \
        join ticket_event e on e.ticket_id = t.id \
        where t.client_id in (select id from client where time_zone = $1) \
        and t.breached_at_us >= $2 and t.breached_at_us < $3 \
        and e.id = (select min(e2.id) from ticket_event e2 where e2.ticket_id = t.id \
                    and e2.kind = 'priority_changed' and e2.at_us >= t.breached_at_us)";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(time_zone).bind(from_us).bind(to_us).fetch_all(p).await)?,
    )
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

/// Resolved within target and not confirmed yet, per client and priority: the outcome will be
/// "met" when the client confirms or the 7-day window closes it, and until then the ticket
/// counts in no month, so the dashboard shows it apart instead of not at all.
#[derive(Debug, Clone, FromRow)]
pub struct PendingCount {
    pub client_id: i64,
    pub priority: String,
    pub n: i64,
}

pub async fn pending_confirmation(db: &Db) -> Result<Vec<PendingCount>> {
    const SQL: &str = "select client_id, priority, count(*) as n from ticket \
        where status = 'resolved' and outcome = 'met' and breached_at_us is null \
        group by client_id, priority";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}
