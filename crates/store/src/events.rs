//! The ticket event log: audit trail and the SLA clock's source of truth.

use sqlx::FromRow;

use crate::{Db, Result, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub ticket_id: i64,
    pub at_us: i64,
    pub actor_id: Option<i64>,
    pub kind: String,
    /// JSON object.
    pub data: String,
}

pub async fn insert_event(
    tx: &mut Tx,
    ticket_id: i64,
    at_us: i64,
    actor_id: Option<i64>,
    kind: &str,
    data: &str,
) -> Result<i64> {
    const SQL: &str = "insert into ticket_event (ticket_id, at_us, actor_id, kind, data) values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(ticket_id).bind(at_us).bind(actor_id).bind(kind).bind(data).fetch_one(c).await)?;
    Ok(id.0)
}

const LIST: &str = "select id, ticket_id, at_us, actor_id, kind, data from ticket_event where ticket_id = $1 order by id";

pub async fn list_events(db: &Db, ticket_id: i64) -> Result<Vec<EventRow>> {
    Ok(on_db!(db, p => sqlx::query_as(LIST).bind(ticket_id).fetch_all(p).await)?)
}

pub async fn list_events_in_tx(tx: &mut Tx, ticket_id: i64) -> Result<Vec<EventRow>> {
    Ok(on_tx!(tx, c => sqlx::query_as(LIST).bind(ticket_id).fetch_all(c).await)?)
}

/// The events of several tickets in one query (the queue page computes each `sla` object).
pub async fn list_events_for(db: &Db, ticket_ids: &[i64]) -> Result<Vec<EventRow>> {
    if ticket_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(on_db!(db, p => {
        let mut qb = sqlx::QueryBuilder::new("select id, ticket_id, at_us, actor_id, kind, data from ticket_event where ticket_id in (");
        let mut sep = qb.separated(", ");
        for id in ticket_ids {
            sep.push_bind(*id);
        }
        qb.push(") order by ticket_id, id");
        qb.build_query_as::<EventRow>().fetch_all(p).await
    })?)
}
