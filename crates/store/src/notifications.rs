//! Notifications (in the app), the e-mail outbox and users' notification preferences
//! (migration 0009).

use sqlx::FromRow;

use crate::{Db, Result, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    pub kind: String,
    pub data: String,
    pub created_at_us: i64,
    pub read_at_us: Option<i64>,
}

pub async fn insert_notification(
    tx: &mut Tx,
    user_id: i64,
    ticket_id: Option<i64>,
    kind: &str,
    data: &str,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into notification (user_id, ticket_id, kind, data, created_at_us) \
                       values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(user_id).bind(ticket_id).bind(kind).bind(data).bind(now_us)
        .fetch_one(c).await)?;
    Ok(id.0)
}

/// A user's notifications, newest first (unread only when asked).
pub async fn list_notifications(
    db: &Db,
    user_id: i64,
    unread_only: bool,
    limit: i64,
) -> Result<Vec<NotificationRow>> {
    const SQL: &str = "select id, user_id, ticket_id, kind, data, created_at_us, read_at_us \
                       from notification where user_id = $1 and ($2 = false or read_at_us is null) \
                       order by id desc limit $3";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(user_id).bind(unread_only).bind(limit).fetch_all(p).await)?,
    )
}

/// One of the user's notifications (`None` when it is someone else's or does not exist).
pub async fn get_notification(db: &Db, user_id: i64, id: i64) -> Result<Option<NotificationRow>> {
    const SQL: &str = "select id, user_id, ticket_id, kind, data, created_at_us, read_at_us \
                       from notification where id = $1 and user_id = $2";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).bind(user_id).fetch_optional(p).await)?)
}

pub async fn unread_count(db: &Db, user_id: i64) -> Result<i64> {
    const SQL: &str = "select count(*) from notification where user_id = $1 and read_at_us is null";
    let n: (i64,) = on_db!(db, p => sqlx::query_as(SQL).bind(user_id).fetch_one(p).await)?;
    Ok(n.0)
}

/// Marks one of the user's notifications (or all, with `None`) read; returns how many changed.
pub async fn mark_read(tx: &mut Tx, user_id: i64, id: Option<i64>, now_us: i64) -> Result<u64> {
    const SQL: &str = "update notification set read_at_us = $1 \
                       where user_id = $2 and read_at_us is null and ($3 is null or id = $3)";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(now_us).bind(user_id).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n)
}

/// The user's choice for one kind: `(email, in_app)`, or `None` for the default.
pub async fn pref(tx: &mut Tx, user_id: i64, kind: &str) -> Result<Option<(bool, bool)>> {
    const SQL: &str =
        "select email, in_app from notification_pref where user_id = $1 and kind = $2";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).bind(user_id).bind(kind).fetch_optional(c).await)?)
}

pub async fn list_prefs(db: &Db, user_id: i64) -> Result<Vec<(String, bool, bool)>> {
    const SQL: &str = "select kind, email, in_app from notification_pref where user_id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(user_id).fetch_all(p).await)?)
}

pub async fn set_pref(
    tx: &mut Tx,
    user_id: i64,
    kind: &str,
    email: bool,
    in_app: bool,
) -> Result<()> {
    const SQL: &str = "insert into notification_pref (user_id, kind, email, in_app) values ($1, $2, $3, $4) \
                       on conflict (user_id, kind) do update set email = excluded.email, in_app = excluded.in_app";
    on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(kind).bind(email).bind(in_app).execute(c).await.map(|_| ()))?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub notification_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at_us: i64,
    pub sent_at_us: Option<i64>,
}

pub struct NewMail<'a> {
    pub notification_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub message_id: &'a str,
    pub in_reply_to: Option<&'a str>,
}

pub async fn insert_mail(tx: &mut Tx, m: &NewMail<'_>, now_us: i64) -> Result<i64> {
    const SQL: &str = "insert into outbox (notification_id, ticket_id, to_address, subject, body_text, message_id, \
                       in_reply_to, state, attempts, created_at_us) values ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8) \
                       returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(m.notification_id).bind(m.ticket_id).bind(m.to_address)
        .bind(m.subject).bind(m.body_text).bind(m.message_id).bind(m.in_reply_to).bind(now_us)
        .fetch_one(c).await)?;
    Ok(id.0)
}

