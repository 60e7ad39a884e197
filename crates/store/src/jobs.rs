//! The job table: background work any node may claim with a lease (see migration 0008).
//!
//! Claiming is the one statement whose dialect differs: PostgreSQL adds `for update skip
//! locked` so that nodes claiming at once take different rows instead of queueing behind each
//! other; SQLite's single writer already serialises the statement (and SQLite is one node).

use sqlx::FromRow;

use crate::{Db, Result, Tx};

pub const STATES: [&str; 4] = ["queued", "running", "done", "failed"];

pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    /// A periodic tick's key: a second insert with the same key is a no-op.
    pub dedup_key: Option<&'a str>,
    pub run_at_us: i64,
    pub max_attempts: i32,
}

/// A job this node now holds; `attempts` counts this run and fences its completion.
#[derive(Debug, Clone, FromRow)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
}

#[derive(Debug, Clone, FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub dedup_key: Option<String>,
    pub state: String,
    pub run_at_us: i64,
    pub attempts: i32,
    pub max_attempts: i32,
    pub lease_owner: Option<String>,
    pub lease_until_us: Option<i64>,
    pub last_error: Option<String>,
    pub created_at_us: i64,
    pub finished_at_us: Option<i64>,
}

/// Queues a job inside `tx` (so it commits with whatever caused it). `None` when a job with
/// the same dedup key exists already.
pub async fn enqueue(tx: &mut Tx, j: &NewJob<'_>, now_us: i64) -> Result<Option<i64>> {
    const SQL: &str = "insert into job (kind, payload, dedup_key, state, run_at_us, attempts, \
                       max_attempts, created_at_us) values ($1, $2, $3, 'queued', $4, 0, $5, $6) \
                       on conflict (dedup_key) do nothing returning id";
    let id: Option<(i64,)> = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(j.kind).bind(j.payload).bind(j.dedup_key).bind(j.run_at_us).bind(j.max_attempts).bind(now_us)
        .fetch_optional(c).await)?;
    Ok(id.map(|r| r.0))
}

/// Takes up to `limit` due jobs for `owner` until `lease_until_us`: queued ones whose time has
/// come, and running ones whose holder's lease expired (it crashed or stalled).
pub async fn claim(
    db: &Db,
    owner: &str,
    now_us: i64,
    lease_until_us: i64,
    limit: i64,
) -> Result<Vec<ClaimedJob>> {
    const PICK: &str = "select id from job \
        where (state = 'queued' and run_at_us <= $3) or (state = 'running' and lease_until_us < $3) \
        order by run_at_us, id limit $4";
    const RETURNING: &str = "returning id, kind, payload, attempts, max_attempts";
    let rows: Vec<ClaimedJob> = match db {
        Db::Sqlite { write, .. } => {
            let sql = format!(
                "update job set state = 'running', lease_owner = $1, lease_until_us = $2, \
                 attempts = attempts + 1 where id in ({PICK}) {RETURNING}"
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(owner)
                .bind(lease_until_us)
                .bind(now_us)
                .bind(limit)
                .fetch_all(write)
                .await?
        }
        Db::Postgres(p) => {
            let sql = format!(
                "update job set state = 'running', lease_owner = $1, lease_until_us = $2, \
                 attempts = attempts + 1 where id in ({PICK} for update skip locked) {RETURNING}"
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(owner)
                .bind(lease_until_us)
                .bind(now_us)
                .bind(limit)
                .fetch_all(p)
                .await?
        }
    };
    Ok(rows)
}

/// Marks a claimed job done. `false`: the lease was lost (another node holds the job now, or
/// an admin changed it) and nothing was written.
pub async fn complete(db: &Db, job: &ClaimedJob, owner: &str, now_us: i64) -> Result<bool> {
    const SQL: &str = "update job set state = 'done', finished_at_us = $1, lease_until_us = null \
                       where id = $2 and lease_owner = $3 and attempts = $4 and state = 'running'";
    let mut tx = db.begin().await?;
    let n = on_tx!(&mut tx, c => sqlx::query(SQL).bind(now_us).bind(job.id).bind(owner).bind(job.attempts)
        .execute(c).await.map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(n == 1)
}

/// Records a failed run: queued again at `retry_at_us`, or `failed` for good when `None`.
/// Fenced like [`complete`].
pub async fn fail(
    db: &Db,
    job: &ClaimedJob,
    owner: &str,
    error: &str,
    retry_at_us: Option<i64>,
    now_us: i64,
) -> Result<bool> {
    // Queued again: `run_at_us` moves to the retry time. Failed for good: it records when.
    const SQL: &str = "update job set \
        state = case when $1 then 'queued' else 'failed' end, \
        run_at_us = case when $1 then $2 else run_at_us end, \
        finished_at_us = case when $1 then null else $3 end, \
        last_error = $4, lease_until_us = null \
        where id = $5 and lease_owner = $6 and attempts = $7 and state = 'running'";
    let retry = retry_at_us.is_some();
    let at = retry_at_us.unwrap_or(now_us);
    let mut tx = db.begin().await?;
    let n = on_tx!(&mut tx, c => sqlx::query(SQL).bind(retry).bind(at).bind(now_us).bind(error)
        .bind(job.id).bind(owner).bind(job.attempts)
        .execute(c).await.map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(n == 1)
}

/// An admin's "retry": a failed job is queued again now with its attempts reset (its last
/// error stays visible until the next run). `false` when it is not (or no longer) failed.
pub async fn retry(tx: &mut Tx, id: i64, now_us: i64) -> Result<bool> {
    const SQL: &str = "update job set state = 'queued', run_at_us = $1, attempts = 0, \
                       finished_at_us = null where id = $2 and state = 'failed'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(now_us).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Forgets finished periodic ticks and done jobs older than `before_us` (failed ones stay
/// until an admin retries them or they age out too).
pub async fn prune(tx: &mut Tx, before_us: i64) -> Result<u64> {
    const SQL: &str = "delete from job where state in ('done', 'failed') and finished_at_us < $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(before_us).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<JobRow>> {
    let sql = format!("select {COLUMNS} from job where id = $1");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

/// The newest jobs first, optionally of one state.
pub async fn list(db: &Db, state: Option<&str>, limit: i64) -> Result<Vec<JobRow>> {
    let sql = format!(
        "select {COLUMNS} from job where ($1 is null or state = $1) order by id desc limit $2"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(state).bind(limit).fetch_all(p).await)?,
    )
}

/// How many jobs are in each state (every state listed, zeros included).
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>> {
    const SQL: &str = "select state, count(*) from job group by state";
    let rows: Vec<(String, i64)> = on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(STATES
        .iter()
        .map(|s| {
            let n = rows.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
            (s.to_string(), n)
        })
        .collect())
}

const COLUMNS: &str = "id, kind, payload, dedup_key, state, run_at_us, attempts, max_attempts, \
                       lease_owner, lease_until_us, last_error, created_at_us, finished_at_us";
