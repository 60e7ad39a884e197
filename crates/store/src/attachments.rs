//! Attachments, stored in the database so every node sees them.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct AttachmentMeta {
    pub id: i64,
    pub ticket_id: i64,
    pub message_id: Option<i64>,
    pub uploader_id: Option<i64>,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at_us: i64,
}

pub struct NewAttachment<'a> {
    pub ticket_id: i64,
    pub message_id: Option<i64>,
    pub uploader_id: Option<i64>,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub now_us: i64,
}

pub async fn insert_attachment(tx: &mut Tx, a: &NewAttachment<'_>) -> Result<i64> {
    const SQL: &str = "insert into attachment (ticket_id, message_id, uploader_id, filename, content_type, size_bytes, sha256, data, created_at_us) \
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id";
    let size = i64::try_from(a.data.len()).unwrap_or(i64::MAX);
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(a.ticket_id).bind(a.message_id).bind(a.uploader_id).bind(a.filename).bind(a.content_type)
        .bind(size).bind(a.sha256).bind(a.data).bind(a.now_us).fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(id.0)
}

const META: &str = "id, ticket_id, message_id, uploader_id, filename, content_type, size_bytes, sha256, created_at_us";

pub async fn list_attachments(db: &Db, ticket_id: i64) -> Result<Vec<AttachmentMeta>> {
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("select {META} from attachment where ticket_id = $1 order by id")))
        .bind(ticket_id).fetch_all(p).await)?,
    )
}

pub async fn get_attachment(db: &Db, id: i64) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
    let meta: Option<AttachmentMeta> = on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(format!("select {META} from attachment where id = $1")))
        .bind(id).fetch_optional(p).await)?;
    let Some(meta) = meta else { return Ok(None) };
    let data: (Vec<u8>,) = on_db!(db, p => sqlx::query_as("select data from attachment where id = $1").bind(id).fetch_one(p).await)?;
    Ok(Some((meta, data.0)))
}
