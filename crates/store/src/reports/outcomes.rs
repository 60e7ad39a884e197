//! The SLA outcomes of docs/sla.md §8–9 in SQL: which tickets were met, breached or pending
//! confirmation in a window, listed one by one (the monthly report's breach list) or counted
//! per month and group (the compliance API's months, the dashboard's trend). Both kinds of
//! read are built from the same fragments below, so a count cannot follow another rule than
//! the list it sums.
//!
//! - breached: counts at `breached_at_us`, under the priority in force then
//!   ([`breach_priority`]);
//! - met: counts once closed with outcome `met`, at `closed_at_us`, under its current priority
//!   (a closed ticket cannot be re-triaged);
//! - pending: resolved within target, its confirmation window still open at the instant asked
//!   about ([`pending_filter`]); counted under its current priority.
//!
//! `// TENANT:` every statement is bounded to the clients of one time zone, or one of them.

use sqlx::FromRow;

use crate::{Db, Result};

/// Which clients a compliance query covers: those of `time_zone` (their months share bounds),
/// optionally only one of them.
#[derive(Debug, Clone, Copy)]
pub struct ZoneScope<'a> {
    pub time_zone: &'a str,
    pub client_id: Option<i64>,
}

// TENANT: the clients of one zone, or one client of it ($1, $2 in every statement here).
const IN_SCOPE: &str = "t.client_id in (select id from client where time_zone = $1 \
    and (cast($2 as bigint) is null or id = $2))";

// Inside the per-ticket subqueries below, `kind || ''` keeps SQLite on the ticket's own events
// (index ticket_event(ticket_id, id)): with a bare `kind = …` it walks the (kind, at_us) index
// through every event of that kind in the whole database for each row — with 1 M tickets the
// monthly report took over ten minutes instead of a fraction of a second.

/// The priority a breach counts under: the one in force at `breached_at_us` — for a ticket
/// re-triaged after its breach, the `from` of the first priority change at or after it (the
/// event's JSON is written compactly by serde: `"from":"urgent"`), else the current one.
fn breach_priority() -> String {
    let from = domain::Priority::ALL
        .iter()
        .map(|p| {
            let p = p.as_str();
            format!("when e.data like '%\"from\":\"{p}\"%' then '{p}' ")
        })
        .collect::<String>();
    format!(
        "coalesce((select case {from}end from ticket_event e where e.ticket_id = t.id \
         and e.kind || '' = 'priority_changed' and e.at_us >= t.breached_at_us \
         order by e.id limit 1), t.priority)"
    )
}

/// Breached in `[lo, hi)` (SQL expressions).
fn breached_in(lo: &str, hi: &str) -> String {
    format!("{IN_SCOPE} and t.breached_at_us >= {lo} and t.breached_at_us < {hi}")
}

/// Met and closed in `[lo, hi)`.
fn met_in(lo: &str, hi: &str) -> String {
    format!(
        "{IN_SCOPE} and t.breached_at_us is null and t.outcome = 'met' and t.status = 'closed' \
         and t.closed_at_us >= {lo} and t.closed_at_us < {hi}"
    )
}

/// Resolution events `e` (joined to their ticket `t`) of tickets pending confirmation at
/// `at`: the last status change before `at` was this resolution, less than the confirmation
/// window earlier (`at - window` = `since`; an older one has closed by itself), and no breach
/// precedes `at`. Starts from the resolutions of the window (the `ticket_event(kind, at_us)`
/// index of migration 0021), not from every ticket.
fn pending_filter(since: &str, at: &str) -> String {
    format!(
        "e.kind = 'status_changed' and e.at_us >= {since} and e.at_us < {at} \
         and e.data like '%\"to\":\"resolved\"%' and {IN_SCOPE} \
         and (t.breached_at_us is null or t.breached_at_us >= {at}) \
         and not exists (select 1 from ticket_event l where l.ticket_id = e.ticket_id \
             and l.kind || '' = 'status_changed' and l.id > e.id and l.at_us < {at})"
    )
}

/// A ticket with an outcome in a window: breached in it, or met and closed in it.
#[derive(Debug, Clone, FromRow)]
pub struct OutcomeRow {
    pub ticket_id: i64,
    pub client_id: i64,
    pub subject: String,
    pub campus_id: Option<i64>,
    /// The priority the outcome counts under.
    pub priority: String,
    pub staff_only: bool,
    pub breached_at_us: Option<i64>,
    pub closed_at_us: Option<i64>,
}

/// The tickets with an outcome in `[from_us, to_us)`, in ticket order.
pub async fn outcome_rows(
    db: &Db,
    scope: ZoneScope<'_>,
    from_us: i64,
    to_us: i64,
) -> Result<Vec<OutcomeRow>> {
    const COLUMNS: &str = "t.id as ticket_id, t.client_id, t.subject, t.campus_id, t.staff_only, \
        t.breached_at_us, t.closed_at_us";
    let sql = format!(
        "select {COLUMNS}, {p} as priority from ticket t where {b} \
         union all select {COLUMNS}, t.priority from ticket t where {m} order by 1",
        p = breach_priority(),
        b = breached_in("$3", "$4"),
        m = met_in("$3", "$4"),
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(scope.time_zone).bind(scope.client_id).bind(from_us).bind(to_us)
        .fetch_all(p).await)?,
    )
}

