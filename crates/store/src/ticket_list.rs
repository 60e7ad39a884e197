//! The queue query: filters compiled to SQL in one place, sorted by SLA urgency,
//! keyset-paginated on `(urgency_us, id)`.

use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::{Database, QueryBuilder};

use crate::{
    Db, Engine, Result,
    search::{Part, TextFilter},
    tickets::{TICKET_COLS, TicketRow},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeFilter {
    User(i64),
    Unassigned,
}

/// SLA state as stored-projection predicates relative to `now` (so each is an index scan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaStateFilter {
    Ok,
    Warning,
    Breached,
    Met,
}

#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    /// TENANT: set for client admins; the query then only sees that client's tickets.
    pub client_id: Option<i64>,
    /// TENANT: set for client admins; tickets kept for staff (`staff_only`) are left out.
    pub hide_staff_only: bool,
    pub campus_id: Option<i64>,
    pub statuses: Vec<String>,
    pub priorities: Vec<String>,
    pub categories: Vec<String>,
    pub assignee: Option<AssigneeFilter>,
    pub sla_state: Option<SlaStateFilter>,
    /// `Some(true)`: only tickets a client replied to without a staff action since.
    pub client_replied: Option<bool>,
    /// The status filter also admits tickets a client replied to (the agents' default view:
    /// a reply on a resolved ticket must not wait unseen until it closes by itself).
    pub or_client_replied: bool,
    /// `created_at_us` in `[from, to)` (either end open when `None`): the dashboard's links.
    pub created: (Option<i64>, Option<i64>),
    /// `resolved_at_us` in `[from, to)`: tickets whose latest resolution falls there.
    pub resolved: (Option<i64>, Option<i64>),
    /// `created_at_us` inside any of these `[from, to)` ranges (one weekday × hour of the
    /// busiest-hours table, expanded into instants by the service); empty = no constraint.
    pub created_in: Vec<(i64, i64)>,
    /// `Some(true)`: a staff member wrote a public reply after the opening message;
    /// `Some(false)`: none yet (`ticket.first_reply_at_us`).
    pub staff_replied: Option<bool>,
    /// A text search (`q`): only the tickets it matches.
    pub text: Option<TextFilter>,
    /// Keyset cursor: rows strictly after `(urgency_us, id)`.
    pub after: Option<(i64, i64)>,
    pub limit: i64,
}

/// Completed with `now)`. `due_at_us` is NULL while paused: the `is not null` keeps the
/// predicate two-valued, so `not (…)` stays true for paused tickets instead of NULL.
const BREACHED: &str = "(breached_at_us is not null or (due_at_us is not null and due_at_us < ";

fn push_filters<DB>(qb: &mut QueryBuilder<DB>, f: &TicketFilter, now_us: i64, engine: Engine)
where
    DB: Database,
    i64: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    qb.push(" where 1 = 1");
    if let Some(c) = f.client_id {
        qb.push(" and client_id = ").push_bind(c); // TENANT
    }
    if f.hide_staff_only {
        qb.push(" and not staff_only"); // TENANT
    }
    if let Some(c) = f.campus_id {
        qb.push(" and campus_id = ").push_bind(c);
    }
    if !f.statuses.is_empty() {
        qb.push(" and (status in (");
        let mut sep = qb.separated(", ");
        for v in &f.statuses {
            sep.push_bind(v.clone());
        }
        qb.push(")");
        if f.or_client_replied {
            qb.push(" or client_replied_at_us is not null");
        }
        qb.push(")");
    }
    match f.client_replied {
        Some(true) => {
            qb.push(" and client_replied_at_us is not null");
        }
        Some(false) => {
            qb.push(" and client_replied_at_us is null");
        }
        None => {}
    }
    for (col, values) in [("priority", &f.priorities), ("category", &f.categories)] {
        if !values.is_empty() {
            qb.push(format_args!(" and {col} in ("));
            let mut sep = qb.separated(", ");
            for v in values {
                sep.push_bind(v.clone());
            }
            qb.push(")");
        }
    }
    match f.assignee {
        Some(AssigneeFilter::User(u)) => {
            qb.push(" and assignee_id = ").push_bind(u);
        }
        Some(AssigneeFilter::Unassigned) => {
            qb.push(" and assignee_id is null");
        }
        None => {}
    }
    match f.sla_state {
        Some(SlaStateFilter::Breached) => {
            qb.push(" and ").push(BREACHED).push_bind(now_us).push("))");
        }
        Some(SlaStateFilter::Warning) => {
            qb.push(" and not ")
                .push(BREACHED)
                .push_bind(now_us)
                .push("))");
            qb.push(" and outcome is null and warn_at_us <= ")
                .push_bind(now_us);
        }
        Some(SlaStateFilter::Met) => {
            qb.push(" and outcome = 'met' and breached_at_us is null");
        }
        Some(SlaStateFilter::Ok) => {
            qb.push(" and breached_at_us is null and (due_at_us is null or due_at_us >= ")
                .push_bind(now_us);
            qb.push(") and outcome is null and (warn_at_us is null or warn_at_us > ")
                .push_bind(now_us)
                .push(")");
        }
        None => {}
    }
    for (col, (from, to)) in [("created_at_us", f.created), ("resolved_at_us", f.resolved)] {
        if let Some(v) = from {
            qb.push(format_args!(" and {col} >= ")).push_bind(v);
        }
        if let Some(v) = to {
            qb.push(format_args!(" and {col} < ")).push_bind(v);
        }
    }
    if !f.created_in.is_empty() {
        qb.push(" and (");
        for (i, (from, to)) in f.created_in.iter().enumerate() {
            if i > 0 {
                qb.push(" or ");
            }
            qb.push("(created_at_us >= ")
                .push_bind(*from)
                .push(" and created_at_us < ")
                .push_bind(*to)
                .push(")");
        }
        qb.push(")");
    }
    match f.staff_replied {
        Some(true) => {
            qb.push(" and first_reply_at_us is not null");
        }
        Some(false) => {
            qb.push(" and first_reply_at_us is null");
        }
        None => {}
    }
    if let Some(t) = &f.text {
        t.push_in(qb, engine);
    }
    if let Some((u, id)) = f.after {
        qb.push(" and (urgency_us > ").push_bind(u);
        qb.push(" or (urgency_us = ")
            .push_bind(u)
            .push(" and id > ")
            .push_bind(id)
            .push("))");
    }
}

