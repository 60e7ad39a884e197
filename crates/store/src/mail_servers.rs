//! Mail servers configured in the admin UI (migration 0012): the outgoing SMTP server and the
//! IMAP mailboxes. The password column holds ciphertext only; encrypting and deciding what
//! wins over the environment is the service's business.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct MailServerRow {
    pub id: i64,
    /// `smtp` or `imap`.
    pub kind: String,
    pub host: String,
    pub port: i32,
    /// `none`, `starttls` or `tls`.
    pub security: String,
    pub username: String,
    pub password_enc: Option<String>,
    pub folder: String,
    pub from_address: String,
    pub enabled: bool,
    pub created_at_us: i64,
    pub updated_at_us: i64,
}

const COLS: &str = "id, kind, host, port, security, username, password_enc, folder, \
    from_address, enabled, created_at_us, updated_at_us";

/// What is written; `password_enc: None` on an update keeps the stored password.
pub struct MailServerInput<'a> {
    pub host: &'a str,
    pub port: i32,
    pub security: &'a str,
    pub username: &'a str,
    pub password_enc: Option<&'a str>,
    pub folder: &'a str,
    pub from_address: &'a str,
    pub enabled: bool,
}

/// Every configured server, SMTP first, then mailboxes in the order they were added.
pub async fn list_mail_servers(db: &Db) -> Result<Vec<MailServerRow>> {
    let sql = format!("select {COLS} from mail_server order by kind desc, id");
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

pub async fn get_mail_server(db: &Db, id: i64) -> Result<Option<MailServerRow>> {
    let sql = format!("select {COLS} from mail_server where id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn insert_mail_server(
    tx: &mut Tx,
    kind: &str,
    m: &MailServerInput<'_>,
    by: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into mail_server (kind, host, port, security, username, password_enc, \
        folder, from_address, enabled, created_at_us, updated_at_us, updated_by) \
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(kind).bind(m.host).bind(m.port)
        .bind(m.security).bind(m.username).bind(m.password_enc).bind(m.folder)
        .bind(m.from_address).bind(m.enabled).bind(now_us).bind(by).fetch_one(c).await)?;
    Ok(id.0)
}

pub async fn update_mail_server(
    tx: &mut Tx,
    id: i64,
    m: &MailServerInput<'_>,
    by: i64,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "update mail_server set host = $2, port = $3, security = $4, username = $5, \
        password_enc = coalesce($6, password_enc), folder = $7, from_address = $8, enabled = $9, \
        updated_at_us = $10, updated_by = $11 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(m.host).bind(m.port).bind(m.security)
        .bind(m.username).bind(m.password_enc).bind(m.folder).bind(m.from_address).bind(m.enabled)
        .bind(now_us).bind(by).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Forgets the stored password (the server is then used without authentication).
pub async fn clear_mail_password(tx: &mut Tx, id: i64) -> Result<()> {
    on_tx!(tx, c => sqlx::query("update mail_server set password_enc = null where id = $1").bind(id).execute(c).await.map(|_| ()))?;
    Ok(())
}

pub async fn delete_mail_server(tx: &mut Tx, id: i64) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query("delete from mail_server where id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
