//! Attachments, stored in the database so every node sees them.
//!
//! A file's bytes are rows of `attachment_chunk` of at most [`CHUNK_BYTES`] each, written and
//! read one at a time: memory per upload or download stays bounded whatever the file's size.

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

/// The size of one stored chunk: large enough that a 25 MiB file is 50 rows, small enough that
/// sixteen transfers at once hold a few MiB.
pub const CHUNK_BYTES: usize = 512 * 1024;

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
    pub size_bytes: i64,
    pub now_us: i64,
}

/// The attachment's row; its bytes follow with [`insert_chunk`] in the same transaction.
pub async fn insert_attachment(tx: &mut Tx, a: &NewAttachment<'_>) -> Result<i64> {
    const SQL: &str = "insert into attachment (ticket_id, message_id, uploader_id, filename, content_type, size_bytes, sha256, created_at_us) \
        values ($1, $2, $3, $4, $5, $6, $7, $8) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL)
        .bind(a.ticket_id).bind(a.message_id).bind(a.uploader_id).bind(a.filename).bind(a.content_type)
        .bind(a.size_bytes).bind(a.sha256).bind(a.now_us).fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "id"))?;
    Ok(id.0)
}

/// Chunk `seq` (from 0) of attachment `id`; at most [`CHUNK_BYTES`].
pub async fn insert_chunk(tx: &mut Tx, id: i64, seq: i64, data: &[u8]) -> Result<()> {
    const SQL: &str = "insert into attachment_chunk (attachment_id, seq, data) values ($1, $2, $3)";
    on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(seq).bind(data).execute(c).await.map(|_| ()))?;
    Ok(())
}

const META: &str = "a.id, a.ticket_id, a.message_id, a.uploader_id, a.filename, a.content_type, a.size_bytes, a.sha256, a.created_at_us";

/// A file on an internal note is internal: `include_internal = false` (client admins) hides it.
const VISIBLE: &str =
    "($2 or not exists (select 1 from ticket_message m where m.id = a.message_id and m.internal))";

/// `include_internal = false` for client admins.
pub async fn list_attachments(
    db: &Db,
    ticket_id: i64,
    include_internal: bool,
) -> Result<Vec<AttachmentMeta>> {
    let sql = format!(
        "select {META} from attachment a where a.ticket_id = $1 and {VISIBLE} order by a.id"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(ticket_id).bind(include_internal).fetch_all(p).await)?,
    )
}

/// The metadata alone, so the caller checks the tenant before any byte is read.
pub async fn get_attachment_meta(
    db: &Db,
    id: i64,
    include_internal: bool,
) -> Result<Option<AttachmentMeta>> {
    let sql = format!("select {META} from attachment a where a.id = $1 and {VISIBLE}");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(id).bind(include_internal).fetch_optional(p).await)?,
    )
}

/// Chunk `seq` of attachment `id`, or `None` past its end (or when it is missing). Read only
/// after the caller checked the tenant on [`get_attachment_meta`].
pub async fn get_attachment_chunk(db: &Db, id: i64, seq: i64) -> Result<Option<Vec<u8>>> {
    const SQL: &str = "select data from attachment_chunk where attachment_id = $1 and seq = $2";
    let row: Option<(Vec<u8>,)> = on_db!(db, p => sqlx::query_as(SQL)
        .bind(id).bind(seq).fetch_optional(p).await)?;
    Ok(row.map(|r| r.0))
}
