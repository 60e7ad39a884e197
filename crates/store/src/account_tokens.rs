//! Single-use account links sent by e-mail: invitations and password resets (migration 0011).
//! Only the token's SHA-256 is stored.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct AccountTokenRow {
    pub id: i64,
    pub user_id: i64,
    /// `invite` or `reset`.
    pub purpose: String,
    pub created_at_us: i64,
    pub expires_at_us: i64,
    pub used_at_us: Option<i64>,
}

pub async fn insert_token(
    tx: &mut Tx,
    user_id: i64,
    purpose: &str,
    token_hash: &str,
    now_us: i64,
    expires_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into account_token (user_id, purpose, token_hash, created_at_us, expires_at_us) \
                       values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(user_id).bind(purpose).bind(token_hash).bind(now_us).bind(expires_us)
        .fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "token"))?;
    Ok(id.0)
}

/// Ends the user's unused links of `purpose` (every purpose with `None`) still live at `now_us`.
pub async fn expire_unused(
    tx: &mut Tx,
    user_id: i64,
    purpose: Option<&str>,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "update account_token set expires_at_us = $3 \
        where user_id = $1 and (cast($2 as text) is null or purpose = $2) and used_at_us is null and expires_at_us > $3";
    on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(purpose).bind(now_us).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Links of `purpose` issued to the user since `since_us` (the hourly limit of reset mails).
pub async fn count_issued_since(
    tx: &mut Tx,
    user_id: i64,
    purpose: &str,
    since_us: i64,
) -> Result<i64> {
    const SQL: &str = "select count(*) from account_token where user_id = $1 and purpose = $2 and created_at_us >= $3";
    let n: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(user_id).bind(purpose).bind(since_us).fetch_one(c).await)?;
    Ok(n.0)
}

/// Holds the user's row until the transaction ends (PostgreSQL), so two concurrent requests
/// for one user count each other; SQLite has a single writer already.
pub async fn lock_user(tx: &mut Tx, user_id: i64) -> Result<()> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("select id from app_user where id = $1 for update")
            .bind(user_id)
            .fetch_optional(&mut **t)
            .await?;
    }
    Ok(())
}

pub async fn by_hash(db: &Db, token_hash: &str) -> Result<Option<AccountTokenRow>> {
    const SQL: &str = "select id, user_id, purpose, created_at_us, expires_at_us, used_at_us \
                       from account_token where token_hash = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).fetch_optional(p).await)?)
}

/// Marks a live link used; false when it was used or expired meanwhile (single use even
/// under concurrent submissions).
pub async fn use_token(tx: &mut Tx, id: i64, now_us: i64) -> Result<bool> {
    const SQL: &str = "update account_token set used_at_us = $2 \
                       where id = $1 and used_at_us is null and expires_at_us > $2";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(now_us).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Sets a user's password hash (a link was followed).
pub async fn set_password_hash(tx: &mut Tx, user_id: i64, hash: &str) -> Result<()> {
    const SQL: &str = "update app_user set password_hash = $2 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(hash).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Removes links that ended more than `before_us` ago (housekeeping).
pub async fn sweep(tx: &mut Tx, before_us: i64) -> Result<u64> {
    const SQL: &str = "delete from account_token where expires_at_us < $1";
    Ok(
        on_tx!(tx, c => sqlx::query(SQL).bind(before_us).execute(c).await.map(|r| r.rows_affected()))?,
    )
}
