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
//! `// TENANT:` every statement is bounded to one client, or to the clients of one time zone
//! (lists), or to every client (the staff's counts).

use sqlx::FromRow;

use crate::{Db, Result};

/// Which clients a list covers: those of `time_zone` (their months share bounds), optionally
/// only one of them.
#[derive(Debug, Clone, Copy)]
pub struct ZoneScope<'a> {
    pub time_zone: &'a str,
    pub client_id: Option<i64>,
}

// TENANT: the clients of one zone, or one client of it ($1, $2 in every list statement).
const IN_ZONE: &str = "t.client_id in (select id from client where time_zone = $1 \
    and (cast($2 as bigint) is null or id = $2))";

// The per-ticket subqueries below stay on the ticket's own events: the priority changes by
// the partial index `ticket_event_retriage` (ticket_id first), the "no later status change"
// check by `ticket_event(ticket_id, id)` — hence its `kind || ''`, without which SQLite walks
// the (kind, at_us) index through every status change in the database for each row (with 1 M
// tickets the monthly report took over ten minutes instead of a fraction of a second).

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
         and e.kind = 'priority_changed' and e.at_us >= t.breached_at_us \
         order by e.id limit 1), t.priority)"
    )
}

/// Breached in `[lo, hi)` (SQL expressions), among the tickets `scope` lets through.
fn breached_in(scope: &str, lo: &str, hi: &str) -> String {
    format!("{scope} and t.breached_at_us >= {lo} and t.breached_at_us < {hi}")
}

/// Met and closed in `[lo, hi)`. The `+` keeps SQLite off the `breached_at_us` index (its
/// statistics cannot tell that most tickets have no breach) and on `ticket_outcome_met`.
fn met_in(scope: &str, lo: &str, hi: &str) -> String {
    format!(
        "{scope} and t.outcome = 'met' and t.status = 'closed' and +t.breached_at_us is null \
         and t.closed_at_us >= {lo} and t.closed_at_us < {hi}"
    )
}

/// Resolution events `e` (joined to their ticket `t`) of tickets pending confirmation at
/// `at`: the last status change before `at` was this resolution, less than the confirmation
/// window earlier (`at - window` = `since`; an older one has closed by itself), and no breach
/// precedes `at`. Starts from the resolutions of the window (partial index
/// `ticket_event_resolution`), not from every ticket. When the resolution is the ticket's
/// latest and the ticket is still resolved or was closed after it, the only status change
/// that can follow it is the close, read from the ticket; otherwise (a reopen since) the
/// ticket's events say.
fn pending_filter(scope: &str, since: &str, at: &str) -> String {
    format!(
        "e.kind = 'status_changed' and e.data like '%\"to\":\"resolved\"%' \
         and e.at_us >= {since} and e.at_us < {at} and {scope} \
         and (t.breached_at_us is null or t.breached_at_us >= {at}) \
         and (case when t.resolved_at_us = e.at_us and t.status in ('resolved', 'closed') \
                   and (t.closed_at_us is null or t.closed_at_us >= e.at_us) \
              then (t.closed_at_us is null or t.closed_at_us >= {at}) \
              else not exists (select 1 from ticket_event l where l.ticket_id = e.ticket_id \
                  and l.kind || '' = 'status_changed' and l.id > e.id and l.at_us < {at}) end)"
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
        b = breached_in(IN_ZONE, "$3", "$4"),
        m = met_in(IN_ZONE, "$3", "$4"),
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
        pending_filter(IN_ZONE, "$3", "$4")
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
    /// `client_id priority` (the dashboard's per-client and per-priority tables at once).
    ClientPriority,
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
            OutcomeGroup::ClientPriority => format!(
                "cast(t.client_id as text) || ' ' || {}",
                OutcomeGroup::Priority.key(breach)
            ),
        }
    }
}

/// A number of outcomes of one verdict in one month of a range and one group.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OutcomeCount {
    /// Index of the month in the range (0 = the first).
    pub month: i64,
    /// `met`, `breached` or `pending`.
    pub verdict: String,
    pub key: String,
    pub n: i64,
}

/// The same months in one time zone: their `n + 1` bounds (`[b0, b1)` is the first month), and
/// where each month's pending is read (its end, or now while it runs; `None` before it starts).
#[derive(Debug, Clone)]
pub struct ZoneMonths<'a> {
    pub time_zone: &'a str,
    pub bounds: Vec<i64>,
    pub pending_at: Vec<Option<i64>>,
}

/// TENANT: every client, or the one bound as `$1`. Two texts rather than one `$1 is null or …`:
/// a prepared statement's generic plan cannot tell which case it serves, and one client's
/// counts should read that client's tickets only.
fn client_scope(client_id: Option<i64>) -> &'static str {
    match client_id {
        Some(_) => "c.id = t.client_id and t.client_id = $1",
        None => "c.id = t.client_id and cast($1 as bigint) is null",
    }
}

/// `case c.time_zone when $2 then … end` over the zones (bound from `$2` on), each arm `arm(z)`.
fn by_zone(zones: &[ZoneMonths], arm: impl Fn(&ZoneMonths) -> String) -> String {
    let arms = zones
        .iter()
        .enumerate()
        .map(|(i, z)| format!("when ${} then ({}) ", i + 2, arm(z)))
        .collect::<String>();
    format!("case c.time_zone {arms}end")
}

