//! The knowledge base's articles: the article row, one version per language, every saved text
//! as a revision. Who may see or change what is the service's rule; articles belong to the
//! provider, so no query here filters by client (votes, views and deflections do: `activity`).

pub mod activity;
pub mod files;
pub mod index;

use sqlx::FromRow;

use crate::{Db, Result, StoreError, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub category: String,
    /// A JSON array of strings.
    pub tags: String,
    pub visibility: String,
    pub status: String,
    pub source_ticket_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at_us: i64,
    pub updated_at_us: i64,
    pub published_at_us: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub article_id: i64,
    pub lang: String,
    pub title: String,
    pub body: String,
    pub updated_by: Option<i64>,
    pub updated_at_us: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct RevisionRow {
    pub id: i64,
    pub article_id: i64,
    pub lang: String,
    pub title: String,
    pub body: String,
    pub saved_by: Option<i64>,
    pub saved_by_name: Option<String>,
    pub saved_at_us: i64,
}

const COLS: &str = "id, slug, category, tags, visibility, status, source_ticket_id, created_by, \
    created_at_us, updated_at_us, published_at_us";
const VCOLS: &str = "id, article_id, lang, title, body, updated_by, updated_at_us";

/// The article's own fields (its texts are versions).
pub struct ArticleInput<'a> {
    pub slug: &'a str,
    pub category: &'a str,
    pub tags: &'a str,
    pub visibility: &'a str,
}

pub async fn insert_article(
    tx: &mut Tx,
    a: &ArticleInput<'_>,
    source_ticket_id: Option<i64>,
    by: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into article (slug, category, tags, visibility, status, source_ticket_id, \
        created_by, created_at_us, updated_at_us) values ($1, $2, $3, $4, 'draft', $5, $6, $7, $7) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(a.slug).bind(a.category).bind(a.tags)
        .bind(a.visibility).bind(source_ticket_id).bind(by).bind(now_us).fetch_one(c).await)
    .map_err(|e| StoreError::classify(e, "slug"))?;
    Ok(id.0)
}

pub async fn update_article(tx: &mut Tx, id: i64, a: &ArticleInput<'_>, now_us: i64) -> Result<()> {
    const SQL: &str = "update article set slug = $2, category = $3, tags = $4, visibility = $5, \
        updated_at_us = $6 where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(a.slug).bind(a.category).bind(a.tags)
        .bind(a.visibility).bind(now_us).execute(c).await.map(|r| r.rows_affected()))
    .map_err(|e| StoreError::classify(e, "slug"))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Publishing keeps the first publication instant; returning to draft keeps it too (it says
/// since when the article has existed for clients).
pub async fn set_status(tx: &mut Tx, id: i64, status: &str, now_us: i64) -> Result<()> {
    const SQL: &str = "update article set status = $2, updated_at_us = $3, \
        published_at_us = case when $2 = 'published' then coalesce(published_at_us, $3) else published_at_us end \
        where id = $1";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(status).bind(now_us)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Writes the language version (creating it when new); returns its id.
pub async fn save_version(
    tx: &mut Tx,
    article_id: i64,
    lang: &str,
    title: &str,
    body: &str,
    by: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into article_version (article_id, lang, title, body, updated_by, updated_at_us) \
        values ($1, $2, $3, $4, $5, $6) on conflict (article_id, lang) do update set \
        title = excluded.title, body = excluded.body, updated_by = excluded.updated_by, \
        updated_at_us = excluded.updated_at_us returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(article_id).bind(lang).bind(title)
        .bind(body).bind(by).bind(now_us).fetch_one(c).await)?;
    Ok(id.0)
}

pub async fn insert_revision(
    tx: &mut Tx,
    article_id: i64,
    lang: &str,
    title: &str,
    body: &str,
    by: i64,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into article_revision (article_id, lang, title, body, saved_by, saved_at_us) \
        values ($1, $2, $3, $4, $5, $6) returning id";
    let id: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(article_id).bind(lang).bind(title)
        .bind(body).bind(by).bind(now_us).fetch_one(c).await)?;
    Ok(id.0)
}

pub async fn get_article(db: &Db, id: i64) -> Result<Option<ArticleRow>> {
    let sql = format!("select {COLS} from article where id = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(p).await)?,
    )
}

pub async fn get_article_by_slug(db: &Db, slug: &str) -> Result<Option<ArticleRow>> {
    let sql = format!("select {COLS} from article where slug = $1");
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(slug).fetch_optional(p).await)?,
    )
}

/// The articles with these ids (any order).
pub async fn get_articles(db: &Db, ids: &[i64]) -> Result<Vec<ArticleRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("select {COLS} from article where id in ({})", id_list(ids));
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

/// Every language version of these articles.
pub async fn versions_of(db: &Db, article_ids: &[i64]) -> Result<Vec<VersionRow>> {
    if article_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select {VCOLS} from article_version where article_id in ({}) order by article_id, lang",
        id_list(article_ids)
    );
    Ok(on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(p).await)?)
}

/// Ids rendered from integers: no text from input reaches the statement.
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Articles newest first. `public_only` (client admins): published public ones only.
pub async fn list_articles(
    db: &Db,
    public_only: bool,
    category: Option<&str>,
    limit: i64,
) -> Result<Vec<ArticleRow>> {
    let sql = format!(
        "select {COLS} from article where (not $1 or (status = 'published' and visibility = 'public')) \
         and ($2 is null or category = $2) order by updated_at_us desc, id desc limit $3"
    );
    Ok(
        on_db!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(public_only).bind(category).bind(limit).fetch_all(p).await)?,
    )
}

/// An article's revisions, newest first, with the saver's name.
pub async fn list_revisions(db: &Db, article_id: i64) -> Result<Vec<RevisionRow>> {
    const SQL: &str = "select r.id, r.article_id, r.lang, r.title, r.body, r.saved_by, u.name as saved_by_name, \
        r.saved_at_us from article_revision r left join app_user u on u.id = r.saved_by \
        where r.article_id = $1 order by r.id desc";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(article_id).fetch_all(p).await)?)
}

pub async fn get_revision(db: &Db, id: i64) -> Result<Option<RevisionRow>> {
    const SQL: &str = "select r.id, r.article_id, r.lang, r.title, r.body, r.saved_by, u.name as saved_by_name, \
        r.saved_at_us from article_revision r left join app_user u on u.id = r.saved_by where r.id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(id).fetch_optional(p).await)?)
}