/// A file sent with an outgoing e-mail.
#[derive(Debug, Clone, FromRow)]
pub struct OutboxAttachment {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// Adds a file to a message queued in the same transaction.
pub async fn insert_mail_attachment(
    tx: &mut Tx,
    outbox_id: i64,
    a: &OutboxAttachment,
) -> Result<()> {
    const SQL: &str = "insert into outbox_attachment (outbox_id, filename, content_type, data) values ($1, $2, $3, $4)";
    on_tx!(tx, c => sqlx::query(SQL).bind(outbox_id).bind(&a.filename).bind(&a.content_type).bind(&a.data)
        .execute(c).await.map(|_| ()))?;
    Ok(())
}

/// The files of a message, in the order they were added.
pub async fn mail_attachments(db: &Db, outbox_id: i64) -> Result<Vec<OutboxAttachment>> {
    const SQL: &str = "select filename, content_type, data from outbox_attachment where outbox_id = $1 order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(outbox_id).fetch_all(p).await)?)
}

/// The names and sizes of a message's files (what the outbox shows), in order.
pub async fn mail_attachment_names(db: &Db, outbox_id: i64) -> Result<Vec<(String, i64)>> {
    const SQL: &str = "select filename, cast(length(data) as bigint) from outbox_attachment where outbox_id = $1 order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(outbox_id).fetch_all(p).await)?)
}

const OUTBOX_COLS: &str = "id, notification_id, ticket_id, to_address, subject, body_text, message_id, in_reply_to, \
                           state, attempts, last_error, created_at_us, sent_at_us";

pub async fn get_mail(db: &Db, id: i64) -> Result<Option<OutboxRow>> {
    let sql = format!("select {OUTBOX_COLS} from outbox where id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

/// The newest messages first, optionally of one state; of one ticket when given.
pub async fn list_mail(
    db: &Db,
    state: Option<&str>,
    ticket_id: Option<i64>,
    limit: i64,
) -> Result<Vec<OutboxRow>> {
    let sql = format!(
        "select {OUTBOX_COLS} from outbox where ($1 is null or state = $1) \
         and ($2 is null or ticket_id = $2) order by id desc limit $3"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(state).bind(ticket_id).bind(limit).fetch_all(p).await)?,
    )
}

/// How many messages are in each state (`queued`, `sent`, `failed`, `unsent`).
pub async fn mail_counts(db: &Db) -> Result<Vec<(String, i64)>> {
    const SQL: &str = "select state, count(*) from outbox group by state";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// Records one delivery attempt's outcome: `state` is `sent`, `unsent`, `failed` or `queued`
/// (to be retried). Only a message still queued changes (a second delivery of a sent
/// message writes nothing).
pub async fn record_attempt(
    tx: &mut Tx,
    id: i64,
    state: &str,
    error: Option<&str>,
    now_us: i64,
) -> Result<bool> {
    const SQL: &str = "update outbox set state = $1, attempts = attempts + 1, last_error = $2, \
                       sent_at_us = case when $1 = 'sent' then $3 else sent_at_us end \
                       where id = $4 and state = 'queued'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(state).bind(error).bind(now_us).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Users with `role` who may sign in (recipients such as "every agent").
pub async fn active_user_ids_with_role(tx: &mut Tx, role: &str) -> Result<Vec<i64>> {
    const SQL: &str =
        "select id from app_user where role = $1 and deactivated_at_us is null order by id";
    let rows: Vec<(i64,)> = on_tx!(tx, c => sqlx::query_as(SQL).bind(role).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// A client's name, read inside the transaction of the change being notified.
pub async fn client_name(tx: &mut Tx, client_id: i64) -> Result<Option<String>> {
    const SQL: &str = "select name from client where id = $1";
    let r: Option<(String,)> =
        on_tx!(tx, c => sqlx::query_as(SQL).bind(client_id).fetch_optional(c).await)?;
    Ok(r.map(|r| r.0))
}
