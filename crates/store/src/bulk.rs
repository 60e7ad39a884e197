//! Writing many rows at once, for the benchmark data generator (`atiende seed`): rows are
//! copied with their ids as given (multi-row `insert … values`, a few hundred rows per
//! statement) instead of one statement per row. Never used by the service: the generator
//! runs on a database no server is writing to.

use sqlx::{FromRow, QueryBuilder};

use crate::{
    Db, Result, Tx, events::EventRow, messages::MessageRow, tickets::TICKET_COLS,
    tickets::TicketRow,
};

/// Rows per statement: under SQLite's 32 766 and PostgreSQL's 65 535 bound parameters for the
/// widest table (the ticket's 38 columns).
const BATCH: usize = 500;

/// The tickets with ids from `from` to `to` (inclusive), in id order, with every column.
pub async fn tickets_between(db: &Db, from: i64, to: i64) -> Result<Vec<TicketRow>> {
    let sql = format!("select {TICKET_COLS} from ticket where id between $1 and $2 order by id");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(from).bind(to).fetch_all(p).await)?,
    )
}

/// The messages of the tickets with ids from `from` to `to`, in id order.
pub async fn messages_between(db: &Db, from: i64, to: i64) -> Result<Vec<MessageRow>> {
    const SQL: &str = "select id, ticket_id, author_id, internal, body, created_at_us from ticket_message \
        where ticket_id between $1 and $2 order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(from).bind(to).fetch_all(p).await)?)
}

/// The events of the tickets with ids from `from` to `to`, in id order.
pub async fn events_between(db: &Db, from: i64, to: i64) -> Result<Vec<EventRow>> {
    const SQL: &str = "select id, ticket_id, at_us, actor_id, kind, data from ticket_event \
        where ticket_id between $1 and $2 order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(from).bind(to).fetch_all(p).await)?)
}

#[derive(Debug, Clone, Copy, FromRow)]
pub struct MaxIds {
    pub ticket: i64,
    pub message: i64,
    pub event: i64,
}

/// The highest ids in use (0 for an empty table): copies are numbered after them.
pub async fn max_ids(db: &Db) -> Result<MaxIds> {
    const SQL: &str = "select coalesce((select max(id) from ticket), 0) as ticket, \
        coalesce((select max(id) from ticket_message), 0) as message, \
        coalesce((select max(id) from ticket_event), 0) as event";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_one(p).await)?)
}

