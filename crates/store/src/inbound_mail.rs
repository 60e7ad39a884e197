//! Incoming mail as read from the support mailboxes (see migration 0010): one row per
//! message, unique by Message-ID, written in the transaction that acts on the message.

use sqlx::FromRow;

use crate::{Db, Result, Tx};

pub const STATES: [&str; 5] = ["ticket", "reply", "review", "discarded", "refused"];

pub struct NewInbound<'a> {
    pub message_id: &'a str,
    pub mailbox: &'a str,
    pub uidvalidity: i64,
    pub uid: i64,
    pub from_address: &'a str,
    pub subject: &'a str,
    pub received_at_us: i64,
    pub state: &'a str,
    pub ticket_id: Option<i64>,
    pub reason: Option<&'a str>,
    pub raw_size: i64,
    pub raw: Option<&'a [u8]>,
    pub auto_reply_due: bool,
}

/// A row without its raw message (lists never carry it).
#[derive(Debug, Clone, FromRow)]
pub struct InboundRow {
    pub id: i64,
    pub message_id: String,
    pub mailbox: String,
    pub uidvalidity: i64,
    pub uid: i64,
    pub from_address: String,
    pub subject: String,
    pub received_at_us: i64,
    pub state: String,
    pub ticket_id: Option<i64>,
    pub reason: Option<String>,
    pub raw_size: i64,
    pub has_raw: bool,
    pub auto_reply_due: bool,
    pub handled_by: Option<i64>,
    pub handled_at_us: Option<i64>,
}

const COLUMNS: &str = "id, message_id, mailbox, uidvalidity, uid, from_address, subject, \
    received_at_us, state, ticket_id, reason, raw_size, raw is not null as has_raw, \
    auto_reply_due, handled_by, handled_at_us";

/// Records a message inside `tx`. `None` when its Message-ID is recorded already (another
/// poll, another node, or a duplicate delivery got there first): the caller rolls back.
pub async fn insert(tx: &mut Tx, m: &NewInbound<'_>) -> Result<Option<i64>> {
    const SQL: &str = "insert into inbound_mail (message_id, mailbox, uidvalidity, uid, \
        from_address, subject, received_at_us, state, ticket_id, reason, raw_size, raw, \
        auto_reply_due) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
        on conflict (message_id) do nothing returning id";
    let id: Option<(i64,)> = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(m.message_id).bind(m.mailbox).bind(m.uidvalidity).bind(m.uid).bind(m.from_address)
        .bind(m.subject).bind(m.received_at_us).bind(m.state).bind(m.ticket_id).bind(m.reason)
        .bind(m.raw_size).bind(m.raw).bind(m.auto_reply_due)
        .fetch_optional(c).await)?;
    Ok(id.map(|r| r.0))
}

/// Whether `message_id` is recorded already.
pub async fn exists(db: &Db, message_id: &str) -> Result<bool> {
    const SQL: &str = "select 1 from inbound_mail where message_id = $1";
    let r: Option<(i32,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(message_id).fetch_optional(p).await)?;
    Ok(r.is_some())
}

/// Whether an auto-reply to `from_address` was already owed since `since_us` (the
/// once-per-day rule), read inside the transaction that records the next one.
pub async fn auto_reply_owed_since(tx: &mut Tx, from_address: &str, since_us: i64) -> Result<bool> {
    const SQL: &str = "select 1 from inbound_mail where from_address = $1 \
        and auto_reply_due = true and received_at_us >= $2 limit 1";
    let r: Option<(i32,)> = on_tx!(tx, c => sqlx::query_as(SQL).bind(from_address).bind(since_us)
        .fetch_optional(c).await)?;
    Ok(r.is_some())
}

/// How many of `from_address`'s messages since `since_us` became a ticket or a message on
/// one (the per-sender rate limit). Served by the `(from_address, received_at_us)` index of
/// migration 0010.
pub async fn acted_on_since(db: &Db, from_address: &str, since_us: i64) -> Result<i64> {
    const SQL: &str = "select count(*) from inbound_mail where from_address = $1 \
        and received_at_us >= $2 and state in ('ticket', 'reply')";
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(SQL).bind(from_address).bind(since_us)
        .fetch_one(p).await)?;
    Ok(n)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<InboundRow>> {
    let sql = format!("select {COLUMNS} from inbound_mail where id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

pub async fn get_by_message_id(db: &Db, message_id: &str) -> Result<Option<InboundRow>> {
    let sql = format!("select {COLUMNS} from inbound_mail where message_id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(message_id).fetch_optional(p).await)?,
    )
}

/// The stored raw message of a review item, if kept.
pub async fn get_raw(db: &Db, id: i64) -> Result<Option<Vec<u8>>> {
    const SQL: &str = "select raw from inbound_mail where id = $1";
    let r: Option<(Option<Vec<u8>>,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?;
    Ok(r.and_then(|r| r.0))
}

/// Newest first, optionally of one state.
pub async fn list(db: &Db, state: Option<&str>, limit: i64) -> Result<Vec<InboundRow>> {
    let sql = format!(
        "select {COLUMNS} from inbound_mail where ($1 is null or state = $1) \
         order by received_at_us desc, id desc limit $2"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(state).bind(limit).fetch_all(p).await)?,
    )
}

/// Settles a review (or refused) item: `discarded`, or `ticket` with the ticket made from
/// it. The raw message is dropped once it is no longer needed. `false` when the item is not
/// (or no longer) waiting for review.
pub async fn settle(
    tx: &mut Tx,
    id: i64,
    state: &str,
    ticket_id: Option<i64>,
    by: i64,
    now_us: i64,
) -> Result<bool> {
    const SQL: &str = "update inbound_mail set state = $1, ticket_id = $2, handled_by = $3, \
        handled_at_us = $4, raw = null where id = $5 and state in ('review', 'refused')";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(state).bind(ticket_id).bind(by).bind(now_us).bind(id)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The polite auto-reply for this row is in the outbox.
pub async fn mark_auto_reply_queued(tx: &mut Tx, id: i64, now_us: i64) -> Result<()> {
    const SQL: &str = "update inbound_mail set auto_reply_sent_at_us = $1 where id = $2";
    on_tx!(tx, c => sqlx::query(SQL).bind(now_us).bind(id).execute(c).await.map(|_| ()))?;
    Ok(())
}