/// Whether a statement may be kept prepared. A search's is not: PostgreSQL plans a statement
/// kept prepared once for any words ("generic plan", after five runs), and the right plan for a
/// search depends on its words — walk the newest tickets and test each when the words are
/// common, ask the GIN index when they are rare; either plan applied to the other case reads
/// the whole table. An unnamed statement is planned for its actual words every time.
fn keep_prepared(f: &TicketFilter) -> bool {
    f.text.is_none()
}

/// One page of the queue, most urgent first.
pub async fn list_tickets(db: &Db, f: &TicketFilter, now_us: i64) -> Result<Vec<TicketRow>> {
    let head = format!("select {TICKET_COLS} from ticket");
    Ok(on_db!(db, p => {
        let mut qb = QueryBuilder::new(head.as_str());
        push_filters(&mut qb, f, now_us, db.engine());
        qb.push(" order by urgency_us, id limit ").push_bind(f.limit);
        qb.build_query_as::<TicketRow>().persistent(keep_prepared(f)).fetch_all(p).await
    })?)
}

/// How many tickets the filter matches in all (the cursor and the page size ignored), so a
/// paged queue can say "51–100 of 137" with the same predicates as the page itself. A text
/// search is counted up to `limits::SEARCH_COUNT_MAX + 1` (then shown as "1000+"), walking the
/// index like its pages do.
pub async fn count_tickets(db: &Db, f: &TicketFilter, now_us: i64) -> Result<i64> {
    let all = TicketFilter {
        after: None,
        text: None,
        ..f.clone()
    };
    let engine = db.engine();
    let Some(text) = &f.text else {
        let n: (i64,) = on_db!(db, p => {
            let mut qb = QueryBuilder::new("select count(*) from ticket");
            push_filters(&mut qb, &all, now_us, engine);
            qb.build_query_as::<(i64,)>().fetch_one(p).await
        })?;
        return Ok(n.0);
    };
    let mut n = 0;
    // The named ticket, then every word match.
    for part in [Some(Part::Named), None] {
        let (c,): (i64,) = on_db!(db, p => {
            let mut qb = QueryBuilder::new("select count(*) from (select 1");
            let cap = domain::limits::SEARCH_COUNT_MAX + 1;
            push_part(&mut qb, &all, text, part, Span::All, now_us, engine, cap);
            qb.push(") capped");
            qb.build_query_as::<(i64,)>().persistent(false).fetch_one(p).await
        })?;
        n += c;
    }
    Ok(n)
}

/// One page of a text search's tickets, most relevant first — the ticket named by number, then
/// those whose subject holds every word, then the other matches, newest first within each —
/// the queue's other filters applied. Paged by offset: relevance has no stable key, and nobody
/// reads the hundredth page of a search (`limits::SEARCH_OFFSET_MAX`).
pub async fn list_by_relevance(
    db: &Db,
    f: &TicketFilter,
    now_us: i64,
    offset: i64,
) -> Result<Vec<TicketRow>> {
    let Some(text) = &f.text else {
        return list_tickets(db, f, now_us).await;
    };
    let all = TicketFilter {
        after: None,
        text: None,
        ..f.clone()
    };
    // Each part is read from its start up to the end of the page: the earlier parts' lengths
    // decide where the page starts in a later one.
    let need = offset.saturating_add(f.limit);
    let edge = walk_edge(db, text).await?;
    let mut rows: Vec<TicketRow> = Vec::new();
    for part in Part::ALL {
        let want = need - rows.len() as i64;
        if want <= 0 {
            break;
        }
        rows.extend(fetch_part(db, &all, text, part, edge, now_us, want).await?);
    }
    Ok(rows
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(0))
        .collect())
}

