//! Ticket rows and their SLA projection.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

/// Every column of `ticket`; the service turns it into API objects.
#[derive(Debug, Clone, FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub client_id: i64,
    pub campus_id: Option<i64>,
    pub requester_id: i64,
    pub category: String,
    pub priority: String,
    pub requested_priority: String,
    pub status: String,
    pub scope: String,
    pub scope_reason: Option<String>,
    pub subject: String,
    pub assignee_id: Option<i64>,
    /// JSON array of strings.
    pub tags: String,
    pub policy_version_id: i64,
    pub calendar_version_id: Option<i64>,
    pub created_at_us: i64,
    pub updated_at_us: i64,
    pub resolved_at_us: Option<i64>,
    pub closed_at_us: Option<i64>,
    pub linked_ticket_id: Option<i64>,
    pub due_at_us: Option<i64>,
    pub warn_at_us: Option<i64>,
    pub remaining_at_pause_us: Option<i64>,
    pub breached_at_us: Option<i64>,
    pub outcome: Option<String>,
    pub sla_paused: bool,
    pub urgency_us: i64,
    /// Set by a client's message that did not change the status (on a resolved ticket);
    /// cleared when staff act on the ticket.
    pub client_replied_at_us: Option<i64>,
    pub second_warn_at_us: Option<i64>,
    /// The highest SLA warning announced for the current due time (0, 1 or 2).
    pub sla_alerted: i32,
    /// When the breach was announced to the supervisors.
    pub escalated_at_us: Option<i64>,
    /// Kept from the client (not listed nor readable by client admins) until an agent
    /// publishes it: tickets Atiende opens by itself about a missing backup (migration 0015).
    pub staff_only: bool,
    /// Free text explaining the scope; `scope_reason` is a `ScopeReason` code (migration 0018).
    pub scope_note: Option<String>,
    /// The scope suggested at creation (`domain::scope_suggestion`): kind, reason code, the
    /// rule that decided and the client's words it matched; null on older tickets.
    pub suggested_scope: Option<String>,
    pub suggested_reason: Option<String>,
    pub suggestion_rule: Option<String>,
    pub suggestion_match: Option<String>,
    /// `accepted` / `overridden` once an agent decided.
    pub suggestion_decision: Option<String>,
}

pub(crate) const TICKET_COLS: &str = "id, client_id, campus_id, requester_id, category, priority, requested_priority, status, \
    scope, scope_reason, subject, assignee_id, tags, policy_version_id, calendar_version_id, created_at_us, updated_at_us, \
    resolved_at_us, closed_at_us, linked_ticket_id, due_at_us, warn_at_us, remaining_at_pause_us, breached_at_us, outcome, \
    sla_paused, urgency_us, client_replied_at_us, second_warn_at_us, sla_alerted, escalated_at_us, staff_only, \
    scope_note, suggested_scope, suggested_reason, suggestion_rule, suggestion_match, suggestion_decision";

/// Inserts a ticket row exactly as given (id assigned by the database) and returns its id.
pub async fn insert_ticket(tx: &mut Tx, t: &TicketRow) -> Result<i64> {
    const SQL: &str = "insert into ticket (client_id, campus_id, requester_id, category, priority, requested_priority, status, \
        scope, scope_reason, subject, assignee_id, tags, policy_version_id, calendar_version_id, created_at_us, updated_at_us, \
        resolved_at_us, closed_at_us, linked_ticket_id, due_at_us, warn_at_us, remaining_at_pause_us, breached_at_us, outcome, \
        sla_paused, urgency_us, client_replied_at_us, second_warn_at_us, sla_alerted, escalated_at_us, staff_only, \
        scope_note, suggested_scope, suggested_reason, suggestion_rule, suggestion_match, suggestion_decision) values ($1, $2, \
        $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, \
        $28, $29, $30, $31, $32, $33, $34, $35, $36, $37) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(t.client_id).bind(t.campus_id).bind(t.requester_id).bind(&t.category).bind(&t.priority)
        .bind(&t.requested_priority).bind(&t.status).bind(&t.scope).bind(&t.scope_reason).bind(&t.subject)
        .bind(t.assignee_id).bind(&t.tags).bind(t.policy_version_id).bind(t.calendar_version_id)
        .bind(t.created_at_us).bind(t.updated_at_us).bind(t.resolved_at_us).bind(t.closed_at_us).bind(t.linked_ticket_id)
        .bind(t.due_at_us).bind(t.warn_at_us).bind(t.remaining_at_pause_us).bind(t.breached_at_us).bind(&t.outcome)
        .bind(t.sla_paused).bind(t.urgency_us).bind(t.client_replied_at_us)
        .bind(t.second_warn_at_us).bind(t.sla_alerted).bind(t.escalated_at_us).bind(t.staff_only)
        .bind(&t.scope_note).bind(&t.suggested_scope).bind(&t.suggested_reason).bind(&t.suggestion_rule)
        .bind(&t.suggestion_match).bind(&t.suggestion_decision)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(id.0)
}

