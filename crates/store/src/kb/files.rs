//! Files (images, mostly) referenced from an article's Markdown. Small by rule (the service
//! bounds them), so a row holds the bytes; the service checks the article's access first.

use sqlx::FromRow;

use crate::{Db, Result, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct ArticleFileRow {
    pub id: i64,
    pub article_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at_us: i64,
}

pub struct NewArticleFile<'a> {
    pub article_id: i64,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub by: i64,
    pub now_us: i64,
}

const META: &str = "id, article_id, filename, content_type, size_bytes, sha256, created_at_us";

pub async fn insert_file(tx: &mut Tx, f: &NewArticleFile<'_>) -> Result<i64> {
    const SQL: &str = "insert into article_file (article_id, filename, content_type, size_bytes, sha256, data, \
        uploaded_by, created_at_us) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id";
    let size = i64::try_from(f.data.len()).unwrap_or(i64::MAX);
    let r: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(f.article_id).bind(f.filename)
        .bind(f.content_type).bind(size).bind(f.sha256).bind(f.data).bind(f.by).bind(f.now_us)
        .fetch_one(c).await)?;
    Ok(r.0)
}

pub async fn list_files(db: &Db, article_id: i64) -> Result<Vec<ArticleFileRow>> {
    let sql = format!("select {META} from article_file where article_id = $1 order by id");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(article_id).fetch_all(p).await)?,
    )
}

/// The metadata alone, so the caller checks the article's access before reading bytes.
pub async fn get_file_meta(db: &Db, id: i64) -> Result<Option<ArticleFileRow>> {
    let sql = format!("select {META} from article_file where id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn get_file_data(db: &Db, id: i64) -> Result<Option<Vec<u8>>> {
    const SQL: &str = "select data from article_file where id = $1";
    let r: Option<(Vec<u8>,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?;
    Ok(r.map(|r| r.0))
}
