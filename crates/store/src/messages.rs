//! Public messages and internal notes on a ticket.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: Option<i64>,
    pub internal: bool,
    pub body: String,
    pub created_at_us: i64,
}

pub async fn insert_message(
    tx: &mut Tx,
    ticket_id: i64,
    author_id: Option<i64>,
    internal: bool,
    body: &str,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into ticket_message (ticket_id, author_id, internal, body, created_at_us) \
        values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(ticket_id).bind(author_id).bind(internal).bind(body).bind(now_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    if let (false, Some(author)) = (internal, author_id) {
        // The ticket's first public staff reply (migration 0026, the rule of
        // `dashboard::FIRST_STAFF_REPLY`): a staff author, after the opening message.
        const FIRST_REPLY: &str = "update ticket set first_reply_at_us = $2 where id = $1 \
            and (first_reply_at_us is null or first_reply_at_us > $2) \
            and exists (select 1 from app_user u where u.id = $3 and u.role <> 'client_admin') \
            and exists (select 1 from ticket_message m where m.ticket_id = $1 and m.id < $4)";
        on_tx!(tx, c => sqlx::query(FIRST_REPLY).bind(ticket_id).bind(now_us).bind(author).bind(id.0)
            .execute(c).await.map(|_| ()))?;
    }
    // The ticket's search document includes every message: replaced in this transaction.
    crate::search::reindex(tx, crate::search::Scope::Ticket(ticket_id)).await?;
    Ok(id.0)
}

/// `include_internal = false` for client admins: internal notes never leave the staff side.
pub async fn list_messages(
    db: &Db,
    ticket_id: i64,
    include_internal: bool,
) -> Result<Vec<MessageRow>> {
    const SQL: &str = "select id, ticket_id, author_id, internal, body, created_at_us from ticket_message \
        where ticket_id = $1 and ($2 or internal = false) order by id";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(ticket_id).bind(include_internal).fetch_all(p).await)?,
    )
}

/// One message's text, read inside the transaction that wrote it (for its notification).
pub async fn get_message_body(tx: &mut Tx, id: i64) -> Result<Option<String>> {
    const SQL: &str = "select body from ticket_message where id = $1";
    let r: Option<(String,)> =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(id).fetch_optional(c).await)?;
    Ok(r.map(|r| r.0))
}

/// The messages of several tickets at once (a page of search results' excerpts), in order;
/// `include_internal = false` for client admins.
pub async fn list_messages_of(
    db: &Db,
    ticket_ids: &[i64],
    include_internal: bool,
) -> Result<Vec<MessageRow>> {
    if ticket_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(on_db!(db, p => {
        let mut qb = sqlx::QueryBuilder::new(
            "select id, ticket_id, author_id, internal, body, created_at_us from ticket_message \
             where (internal = false or ",
        );
        qb.push_bind(include_internal).push(") and ticket_id in (");
        let mut sep = qb.separated(", ");
        for id in ticket_ids {
            sep.push_bind(*id);
        }
        qb.push(") order by ticket_id, id");
        qb.build_query_as::<MessageRow>().fetch_all(p).await
    })?)
}