/// Inserts tickets with their own ids.
pub async fn insert_tickets(tx: &mut Tx, rows: &[TicketRow]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = QueryBuilder::new(format!("insert into ticket ({TICKET_COLS}) "));
            q.push_values(chunk, |mut b, t| {
                b.push_bind(t.id).push_bind(t.client_id).push_bind(t.campus_id).push_bind(t.requester_id)
                    .push_bind(&t.category).push_bind(&t.priority).push_bind(&t.requested_priority)
                    .push_bind(&t.status).push_bind(&t.scope).push_bind(&t.scope_reason).push_bind(&t.subject)
                    .push_bind(t.assignee_id).push_bind(&t.tags).push_bind(t.policy_version_id)
                    .push_bind(t.calendar_version_id).push_bind(t.created_at_us).push_bind(t.updated_at_us)
                    .push_bind(t.resolved_at_us).push_bind(t.closed_at_us).push_bind(t.linked_ticket_id)
                    .push_bind(t.due_at_us).push_bind(t.warn_at_us).push_bind(t.remaining_at_pause_us)
                    .push_bind(t.breached_at_us).push_bind(&t.outcome).push_bind(t.sla_paused)
                    .push_bind(t.urgency_us).push_bind(t.client_replied_at_us).push_bind(t.second_warn_at_us)
                    .push_bind(t.sla_alerted).push_bind(t.escalated_at_us).push_bind(t.staff_only)
                    .push_bind(&t.scope_note).push_bind(&t.suggested_scope).push_bind(&t.suggested_reason)
                    .push_bind(&t.suggestion_rule).push_bind(&t.suggestion_match)
                    .push_bind(&t.suggestion_decision);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// Inserts messages with their own ids.
pub async fn insert_messages(tx: &mut Tx, rows: &[MessageRow]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = QueryBuilder::new(
                "insert into ticket_message (id, ticket_id, author_id, internal, body, created_at_us) ",
            );
            q.push_values(chunk, |mut b, m| {
                b.push_bind(m.id).push_bind(m.ticket_id).push_bind(m.author_id)
                    .push_bind(m.internal).push_bind(&m.body).push_bind(m.created_at_us);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// Inserts events with their own ids.
pub async fn insert_events(tx: &mut Tx, rows: &[EventRow]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = QueryBuilder::new(
                "insert into ticket_event (id, ticket_id, at_us, actor_id, kind, data) ",
            );
            q.push_values(chunk, |mut b, e| {
                b.push_bind(e.id).push_bind(e.ticket_id).push_bind(e.at_us)
                    .push_bind(e.actor_id).push_bind(&e.kind).push_bind(&e.data);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// One hour of a campus's probes, as the monitor's roll-up keeps it.
#[derive(Debug, Clone)]
pub struct ProbeHour {
    pub campus_id: i64,
    pub hour_us: i64,
    pub probes: i32,
    pub ups: i32,
    pub latency_sum_ms: i64,
    pub latency_max_ms: i32,
}

/// Inserts hourly probe roll-ups.
pub async fn insert_probe_hours(tx: &mut Tx, rows: &[ProbeHour]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = QueryBuilder::new(
                "insert into probe_hourly (campus_id, hour_us, probes, ups, latency_sum_ms, latency_max_ms) ",
            );
            q.push_values(chunk, |mut b, h| {
                b.push_bind(h.campus_id).push_bind(h.hour_us).push_bind(h.probes)
                    .push_bind(h.ups).push_bind(h.latency_sum_ms).push_bind(h.latency_max_ms);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// One successful daily backup of a campus.
#[derive(Debug, Clone)]
pub struct Backup {
    pub campus_id: i64,
    pub performed_at_us: i64,
    pub size_bytes: i64,
    pub recorded_by: i64,
}

/// Inserts successful backups (recorded through the CLI).
pub async fn insert_backups(tx: &mut Tx, rows: &[Backup]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = QueryBuilder::new(
                "insert into maintenance_record (campus_id, kind, performed_at_us, status, size_bytes, \
                 duration_seconds, note, recorded_by, source, created_at_us) ",
            );
            q.push_values(chunk, |mut b, r| {
                b.push_bind(r.campus_id).push_bind("backup").push_bind(r.performed_at_us)
                    .push_bind("ok").push_bind(r.size_bytes).push_bind(600_i64).push_bind("")
                    .push_bind(r.recorded_by).push_bind("cli").push_bind(r.performed_at_us);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// After rows were inserted with explicit ids, PostgreSQL's identity sequences must move past
/// them (SQLite's `integer primary key` needs nothing); the planner's statistics are refreshed
/// on both engines, and PostgreSQL's tables vacuumed.
pub async fn finish(db: &Db) -> Result<()> {
    // Copied tickets carry no first reply: fill it by the rule the write path keeps.
    let first_reply = format!(
        "update ticket set first_reply_at_us = {} where first_reply_at_us is null",
        crate::dashboard::FIRST_STAFF_REPLY
    );
    match db {
        Db::Sqlite { write, .. } => {
            sqlx::query(sqlx::AssertSqlSafe(first_reply.as_str()))
                .execute(write)
                .await?;
        }
        Db::Postgres(p) => {
            sqlx::query(sqlx::AssertSqlSafe(first_reply.as_str()))
                .execute(p)
                .await?;
        }
    }
    match db {
        Db::Sqlite { write, .. } => {
            sqlx::query("analyze").execute(write).await?;
        }
        Db::Postgres(p) => {
            for table in ["ticket", "ticket_message", "ticket_event"] {
                let sql = format!(
                    "select setval(pg_get_serial_sequence('{table}', 'id'), \
                     (select coalesce(max(id), 1) from {table}))"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(p).await?;
            }
            // VACUUM too: what autovacuum would have done to rows this old (the visibility
            // map lets the reports' partial indexes answer without reading the table).
            sqlx::query("vacuum analyze").execute(p).await?;
        }
    }
    Ok(())
}
