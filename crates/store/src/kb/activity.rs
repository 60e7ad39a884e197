//! What users do with articles: votes ("¿le resultó útil?"), views and deflections (a client
//! admin who found the answer and opened no ticket). Each row names the user and their client,
//! so a client's figures are that client's rows only.

use crate::{Db, Result, Tx};

/// One vote per user per article; voting again changes it.
pub async fn upsert_vote(
    tx: &mut Tx,
    article_id: i64,
    user_id: i64,
    client_id: Option<i64>,
    helpful: bool,
    now_us: i64,
) -> Result<()> {
    const SQL: &str = "insert into article_vote (article_id, user_id, client_id, helpful, at_us) \
        values ($1, $2, $3, $4, $5) on conflict (article_id, user_id) do update set \
        helpful = excluded.helpful, at_us = excluded.at_us, client_id = excluded.client_id";
    on_tx!(tx, c => sqlx::query(SQL).bind(article_id).bind(user_id).bind(client_id).bind(helpful)
        .bind(now_us).execute(c).await.map(|_| ()))?;
    Ok(())
}

/// (helpful, not helpful) votes of an article, every client's: the counts, never who voted.
pub async fn vote_counts(db: &Db, article_id: i64) -> Result<(i64, i64)> {
    const SQL: &str = "select coalesce(sum(case when helpful then 1 else 0 end), 0), \
        coalesce(sum(case when helpful then 0 else 1 end), 0) from article_vote where article_id = $1";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(article_id).fetch_one(p).await)?)
}

/// The user's own vote, if any.
pub async fn user_vote(db: &Db, article_id: i64, user_id: i64) -> Result<Option<bool>> {
    const SQL: &str = "select helpful from article_vote where article_id = $1 and user_id = $2";
    let r: Option<(bool,)> = on_db!(db, p => sqlx::query_as(SQL).bind(article_id).bind(user_id).fetch_optional(p).await)?;
    Ok(r.map(|r| r.0))
}

pub async fn insert_view(
    tx: &mut Tx,
    article_id: i64,
    user_id: i64,
    client_id: Option<i64>,
    now_us: i64,
) -> Result<()> {
    const SQL: &str =
        "insert into article_view (article_id, user_id, client_id, at_us) values ($1, $2, $3, $4)";
    on_tx!(tx, c => sqlx::query(SQL).bind(article_id).bind(user_id).bind(client_id).bind(now_us)
        .execute(c).await.map(|_| ()))?;
    Ok(())
}

pub async fn view_count(db: &Db, article_id: i64) -> Result<i64> {
    const SQL: &str = "select count(*) from article_view where article_id = $1";
    let r: (i64,) = on_db!(db, p => sqlx::query_as(SQL).bind(article_id).fetch_one(p).await)?;
    Ok(r.0)
}

pub async fn insert_deflection(
    tx: &mut Tx,
    article_id: i64,
    user_id: i64,
    client_id: Option<i64>,
    query: &str,
    now_us: i64,
) -> Result<i64> {
    const SQL: &str = "insert into article_deflection (article_id, user_id, client_id, query, at_us) \
        values ($1, $2, $3, $4, $5) returning id";
    let r: (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(article_id).bind(user_id).bind(client_id)
        .bind(query).bind(now_us).fetch_one(c).await)?;
    Ok(r.0)
}

/// Deflections and article views in `[from_us, to_us)`; `client_id` narrows both to one
/// client's users (TENANT: a client's figures never include another's rows).
pub async fn period_counts(
    db: &Db,
    from_us: i64,
    to_us: i64,
    client_id: Option<i64>,
) -> Result<(i64, i64)> {
    // TENANT: `$3` is the viewer's client for client admins.
    const SQL: &str = "select \
        (select count(*) from article_deflection where at_us >= $1 and at_us < $2 and ($3 is null or client_id = $3)), \
        (select count(*) from article_view where at_us >= $1 and at_us < $2 and ($3 is null or client_id = $3))";
    Ok(
        on_db!(db, p => sqlx::query_as(SQL).bind(from_us).bind(to_us).bind(client_id).fetch_one(p).await)?,
    )
}
