//! Outgoing webhooks (migration 0016): the endpoints an administrator registers and the log
//! of deliveries to them. Secrets are stored as ciphertext only; signing, encrypting and
//! deciding who gets what is the service's business.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub description: String,
    /// JSON array of event names.
    pub events: String,
    pub active: bool,
    pub secret_enc: String,
    pub previous_secret_enc: Option<String>,
    pub previous_secret_until_us: Option<i64>,
    pub created_at_us: i64,
    pub updated_at_us: i64,
}

const COLS: &str = "id, url, description, events, active, secret_enc, previous_secret_enc, \
    previous_secret_until_us, created_at_us, updated_at_us";

/// What an administrator sets (the secret is set on its own).
pub struct WebhookInput<'a> {
    pub url: &'a str,
    pub description: &'a str,
    pub events: &'a str,
    pub active: bool,
}

pub async fn list_webhooks(db: &Db) -> Result<Vec<WebhookRow>> {
    let sql = format!("select {COLS} from webhook order by id");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

/// The active endpoints, read inside the transaction of the change that emits an event.
pub async fn active_webhooks_in(tx: &mut Tx) -> Result<Vec<WebhookRow>> {
    let sql = format!("select {COLS} from webhook where active = true order by id");
    Ok(on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(c).await)?)
}

pub async fn get_webhook(db: &Db, id: i64) -> Result<Option<WebhookRow>> {
    let sql = format!("select {COLS} from webhook where id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn insert_webhook(
    tx: &mut Tx,
    w: &WebhookInput<'_>,
    secret_enc: &str,
    by: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into webhook (url, description, events, active, secret_enc, \
        created_at_us, updated_at_us, updated_by) values ($1, $2, $3, $4, $5, $6, $6, $7) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(w.url).bind(w.description)
        .bind(w.events).bind(w.active).bind(secret_enc).bind(now_us).bind(by).fetch_one(c).await)?;
    Ok(id.0)
}

pub async fn update_webhook(
    tx: &mut Tx,
    id: i64,
    w: &WebhookInput<'_>,
    by: i64,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "update webhook set url = $2, description = $3, events = $4, active = $5, \
        updated_at_us = $6, updated_by = $7 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(w.url).bind(w.description).bind(w.events)
        .bind(w.active).bind(now_us).bind(by).execute(c).await.map(|r| r.rows_affected()))?;
    found(n)
}

/// A new secret; the one it replaces keeps signing until `previous_until_us`.
pub async fn rotate_secret(
    tx: &mut Tx,
    id: i64,
    secret_enc: &str,
    previous_until_us: i64,
    by: i64,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "update webhook set previous_secret_enc = secret_enc, \
        previous_secret_until_us = $3, secret_enc = $2, updated_at_us = $4, updated_by = $5 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(secret_enc).bind(previous_until_us)
        .bind(now_us).bind(by).execute(c).await.map(|r| r.rows_affected()))?;
    found(n)
}

/// Removes an endpoint and its delivery log.
pub async fn delete_webhook(tx: &mut Tx, id: i64) -> Result<()> {
    // Explicitly, not only by the foreign key's cascade: the log goes whatever the engine's
    // foreign-key setting.
    on_tx!(tx, c => sqlx::query("delete from webhook_delivery where webhook_id = $1").bind(id).execute(c).await.map(|_| ()))?;
    let n = on_tx!(tx, c => sqlx::query("delete from webhook where id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    found(n)
}

fn found(n: u64) -> Result<()> {
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub uuid: String,
    pub event: String,
    pub payload: String,
    pub state: String,
    pub attempts: i32,
    pub job_id: Option<i64>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub response_snippet: Option<String>,
    pub request_headers: Option<String>,
    pub created_at_us: i64,
    pub last_attempt_at_us: Option<i64>,
    pub delivered_at_us: Option<i64>,
}

const DELIVERY_COLS: &str = "id, webhook_id, uuid, event, payload, state, attempts, job_id, \
    last_status, last_error, response_snippet, request_headers, created_at_us, last_attempt_at_us, \
    delivered_at_us";

pub async fn insert_delivery(
    tx: &mut Tx,
    webhook_id: i64,
    uuid: &str,
    event: &str,
    payload: &str,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into webhook_delivery (webhook_id, uuid, event, payload, state, attempts, \
        created_at_us) values ($1, $2, $3, $4, 'pending', 0, $5) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(webhook_id).bind(uuid).bind(event)
        .bind(payload).bind(now_us).fetch_one(c).await)?;
    Ok(id.0)
}

pub async fn get_delivery(db: &Db, id: i64) -> Result<Option<DeliveryRow>> {
    let sql = format!("select {DELIVERY_COLS} from webhook_delivery where id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await)?,
    )
}

/// One endpoint's deliveries, newest first; `before` (an id) pages back.
pub async fn list_deliveries(
    db: &Db,
    webhook_id: i64,
    state: Option<&str>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<DeliveryRow>> {
    let sql = format!(
        "select {DELIVERY_COLS} from webhook_delivery where webhook_id = $1 \
         and ($2 is null or state = $2) and ($3 is null or id < $3) order by id desc limit $4"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(webhook_id)
        .bind(state).bind(before).bind(limit).fetch_all(p).await)?,
    )
}

/// Deliveries per (endpoint, state), for the list of endpoints.
pub async fn delivery_counts(db: &Db) -> Result<Vec<(i64, String, i64)>> {
    const SQL: &str =
        "select webhook_id, state, count(*) from webhook_delivery group by webhook_id, state";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

/// What one attempt found. `state` is `pending` (it will be tried again), `delivered` or
/// `failed`. Fenced by `job_id`: an attempt of a superseded job writes nothing (`false`).
pub struct Attempt<'a> {
    pub job_id: i64,
    pub state: &'a str,
    pub status: Option<i32>,
    pub error: Option<&'a str>,
    pub snippet: Option<&'a str>,
    /// `None` when nothing was sent (the earlier attempt's stay).
    pub headers: Option<&'a str>,
}

pub async fn record_attempt(tx: &mut Tx, id: i64, a: &Attempt<'_>, now_us: i64) -> Result<bool> {
    const SQL: &str = "update webhook_delivery set state = $2, attempts = attempts + 1, \
        last_status = $3, last_error = $4, response_snippet = $5, last_attempt_at_us = $6, \
        request_headers = coalesce($8, request_headers), delivered_at_us = case when $2 = 'delivered' then $6 else delivered_at_us end \
        where id = $1 and (job_id is null or job_id = $7)";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(a.state).bind(a.status).bind(a.error)
        .bind(a.snippet).bind(now_us).bind(a.job_id).bind(a.headers).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Marks a delivery pending again, to be attempted by `job_id` only.
pub async fn redeliver(tx: &mut Tx, id: i64, job_id: i64) -> Result<()> {
    const SQL: &str = "update webhook_delivery set state = 'pending', job_id = $2 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(job_id).execute(c).await.map(|r| r.rows_affected()))?;
    found(n)
}

/// Forgets finished deliveries created before `before_us`; returns how many.
pub async fn prune_deliveries(tx: &mut Tx, before_us: i64) -> Result<u64> {
    const SQL: &str =
        "delete from webhook_delivery where created_at_us < $1 and state <> 'pending'";
    Ok(
        on_tx!(tx, c => sqlx::query(SQL).bind(before_us).execute(c).await.map(|r| r.rows_affected()))?,
    )
}
