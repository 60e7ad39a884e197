//! Quotes on tickets (migration 0019). Who may send or decide one, and what follows for the
//! ticket, is the service's business; state changes here are fenced by `state = 'pending'`,
//! so a quote leaves pending once whatever two writers race.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct QuoteRow {
    pub id: i64,
    pub ticket_id: i64,
    pub description: String,
    pub minutes: i64,
    pub amount_minor: i64,
    pub currency: String,
    /// `YYYY-MM-DD` in the client's calendar.
    pub valid_until: String,
    pub expires_at_us: i64,
    pub state: String,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub created_at_us: i64,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    pub decided_at_us: Option<i64>,
    pub decision_reason: Option<String>,
    pub replaced_by: Option<i64>,
}

/// `select … from quote q` with the names of who sent and who decided; `$rest` completes it.
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "select q.id, q.ticket_id, q.description, q.minutes, q.amount_minor, q.currency, \
             q.valid_until, q.expires_at_us, q.state, q.created_by, c.name as created_by_name, \
             q.created_at_us, q.decided_by, d.name as decided_by_name, q.decided_at_us, \
             q.decision_reason, q.replaced_by from quote q \
             left join app_user c on c.id = q.created_by left join app_user d on d.id = q.decided_by ",
            $rest
        )
    };
}

/// A quote as sent (checked by the service); it starts `pending`.
#[derive(Debug, Clone)]
pub struct NewQuote<'a> {
    pub ticket_id: i64,
    pub description: &'a str,
    pub minutes: i64,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub valid_until: &'a str,
    pub expires_at_us: i64,
    pub created_by: i64,
    pub created_at_us: i64,
}

/// Inserts a pending quote. A second pending quote on the ticket is a conflict (the unique
/// index), reported as `Conflict { field: "quote" }`.
pub async fn insert_quote(tx: &mut Tx, q: &NewQuote<'_>) -> Result<i64> {
    const SQL: &str = "insert into quote (ticket_id, description, minutes, amount_minor, currency, \
        valid_until, expires_at_us, state, created_by, created_at_us) \
        values ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(q.ticket_id).bind(q.description)
        .bind(q.minutes).bind(q.amount_minor).bind(q.currency).bind(q.valid_until)
        .bind(q.expires_at_us).bind(q.created_by).bind(q.created_at_us).fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "quote"))?;
    Ok(id.0)
}

pub async fn get_quote(db: &Db, id: i64) -> Result<Option<QuoteRow>> {
    const SQL: &str = select!("where q.id = $1");
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?)
}

/// A quote read inside the write transaction that changes it (after its ticket was locked).
pub async fn get_quote_in(tx: &mut Tx, id: i64) -> Result<Option<QuoteRow>> {
    const SQL: &str = select!("where q.id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(id).fetch_optional(c).await)?)
}

/// A ticket's quotes, newest first. The caller has checked the ticket's tenant.
pub async fn list_for_ticket(db: &Db, ticket_id: i64) -> Result<Vec<QuoteRow>> {
    const SQL: &str = select!("where q.ticket_id = $1 order by q.id desc");
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(ticket_id).fetch_all(p).await)?)
}

/// The ticket's pending quote, if any, inside `tx`.
pub async fn pending_for_ticket_in(tx: &mut Tx, ticket_id: i64) -> Result<Option<QuoteRow>> {
    const SQL: &str = select!("where q.ticket_id = $1 and q.state = 'pending'");
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(ticket_id).fetch_optional(c).await)?)
}

/// What a quote's move out of `pending` writes.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    /// `approved`, `rejected`, `expired` or `withdrawn`.
    pub state: &'a str,
    pub decided_by: Option<i64>,
    pub decided_at_us: i64,
    pub reason: Option<&'a str>,
    pub replaced_by: Option<i64>,
}

/// Moves a pending quote to its final state; false when it was no longer pending.
pub async fn decide(tx: &mut Tx, id: i64, d: &Decision<'_>) -> Result<bool> {
    const SQL: &str = "update quote set state = $2, decided_by = $3, decided_at_us = $4, \
        decision_reason = $5, replaced_by = $6 where id = $1 and state = 'pending'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(d.state).bind(d.decided_by)
        .bind(d.decided_at_us).bind(d.reason).bind(d.replaced_by)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Names the quote that replaced a withdrawn one (written once the new one has its id).
pub async fn set_replaced_by(tx: &mut Tx, id: i64, replaced_by: i64) -> Result<()> {
    const SQL: &str = "update quote set replaced_by = $2 where id = $1";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(replaced_by).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Pending quotes whose validity ended at or before `now_us` (of one ticket, when given):
/// `(quote id, ticket id)`, oldest expiry first.
pub async fn due_for_expiry(
    db: &Db,
    ticket_id: Option<i64>,
    now_us: i64,
    limit: i64,
) -> Result<Vec<(i64, i64)>> {
    const SQL: &str = "select id, ticket_id from quote where state = 'pending' \
        and expires_at_us <= $1 and (cast($2 as bigint) is null or ticket_id = $2) \
        order by expires_at_us, id limit $3";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(now_us).bind(ticket_id).bind(limit).fetch_all(p).await)?,
    )
}

/// TENANT: the active client admins of one client (who a quote is sent to).
pub async fn client_admin_ids_in(tx: &mut Tx, client_id: i64) -> Result<Vec<i64>> {
    const SQL: &str = "select id from app_user where role = 'client_admin' and client_id = $1 \
        and deactivated_at_us is null order by id";
    let rows: Vec<(i64,)> =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(client_id).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// A client's time zone (the calendar a quote's validity date is in), inside `tx`.
pub async fn client_zone_in(tx: &mut Tx, client_id: i64) -> Result<Option<String>> {
    const SQL: &str = "select time_zone from client where id = $1";
    let r: Option<(String,)> =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(client_id).fetch_optional(c).await)?;
    Ok(r.map(|r| r.0))
}
