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

/// Not-closed work (new, open, waiting on client) per priority and age bucket: `bucket` is the
/// number of `edges` (creation instants, newest first) the ticket was created at or before, so
/// bucket 0 is "created after edges[0]" (the youngest).
#[derive(Debug, Clone, FromRow)]
pub struct BacklogCount {
    pub priority: String,
    pub bucket: i64,
    pub n: i64,
}

/// `edges` are four creation instants, newest first (now − 1 d, − 3 d, − 7 d, − 28 d).
pub async fn backlog(db: &Db, edges: [i64; 4]) -> Result<Vec<BacklogCount>> {
    // The same half-open ranges the queue's `created_from`/`created_to` use: bucket k holds
    // edges[k] <= created < edges[k-1].
    const SQL: &str = "select priority, cast(case when created_at_us >= $1 then 0 when created_at_us >= $2 then 1 \
        when created_at_us >= $3 then 2 when created_at_us >= $4 then 3 else 4 end as bigint) as bucket, \
        count(*) as n from ticket where status in ('new', 'open', 'waiting_on_client') \
        group by 1, 2";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(edges[0]).bind(edges[1]).bind(edges[2]).bind(edges[3]).fetch_all(p).await)?,
    )
}

/// A ticket resolved in a range (its latest resolution: a reopen clears `resolved_at_us`).
#[derive(Debug, Clone, FromRow)]
pub struct Resolved {
    pub id: i64,
    pub priority: String,
    pub assignee_id: Option<i64>,
    pub created_at_us: i64,
    pub resolved_at_us: i64,
}

/// Tickets whose `resolved_at_us` is in `[from, to)`, resolved or closed since.
pub async fn resolved_in(db: &Db, from_us: i64, to_us: i64) -> Result<Vec<Resolved>> {
    const SQL: &str = "select id, priority, assignee_id, created_at_us, resolved_at_us from ticket \
        where resolved_at_us >= $1 and resolved_at_us < $2 order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(from_us).bind(to_us).fetch_all(p).await)?)
}

/// The first public message a staff member wrote on the ticket after its opening message
/// (which may be a staff member's too, when staff opened it for a client): the rule
/// `ticket.first_reply_at_us` keeps (migration 0026, `messages::insert_message`), used to fill
/// it for rows copied in bulk (`bulk::finish`).
pub(crate) const FIRST_STAFF_REPLY: &str = "(select min(m.created_at_us) from ticket_message m \
    join app_user u on u.id = m.author_id \
    where m.ticket_id = ticket.id and m.internal = false and u.role <> 'client_admin' \
    and m.id > (select min(m0.id) from ticket_message m0 where m0.ticket_id = ticket.id))";

/// A ticket created in a range, with its first staff reply (none yet: `None`).
#[derive(Debug, Clone, FromRow)]
pub struct Created {
    pub id: i64,
    pub priority: String,
    pub created_at_us: i64,
    pub first_reply_us: Option<i64>,
}

/// Tickets whose `created_at_us` is in `[from, to)`.
pub async fn created_in(db: &Db, from_us: i64, to_us: i64) -> Result<Vec<Created>> {
    const SQL: &str = "select id, priority, created_at_us, first_reply_at_us as first_reply_us \
        from ticket where created_at_us >= $1 and created_at_us < $2 order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(from_us).bind(to_us).fetch_all(p).await)?)
}

/// The calendar's zone the provider works in: the built-in plan's calendar, else the first
/// calendar defined; `None` when there is no calendar (the caller uses UTC).
pub async fn provider_calendar(db: &Db) -> Result<Option<(String, String)>> {
    const SQL: &str = "select c.name, v.spec from calendar c join calendar_version v on v.calendar_id = c.id \
        where v.version = (select max(version) from calendar_version where calendar_id = c.id) \
        order by case when c.id = (select pv.calendar_id from plan pl \
            join sla_policy_version pv on pv.policy_id = pl.policy_id \
            where pl.built_in order by pv.version desc limit 1) then 0 else 1 end, c.id limit 1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_optional(p).await)?)
}
