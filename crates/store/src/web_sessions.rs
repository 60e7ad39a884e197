//! Browser sessions and login throttling (the web UI's tables; saved replies are in `canned`).

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx, users::UserRow};

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at_us: i64,
}

pub async fn insert_session(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    csrf: &str,
    now_us: i64,
    expires_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into web_session (token_hash, user_id, csrf_token, created_at_us, expires_at_us) \
                       values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(token_hash).bind(user_id).bind(csrf).bind(now_us).bind(expires_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "session"))?;
    Ok(id.0)
}

/// A live session and its user.
pub async fn session_user(
    db: &Db,
    token_hash: &str,
    now_us: i64,
) -> Result<Option<(SessionRow, UserRow)>> {
    const SQL: &str = "select s.id, s.user_id, s.csrf_token, s.expires_at_us from web_session s \
                       where s.token_hash = $1 and s.expires_at_us > $2";
    let s: Option<SessionRow> =
        on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).bind(now_us).fetch_optional(p).await)?;
    let Some(s) = s else { return Ok(None) };
    Ok(crate::users::get_user(db, s.user_id).await?.map(|u| (s, u)))
}

pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("delete from web_session where token_hash = $1").bind(token_hash).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Ends every session of a user (password change, deactivation).
pub async fn delete_user_sessions(tx: &mut Tx, user_id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("delete from web_session where user_id = $1").bind(user_id).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Removes expired sessions and old login attempts (housekeeping).
pub async fn sweep(tx: &mut Tx, now_us: i64, attempts_before_us: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("delete from web_session where expires_at_us <= $1").bind(now_us).execute(&mut *c).await.map(|_| ()))?;
    on_tx!(tx, c => sqlx::query("delete from login_attempt where at_us < $1").bind(attempts_before_us).execute(&mut *c).await.map(|_| ()))?;
    Ok(())
}

/// Records one sign-in attempt per key; returns the new rows' ids. The caller commits before
/// counting, so concurrent attempts always see each other (see `service::web_session`).
pub async fn record_attempt(tx: &mut Tx, keys: &[&str], now_us: i64) -> Result<Vec<i64>> {
    const SQL: &str = "insert into login_attempt (key, at_us) values ($1, $2) returning id";
    let mut ids = Vec::with_capacity(keys.len());
    for k in keys {
        let id: (i64,) =
            on_tx!(tx, c => sqlx::query_as(SQL).bind(*k).bind(now_us).fetch_one(&mut *c).await)?;
        ids.push(id.0);
    }
    Ok(ids)
}

/// Forgets attempts that were refused before any password was checked.
pub async fn delete_attempts(tx: &mut Tx, ids: &[i64]) -> Result<()> {
    for id in ids {
        on_tx!(tx, c => sqlx::query("delete from login_attempt where id = $1").bind(*id).execute(&mut *c).await.map(|_| ()))?;
    }
    Ok(())
}

/// Attempts recorded for `key` since `since_us`.
pub async fn failed_logins(db: &Db, key: &str, since_us: i64) -> Result<i64> {
    const SQL: &str = "select count(*) from login_attempt where key = $1 and at_us >= $2";
    let n: (i64,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(key).bind(since_us).fetch_one(p).await)?;
    Ok(n.0)
}

pub async fn clear_failed_logins(tx: &mut Tx, key: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("delete from login_attempt where key = $1").bind(key).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Sets a user's UI language.
pub async fn set_locale(tx: &mut Tx, user_id: i64, locale: &str) -> Result<()> {
    on_tx!(tx, c => sqlx::query("update app_user set locale = $2 where id = $1").bind(user_id).bind(locale).execute(c).await.map(|_| ()))?;
    Ok(())
}