/// How far back PostgreSQL walks the newest tickets, testing each, before it asks the GIN
/// index for the older ones (see [`fetch_part`]): 5 000 tickets cost about 12 ms.
static PG_RECENT_WALK: AtomicI64 = AtomicI64::new(5_000);

/// Changes [`PG_RECENT_WALK`] for this process: tests use a few tickets so that both halves
/// of a search's walk run on a small database.
pub fn set_pg_recent_walk(tickets: i64) {
    PG_RECENT_WALK.store(tickets.max(0), Ordering::Relaxed);
}

/// Which tickets one query of a part reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    /// Every ticket, the engine choosing how.
    All,
    /// Ids above this, walked newest first with each ticket's words tested (no index).
    WalkAbove(i64),
    /// Ids up to this, through the words' index.
    IndexedUpTo(i64),
}

/// The first `limit` tickets of one part of a search, newest first, `f`'s filters applied.
///
/// FTS5 delivers matches newest first by itself and stops at the page's end. PostgreSQL's GIN
/// index returns every match unordered, so the page costs what all matches cost (a word in a
/// tenth of a million tickets: 100 000 rows read and sorted for 50), while walking the newest
/// tickets and testing each costs what the page costs when the words are common and the
/// whole table when they are rare; the planner cannot tell which from its statistics (the
/// words of a query and the subject and body are strongly correlated). So both, bounded: the
/// newest [`PG_RECENT_WALK`] tickets are walked, and only if the page is not full there are the
/// older ones asked from the index — by then the words are known to be rare.
async fn fetch_part(
    db: &Db,
    f: &TicketFilter,
    text: &TextFilter,
    part: Part,
    edge: Option<i64>,
    now_us: i64,
    limit: i64,
) -> Result<Vec<TicketRow>> {
    let engine = db.engine();
    let spans = match (edge, part) {
        (Some(edge), Part::Subject | Part::Rest) => {
            vec![Span::WalkAbove(edge), Span::IndexedUpTo(edge)]
        }
        _ => vec![Span::All],
    };
    let mut rows: Vec<TicketRow> = Vec::new();
    for span in spans {
        let want = limit - rows.len() as i64;
        if want <= 0 {
            break;
        }
        rows.extend(on_db!(db, p => {
            let mut qb = QueryBuilder::new(format!("select {TICKET_COLS}"));
            push_part(&mut qb, f, text, Some(part), span, now_us, engine, want);
            qb.build_query_as::<TicketRow>().persistent(false).fetch_all(p).await
        })?);
    }
    Ok(rows)
}

/// Where PostgreSQL's walk of the newest tickets ends (see [`fetch_part`]), read once per
/// page; `None` where there is no walk (SQLite, or a search of a number only).
async fn walk_edge(db: &Db, text: &TextFilter) -> Result<Option<i64>> {
    if db.engine() != Engine::Postgres || !text.has_words() {
        return Ok(None);
    }
    let (max,): (Option<i64>,) =
        on_db!(db, p => sqlx::query_as("select max(id) from ticket").fetch_one(p).await)?;
    Ok(Some(
        max.unwrap_or(0) - PG_RECENT_WALK.load(Ordering::Relaxed),
    ))
}

/// ` from … limit`: one part of a search (`None`: every word match, whatever the part),
/// newest first. A part that cannot match anything (no number, no words) selects nothing.
#[allow(clippy::too_many_arguments)]
fn push_part<DB>(
    qb: &mut QueryBuilder<DB>,
    f: &TicketFilter,
    text: &TextFilter,
    part: Option<Part>,
    span: Span,
    now_us: i64,
    engine: Engine,
    limit: i64,
) where
    DB: Database,
    i64: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    match (part, text.number) {
        (Some(Part::Named), Some(n)) => {
            qb.push(" from ticket");
            push_filters(qb, f, now_us, engine);
            qb.push(" and id = ").push_bind(n);
        }
        (Some(Part::Named), None) => {
            qb.push(" from ticket where 1 = 0");
        }
        (_, number) if text.has_words() => {
            TextFilter::push_from(qb, engine);
            push_filters(qb, f, now_us, engine);
            text.push_words(qb, engine, part, !matches!(span, Span::WalkAbove(_)));
            match span {
                Span::All => {}
                Span::WalkAbove(edge) => {
                    qb.push(" and ticket.id > ").push_bind(edge);
                }
                Span::IndexedUpTo(edge) => {
                    qb.push(" and ticket.id <= ").push_bind(edge);
                }
            }
            if let Some(n) = number {
                // Listed once, by the named part.
                qb.push(" and ticket.id <> ").push_bind(n);
            }
            TextFilter::order_newest(qb, engine);
        }
        _ => {
            qb.push(" from ticket where 1 = 0");
        }
    }
    qb.push(" limit ").push_bind(limit);
}