/// A ticket resolved within target that, at the instant asked about, still waits for the
/// client's confirmation.
#[derive(Debug, Clone, FromRow)]
pub struct PendingRow {
    pub ticket_id: i64,
    pub client_id: i64,
    pub subject: String,
    pub campus_id: Option<i64>,
    pub priority: String,
    pub staff_only: bool,
    /// The resolution it waits on.
    pub resolved_at_us: i64,
}

/// Tickets pending confirmation at `at_us` (see [`pending_filter`]), in ticket order.
pub async fn pending_rows(
    db: &Db,
    scope: ZoneScope<'_>,
    at_us: i64,
    window_us: i64,
) -> Result<Vec<PendingRow>> {
    let sql = format!(
        "select t.id as ticket_id, t.client_id, t.subject, t.campus_id, t.priority, \
         t.staff_only, e.at_us as resolved_at_us \
         from ticket_event e join ticket t on t.id = e.ticket_id where {} order by t.id",
        pending_filter("$3", "$4")
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(scope.time_zone).bind(scope.client_id).bind(at_us - window_us).bind(at_us)
        .fetch_all(p).await)?,
    )
}

/// What outcomes are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeGroup {
    /// The client's id.
    Client,
    /// The priority the outcome counts under.
    Priority,
    /// The ticket's category code.
    Category,
    /// The current assignee's id, or `unassigned`.
    Agent,
}

impl OutcomeGroup {
    /// The group key of ticket `t`; `breach`: in the breached branch (its priority is the one
    /// in force at the breach).
    fn key(self, breach: bool) -> String {
        match self {
            OutcomeGroup::Client => "cast(t.client_id as text)".into(),
            OutcomeGroup::Priority if breach => breach_priority(),
            OutcomeGroup::Priority => "t.priority".into(),
            OutcomeGroup::Category => "t.category".into(),
            OutcomeGroup::Agent => "coalesce(cast(t.assignee_id as text), 'unassigned')".into(),
        }
    }
}

/// A number of outcomes of one verdict in one month of a range and one group.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OutcomeCount {
    /// Index of the month in the bounds asked for (0 = the first).
    pub month: i64,
    /// `met`, `breached` or `pending`.
    pub verdict: String,
    pub key: String,
    pub n: i64,
}

/// Which of the consecutive windows `bounds` (`[b0, b1)`, `[b1, b2)`, …) instant `col` is in,
/// for an instant already known to be in `[b0, bn)`. Literal integers, never user text.
fn month_of(col: &str, bounds: &[i64]) -> String {
    if bounds.len() <= 2 {
        return "cast(0 as bigint)".into();
    }
    let arms = bounds[1..bounds.len() - 1]
        .iter()
        .enumerate()
        .map(|(i, b)| format!("when {col} < {b} then {i} "))
        .collect::<String>();
    format!("cast(case {arms}else {} end as bigint)", bounds.len() - 2)
}

/// Met and breached outcomes per month and group over the consecutive months `bounds` (their
/// `n + 1` instants), counted by the database: one statement, a few hundred rows back
/// whatever the number of tickets.
pub async fn outcome_counts(
    db: &Db,
    scope: ZoneScope<'_>,
    bounds: &[i64],
    group: OutcomeGroup,
) -> Result<Vec<OutcomeCount>> {
    let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
        return Ok(Vec::new());
    };
    if bounds.len() < 2 {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select month, verdict, key, count(*) as n from (\
           select {mb} as month, 'breached' as verdict, {kb} as key from ticket t where {b} \
           union all \
           select {mm}, 'met', {km} from ticket t where {m}\
         ) x group by month, verdict, key order by month, verdict, key",
        mb = month_of("t.breached_at_us", bounds),
        kb = group.key(true),
        b = breached_in(&first.to_string(), &last.to_string()),
        mm = month_of("t.closed_at_us", bounds),
        km = group.key(false),
        m = met_in(&first.to_string(), &last.to_string()),
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(scope.time_zone).bind(scope.client_id).fetch_all(p).await)?,
    )
}

/// Tickets pending confirmation at each of the instants `at` (one per month, index = month),
/// per group: one statement of one indexed branch per instant.
pub async fn pending_counts(
    db: &Db,
    scope: ZoneScope<'_>,
    at: &[i64],
    window_us: i64,
    group: OutcomeGroup,
) -> Result<Vec<OutcomeCount>> {
    if at.is_empty() {
        return Ok(Vec::new());
    }
    let branches = at
        .iter()
        .enumerate()
        .map(|(i, at)| {
            format!(
                "select cast({i} as bigint) as month, {k} as key \
                 from ticket_event e join ticket t on t.id = e.ticket_id where {f}",
                k = group.key(false),
                f = pending_filter(&(at - window_us).to_string(), &at.to_string()),
            )
        })
        .collect::<Vec<_>>()
        .join(" union all ");
    let sql = format!(
        "select month, 'pending' as verdict, key, count(*) as n from ({branches}) x \
         group by month, key order by month, key"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(scope.time_zone).bind(scope.client_id).fetch_all(p).await)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_found_by_their_bounds() {
        assert_eq!(
            month_of("x", &[0, 10, 20, 30]),
            "cast(case when x < 10 then 0 when x < 20 then 1 else 2 end as bigint)"
        );
        assert_eq!(month_of("x", &[0, 10]), "cast(0 as bigint)");
    }
}