/// Writes every mutable column (fields and SLA projection) of a ticket read earlier in `tx`.
/// The suggestion itself is written once, at creation; only the decision about it changes.
pub async fn update_ticket(tx: &mut Tx, t: &TicketRow) -> Result<()> {
    const SQL: &str = "update ticket set campus_id = $2, category = $3, priority = $4, status = $5, scope = $6, \
        scope_reason = $7, subject = $8, assignee_id = $9, tags = $10, updated_at_us = $11, resolved_at_us = $12, \
        closed_at_us = $13, due_at_us = $14, warn_at_us = $15, remaining_at_pause_us = $16, breached_at_us = $17, \
        outcome = $18, sla_paused = $19, urgency_us = $20, client_replied_at_us = $21, second_warn_at_us = $22, \
        sla_alerted = $23, escalated_at_us = $24, staff_only = $25, scope_note = $26, suggestion_decision = $27 \
        where id = $1";
    on_tx!(tx, c => sqlx::query(SQL)
        .bind(t.id).bind(t.campus_id).bind(&t.category).bind(&t.priority).bind(&t.status).bind(&t.scope)
        .bind(&t.scope_reason).bind(&t.subject).bind(t.assignee_id).bind(&t.tags).bind(t.updated_at_us)
        .bind(t.resolved_at_us).bind(t.closed_at_us).bind(t.due_at_us).bind(t.warn_at_us)
        .bind(t.remaining_at_pause_us).bind(t.breached_at_us).bind(&t.outcome).bind(t.sla_paused).bind(t.urgency_us)
        .bind(t.client_replied_at_us).bind(t.second_warn_at_us).bind(t.sla_alerted).bind(t.escalated_at_us)
        .bind(t.staff_only).bind(&t.scope_note).bind(&t.suggestion_decision).execute(c).await.map(|_| ()))
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(())
}

pub async fn get_ticket(db: &Db, id: i64) -> Result<Option<TicketRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("select {TICKET_COLS} from ticket where id = $1")))
        .bind(id).fetch_optional(p).await)?,
    )
}

/// Reads a ticket inside a write transaction, locking its row on PostgreSQL (SQLite's
/// `BEGIN IMMEDIATE` already holds the database write lock).
pub async fn get_ticket_for_update(tx: &mut Tx, id: i64) -> Result<Option<TicketRow>> {
    Ok(match tx {
        Tx::Sqlite(t) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select {TICKET_COLS} from ticket where id = $1"
            )))
            .bind(id)
            .fetch_optional(&mut **t)
            .await?
        }
        Tx::Postgres(t) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select {TICKET_COLS} from ticket where id = $1 for update"
            )))
            .bind(id)
            .fetch_optional(&mut **t)
            .await?
        }
    })
}

/// Tickets the SLA watcher must look at: running past due without a recorded breach, or
/// resolved for longer than the confirmation window (auto-close).
pub async fn sla_watch_candidates(
    db: &Db,
    now_us: i64,
    close_before_us: i64,
    limit: i64,
) -> Result<Vec<i64>> {
    // Due and not yet breached; resolved past the confirmation window; running and past a
    // warning threshold not yet announced (`sla_alerted`).
    const SQL: &str = "select id from ticket where (due_at_us < $1 and breached_at_us is null) \
        union select id from ticket where status = 'resolved' and resolved_at_us <= $2 \
        union select id from ticket where status in ('new', 'open') and sla_paused = false \
          and ((sla_alerted < 1 and warn_at_us <= $1) or (sla_alerted < 2 and second_warn_at_us <= $1)) \
        order by 1 limit $3";
    let rows: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(SQL).bind(now_us).bind(close_before_us).bind(limit).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// TENANT: resolved tickets (of one client, when given) whose confirmation window ended before
/// `close_before_us`: lists close them first so they never show a ticket "resolved" past it.
pub async fn expired_resolved(
    db: &Db,
    client_id: Option<i64>,
    close_before_us: i64,
    limit: i64,
) -> Result<Vec<i64>> {
    const SQL: &str = "select id from ticket where status = 'resolved' and resolved_at_us <= $1 \
        and (cast($2 as bigint) is null or client_id = $2) order by id limit $3";
    let rows: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(SQL).bind(close_before_us).bind(client_id).bind(limit).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}
