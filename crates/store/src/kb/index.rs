//! The articles' full-text index, one entry per language version, written in the caller's
//! transaction. The texts given here are already folded by `domain::search::index_text` and
//! the queries already rendered by `domain::search::SearchQuery`: no user text reaches `MATCH`
//! or `to_tsquery` raw.
//!
//! SQLite: the contentless FTS5 table `article_fts` (rowid = the version's id), ranked by
//! `bm25` with title 5, body 1, tags 3. PostgreSQL: `article_version.search`, weighted title A,
//! tags B, body D, ranked by `ts_rank` with the same proportions (1.0, 0.6, 0.2).

use crate::{Db, Result, Tx};

/// One version's folded texts.
pub struct IndexedText<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub tags: &'a str,
}

/// Replaces the index entry of version `version_id`.
pub async fn index_version(tx: &mut Tx, version_id: i64, t: &IndexedText<'_>) -> Result<()> {
    match tx {
        Tx::Sqlite(c) => {
            // Contentless-delete tables take a delete and an insert, not an update.
            sqlx::query("delete from article_fts where rowid = $1")
                .bind(version_id)
                .execute(&mut **c)
                .await?;
            sqlx::query(
                "insert into article_fts (rowid, title, body, tags) values ($1, $2, $3, $4)",
            )
            .bind(version_id)
            .bind(t.title)
            .bind(t.body)
            .bind(t.tags)
            .execute(&mut **c)
            .await?;
        }
        Tx::Postgres(c) => {
            sqlx::query(
                "update article_version set search = setweight(to_tsvector('simple', $2), 'A') \
                 || setweight(to_tsvector('simple', $4), 'B') || setweight(to_tsvector('simple', $3), 'D') \
                 where id = $1",
            )
            .bind(version_id)
            .bind(t.title)
            .bind(t.body)
            .bind(t.tags)
            .execute(&mut **c)
            .await?;
        }
    }
    Ok(())
}

/// A match: the article and the version (language) that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Hit {
    pub article_id: i64,
    pub version_id: i64,
}

/// The rendered query for each engine (`SearchQuery::fts5` / `SearchQuery::tsquery`).
pub struct Rendered<'a> {
    pub fts5: &'a str,
    pub tsquery: &'a str,
}

/// Matching versions, best first (ties by version id), at most `limit`. `public_only`
/// (client admins) keeps published public articles only.
pub async fn search(db: &Db, q: &Rendered<'_>, public_only: bool, limit: i64) -> Result<Vec<Hit>> {
    Ok(match db {
        Db::Sqlite { read, .. } => {
            sqlx::query_as(
                "select v.article_id, v.id as version_id from article_fts f \
                 join article_version v on v.id = f.rowid join article a on a.id = v.article_id \
                 where article_fts match $1 \
                 and (not $2 or (a.status = 'published' and a.visibility = 'public')) \
                 order by bm25(article_fts, 5.0, 1.0, 3.0), v.id limit $3",
            )
            .bind(q.fts5)
            .bind(public_only)
            .bind(limit)
            .fetch_all(read)
            .await?
        }
        Db::Postgres(p) => {
            sqlx::query_as(
                "select v.article_id, v.id as version_id from article_version v \
                 join article a on a.id = v.article_id \
                 where v.search @@ to_tsquery('simple', $1) \
                 and (not $2 or (a.status = 'published' and a.visibility = 'public')) \
                 order by ts_rank('{0.2, 0.2, 0.6, 1.0}', v.search, to_tsquery('simple', $1)) desc, v.id \
                 limit $3",
            )
            .bind(q.tsquery)
            .bind(public_only)
            .bind(limit)
            .fetch_all(p)
            .await?
        }
    })
}

/// One version's text as the index needs it: its article's tags (a JSON array) beside it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionText {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub tags: String,
}

/// Whether the articles must be indexed again (a migration changed how words are indexed:
/// the `article` row of `search_backfill` holds a next id).
pub async fn reindex_pending(db: &Db) -> Result<bool> {
    const SQL: &str = "select next_id from search_backfill where name = 'article'";
    let row: Option<(Option<i64>,)> = on_db!(db, p => sqlx::query_as(SQL).fetch_optional(p).await)?;
    Ok(matches!(row, Some((Some(_),))))
}

/// Every version's text, for indexing them all again (a knowledge base holds hundreds of
/// articles, not millions: one read).
pub async fn all_version_texts(tx: &mut Tx) -> Result<Vec<VersionText>> {
    const SQL: &str = "select v.id, v.title, v.body, a.tags from article_version v \
         join article a on a.id = v.article_id order by v.id";
    Ok(on_tx!(tx, c => sqlx::query_as(SQL).fetch_all(c).await)?)
}

/// Records that every article is indexed.
pub async fn reindex_done(tx: &mut Tx) -> Result<()> {
    const SQL: &str = "update search_backfill set next_id = null where name = 'article'";
    on_tx!(tx, c => sqlx::query(SQL).execute(c).await.map(|_| ()))?;
    Ok(())
}