/// Which month of `bounds` instant `col` is in (`null` outside them). Literal integers, never
/// user text.
fn month_of(col: &str, bounds: &[i64]) -> String {
    let Some(first) = bounds.first() else {
        return "null".into();
    };
    let arms = bounds[1..]
        .iter()
        .enumerate()
        .map(|(i, b)| format!("when {col} < {b} then {i} "))
        .collect::<String>();
    format!("case when {col} < {first} then null {arms}end")
}

/// The earliest and latest of some instants.
fn span(xs: impl Iterator<Item = i64>) -> Option<(i64, i64)> {
    xs.fold(None, |acc, x| match acc {
        None => Some((x, x)),
        Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
    })
}

/// Binds `$1` (the client, if one) and the zone names from `$2` and runs `sql`.
async fn fetch_counts(
    db: &Db,
    sql: &str,
    client_id: Option<i64>,
    zones: &[ZoneMonths<'_>],
) -> Result<Vec<OutcomeCount>> {
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(client_id);
        for z in zones {
            q = q.bind(z.time_zone);
        }
        q.fetch_all(p).await
    })?)
}

/// Met and breached outcomes per month and group, every client's months in its own zone,
/// counted by the database in one statement over the covering partial indexes of migration
/// 0024: a few hundred rows back whatever the number of tickets.
pub async fn outcome_counts(
    db: &Db,
    client_id: Option<i64>,
    zones: &[ZoneMonths<'_>],
    group: OutcomeGroup,
) -> Result<Vec<OutcomeCount>> {
    let Some((lo, hi)) = span(zones.iter().flat_map(|z| z.bounds.iter().copied())) else {
        return Ok(Vec::new());
    };
    let (lo, hi) = (lo.to_string(), hi.to_string());
    // `cross join`: SQLite keeps the order written (tickets by the index, then their client);
    // PostgreSQL reads it as the inner join it is.
    let sql = format!(
        "select month, verdict, key, count(*) as n from (\
           select cast({mb} as bigint) as month, 'breached' as verdict, {kb} as key \
           from ticket t cross join client c where {b} \
           union all \
           select cast({mm} as bigint), 'met', {km} from ticket t cross join client c where {m}\
         ) x where month is not null group by month, verdict, key order by month, verdict, key",
        mb = by_zone(zones, |z| month_of("t.breached_at_us", &z.bounds)),
        kb = group.key(true),
        b = breached_in(client_scope(client_id), &lo, &hi),
        mm = by_zone(zones, |z| month_of("t.closed_at_us", &z.bounds)),
        km = group.key(false),
        m = met_in(client_scope(client_id), &lo, &hi),
    );
    fetch_counts(db, &sql, client_id, zones).await
}

/// Tickets pending confirmation at each month's instant (`pending_at`, in each client's
/// zone), per group: one statement, one branch per month over the resolutions of its last
/// days in any zone.
pub async fn pending_counts(
    db: &Db,
    client_id: Option<i64>,
    zones: &[ZoneMonths<'_>],
    window_us: i64,
    group: OutcomeGroup,
) -> Result<Vec<OutcomeCount>> {
    let months = zones.iter().map(|z| z.pending_at.len()).max().unwrap_or(0);
    let mut branches = Vec::new();
    for i in 0..months {
        let at_of = |z: &ZoneMonths| z.pending_at.get(i).copied().flatten();
        let Some((lo, hi)) = span(zones.iter().filter_map(at_of)) else {
            continue;
        };
        // This month's instant in the client's zone; `null` (no row) where it has not begun.
        let at = by_zone(zones, |z| {
            at_of(z).map_or_else(|| "null".to_string(), |at| at.to_string())
        });
        let mut scope = format!(
            "{} and e.at_us >= {} and e.at_us < {hi}",
            client_scope(client_id),
            lo - window_us
        );
        if client_id.is_some() {
            // The client's resolutions only, before any ticket row is read; the `+` keeps
            // SQLite scanning the resolutions (a few thousand a week) rather than every event
            // of the client's tickets.
            scope.push_str(" and +e.ticket_id in (select id from ticket where client_id = $1)");
        }
        branches.push(format!(
            "select cast({i} as bigint) as month, {k} as key \
             from ticket_event e cross join ticket t cross join client c \
             where t.id = e.ticket_id and {f}",
            k = group.key(false),
            f = pending_filter(&scope, &format!("({at}) - {window_us}"), &format!("({at})")),
        ));
    }
    if branches.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select month, 'pending' as verdict, key, count(*) as n from ({}) x \
         group by month, key order by month, key",
        branches.join(" union all ")
    );
    fetch_counts(db, &sql, client_id, zones).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_found_by_their_bounds() {
        assert_eq!(
            month_of("x", &[0, 10, 20]),
            "case when x < 0 then null when x < 10 then 0 when x < 20 then 1 end"
        );
        assert_eq!(span([3, 1, 2].into_iter()), Some((1, 3)));
        assert_eq!(span(std::iter::empty()), None);
    }
}
