//! Bringing the search index up to date with tickets it never saw: those written before
//! migration 0027 and those a bulk load (`atiende seed`) copied in. Every node's job runner
//! gives it a slice of time each minute until the watermark reaches the end; `atiende reindex`
//! does it all at once. Tickets written meanwhile are indexed as they are written.

use std::time::{Duration, Instant};

use store::search::BackfillProgress;

use crate::{Service, ServiceResult};

/// One job's share: well inside the job's lease, short enough not to hold SQLite's writer
/// from the requests for long (each batch is its own transaction).
pub const BACKFILL_SLICE: Duration = Duration::from_secs(20);

/// Tickets per transaction.
const BATCH: i64 = 2_000;

impl Service {
    /// Indexes batches until done or `slice` has passed; returns the last progress (`None`:
    /// nothing was left to do).
    pub async fn search_backfill(
        &self,
        slice: Duration,
    ) -> ServiceResult<Option<BackfillProgress>> {
        let started = Instant::now();
        if let Some(n) = self.reindex_articles_if_pending().await? {
            tracing::info!(versions = n, "knowledge base indexed again");
        }
        let mut last = None;
        while let Some(p) = store::search::backfill_step(&self.db, BATCH).await? {
            last = Some(p);
            if p.next_id.is_none() {
                tracing::info!(max_id = p.max_id, "search index complete");
                break;
            }
            if started.elapsed() >= slice {
                tracing::info!(next_id = p.next_id, max_id = p.max_id, "search backfill");
                break;
            }
        }
        Ok(last)
    }

    /// Compacts the index after a full rebuild (`store::search::optimize`: for the commands
    /// that rebuild on purpose, not for a serving node).
    pub async fn search_optimize(&self) -> ServiceResult<()> {
        Ok(store::search::optimize(&self.db).await?)
    }

    /// Starts the backfill over from the first ticket (then [`Service::search_backfill`]).
    pub async fn search_reindex_all(&self) -> ServiceResult<()> {
        Ok(store::search::reset_backfill(&self.db).await?)
    }
}
