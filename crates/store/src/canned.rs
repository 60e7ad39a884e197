//! Saved replies ("canned responses"): personal to their owner or shared with all staff.
//! Who may see or change which one is the service's rule; this file only reads and writes.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct CannedRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub created_by: Option<i64>,
    pub shared: bool,
    pub created_at_us: i64,
    pub updated_at_us: Option<i64>,
}

const COLS: &str = "id, title, body, created_by, shared, created_at_us, updated_at_us";

pub struct CannedInput<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub shared: bool,
}

pub async fn insert_canned(
    tx: &mut Tx,
    c: &CannedInput<'_>,
    by: Option<i64>,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into canned_response (title, body, created_by, shared, created_at_us) \
        values ($1, $2, $3, $4, $5) returning id";
    let id: (i64,) = on_tx!(tx, c2 => sqlx::query_as(SQL).bind(c.title).bind(c.body).bind(by).bind(c.shared).bind(now_us).fetch_one(c2).await)?;
    Ok(id.0)
}

/// The replies `user_id` may use: every shared one and their own personal ones.
pub async fn list_canned_for(db: &Db, user_id: i64) -> Result<Vec<CannedRow>> {
    let sql = format!(
        "select {COLS} from canned_response where shared or created_by = $1 order by title, id"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(user_id).fetch_all(p).await)?,
    )
}

pub async fn get_canned(db: &Db, id: i64) -> Result<Option<CannedRow>> {
    let sql = format!("select {COLS} from canned_response where id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn update_canned(tx: &mut Tx, id: i64, c: &CannedInput<'_>, now_us: i64) -> Result<()> {
    const SQL: &str = "update canned_response set title = $2, body = $3, shared = $4, updated_at_us = $5 where id = $1";
    let n = on_tx!(tx, c2 => sqlx::query(SQL).bind(id).bind(c.title).bind(c.body).bind(c.shared).bind(now_us).execute(c2).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn delete_canned(tx: &mut Tx, id: i64) -> Result<()> {
    let n = on_tx!(tx, c => sqlx::query("delete from canned_response where id = $1").bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
