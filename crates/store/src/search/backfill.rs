//! Indexing the tickets that existed before search did (or after a bulk load): a watermark in
//! `search_backfill` moves through ticket ids a batch per transaction, so the work survives
//! restarts and several nodes doing it at once only repeat a batch (a document is replaced,
//! never duplicated). New tickets are indexed as they are written, whatever the watermark.

use super::document::{Scope, reindex};
use crate::{Db, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackfillProgress {
    /// Tickets indexed by this step.
    pub indexed: u64,
    /// The next id to index, `None` once done.
    pub next_id: Option<i64>,
    /// The highest ticket id (to show how far the watermark is).
    pub max_id: i64,
}

/// Indexes the next `batch` ticket ids from the watermark; `None` when there is nothing left
/// to do (the common case: checked with one read).
pub async fn backfill_step(db: &Db, batch: i64) -> Result<Option<BackfillProgress>> {
    const NEXT: &str = "select next_id from search_backfill where name = 'ticket'";
    let next: Option<(Option<i64>,)> =
        on_db!(db, p => sqlx::query_as(NEXT).fetch_optional(p).await)?;
    let Some((Some(from),)) = next else {
        return Ok(None);
    };
    let mut tx = db.begin().await?;
    let max_id: (Option<i64>,) = on_tx!(&mut tx, c => sqlx::query_as("select max(id) from ticket")
        .fetch_one(c).await)?;
    let max_id = max_id.0.unwrap_or(0);
    let to = from.saturating_add(batch.max(1));
    let indexed = reindex(&mut tx, Scope::Range(from, to)).await?;
    let next_id = (to <= max_id).then_some(to);
    const MOVE: &str = "update search_backfill set next_id = $1 where name = 'ticket'";
    on_tx!(&mut tx, c => sqlx::query(MOVE).bind(next_id).execute(c).await.map(|_| ()))?;
    tx.commit().await?;
    Ok(Some(BackfillProgress {
        indexed,
        next_id,
        max_id,
    }))
}

/// Empties the index and starts the backfill over from the first ticket: a rebuild (after a
/// bulk load that wrote rows without indexing them, or to rebuild the index on purpose).
/// Emptying first makes each batch a plain insert: replacing a million documents one by one
/// in SQLite's contentless FTS5 table costs several times writing them afresh (every
/// replacement leaves a deletion marker that later merges and queries must consult). Until the
/// backfill is done, searches find only the tickets indexed so far.
pub async fn reset_backfill(db: &Db) -> Result<()> {
    let mut tx = db.begin().await?;
    const SET: &str = "update search_backfill set next_id = 1 where name = 'ticket'";
    on_tx!(&mut tx, c => {
        let wipe = match db.engine() {
            crate::Engine::Sqlite => "insert into ticket_fts (ticket_fts) values ('delete-all')",
            crate::Engine::Postgres => "truncate ticket_search",
        };
        sqlx::query(wipe).execute(&mut *c).await?;
        sqlx::query(SET).execute(&mut *c).await.map(|_| ())
    })?;
    tx.commit().await?;
    Ok(())
}

/// Compacts the index after a rebuild: on SQLite, FTS5's `optimize` merges its segments into
/// one and drops the deletion markers a rebuild leaves behind (each replaced document marks
/// the segments that may hold it; every later query would check those marks). It holds the
/// writer for as long as it takes (tens of seconds at a million tickets), so only the
/// commands that rebuild on purpose call it (`atiende reindex`, `atiende seed`), never a
/// serving node. PostgreSQL: `analyze`, so the planner knows the new index's words.
pub async fn optimize(db: &Db) -> Result<()> {
    match db {
        Db::Sqlite { write, .. } => {
            sqlx::query("insert into ticket_fts (ticket_fts) values ('optimize')")
                .execute(write)
                .await?;
        }
        Db::Postgres(p) => {
            sqlx::query("analyze ticket_search").execute(p).await?;
        }
    }
    Ok(())
}
