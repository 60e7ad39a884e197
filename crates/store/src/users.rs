//! Users (client admins and staff) and their API tokens (stored as SHA-256 hashes).

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub client_id: Option<i64>,
    pub locale: String,
    pub time_zone: String,
    pub password_hash: String,
    pub created_at_us: i64,
    /// Set while the user is deactivated: no sign-in, no session, no token works.
    pub deactivated_at_us: Option<i64>,
}

impl UserRow {
    pub fn is_active(&self) -> bool {
        self.deactivated_at_us.is_none()
    }
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub client_id: Option<i64>,
    pub locale: &'a str,
    pub time_zone: &'a str,
    pub password_hash: &'a str,
    pub now_us: i64,
}

const COLS: &str = "id, email, name, role, client_id, locale, time_zone, password_hash, created_at_us, deactivated_at_us";

pub async fn insert_user(tx: &mut Tx, u: &NewUser<'_>) -> Result<i64> {
    const SQL: &str = "insert into app_user (email, name, role, client_id, locale, time_zone, password_hash, created_at_us) \
                       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(u.email).bind(u.name).bind(u.role).bind(u.client_id).bind(u.locale).bind(u.time_zone)
        .bind(u.password_hash).bind(u.now_us).fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "email"))?;
    Ok(id.0)
}

/// Updates profile fields; `password_hash` only when given.
pub async fn update_user(tx: &mut Tx, id: i64, u: &NewUser<'_>, set_password: bool) -> Result<()> {
    const SQL: &str = "update app_user set email = $2, name = $3, role = $4, client_id = $5, locale = $6, time_zone = $7, \
        password_hash = case when $8 then $9 else password_hash end where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL)
        .bind(id).bind(u.email).bind(u.name).bind(u.role).bind(u.client_id).bind(u.locale).bind(u.time_zone)
        .bind(set_password).bind(u.password_hash).execute(c).await.map(|r| r.rows_affected()))
    .map_err(|e| StoreError::classify(e, "email"))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn get_user(db: &Db, id: i64) -> Result<Option<UserRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("select {COLS} from app_user where id = $1")))
        .bind(id).fetch_optional(p).await)?,
    )
}

/// The same read inside a write transaction (no second connection while the first is held).
pub async fn get_user_in(tx: &mut Tx, id: i64) -> Result<Option<UserRow>> {
    Ok(
        on_tx!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("select {COLS} from app_user where id = $1")))
        .bind(id).fetch_optional(c).await)?,
    )
}

pub async fn get_user_by_email(db: &Db, email: &str) -> Result<Option<UserRow>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("select {COLS} from app_user where email = $1")))
        .bind(email).fetch_optional(p).await)?,
    )
}

/// TENANT: `client` restricts to one client's users.
/// The built-in system user (migration 0013): the author of what Atiende does by itself.
pub const SYSTEM_EMAIL: &str = "sistema@atiende.invalid";

/// Every person (the system user is not one), of one client or all.
pub async fn list_users(db: &Db, client: Option<i64>) -> Result<Vec<UserRow>> {
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {COLS} from app_user where (cast($1 as bigint) is null or client_id = $1) and email <> $2 order by id")))
        .bind(client).bind(SYSTEM_EMAIL).fetch_all(p).await)?)
}

pub async fn insert_token(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    token_hash: &str,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into api_token (user_id, name, token_hash, created_at_us) values ($1, $2, $3, $4) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(user_id).bind(name).bind(token_hash).bind(now_us).fetch_one(c).await)
        .map_err(|e| StoreError::classify(e, "token"))?;
    Ok(id.0)
}

/// The active user owning a live (not revoked) token with this hash.
pub async fn user_by_token_hash(db: &Db, token_hash: &str) -> Result<Option<UserRow>> {
    const SQL: &str = "select u.id, u.email, u.name, u.role, u.client_id, u.locale, u.time_zone, u.password_hash, u.created_at_us, u.deactivated_at_us \
        from api_token t join app_user u on u.id = t.user_id \
        where t.token_hash = $1 and t.revoked_at_us is null and u.deactivated_at_us is null";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(token_hash).fetch_optional(p).await)?)
}

#[derive(Debug, Clone, FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at_us: i64,
    pub revoked_at_us: Option<i64>,
}

pub async fn list_tokens(db: &Db, user_id: Option<i64>) -> Result<Vec<TokenRow>> {
    const SQL: &str = "select id, user_id, name, created_at_us, revoked_at_us from api_token \
        where (cast($1 as bigint) is null or user_id = $1) order by id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(user_id).fetch_all(p).await)?)
}

pub async fn revoke_token(tx: &mut Tx, id: i64, now_us: i64) -> Result<()> {
    const SQL: &str =
        "update api_token set revoked_at_us = coalesce(revoked_at_us, $2) where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(now_us).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Revokes every live token of a user (a password change or a deactivation ends them all).
pub async fn revoke_user_tokens(tx: &mut Tx, user_id: i64, now_us: i64) -> Result<()> {
    const SQL: &str =
        "update api_token set revoked_at_us = $2 where user_id = $1 and revoked_at_us is null";
    on_tx!(tx, c => sqlx::query(SQL).bind(user_id).bind(now_us).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// Deactivates (`Some(instant)`) or reactivates (`None`) a user.
pub async fn set_deactivated(tx: &mut Tx, id: i64, at_us: Option<i64>) -> Result<()> {
    const SQL: &str = "update app_user set deactivated_at_us = $2 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(at_us).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
