//! Pending quotes past their validity become `expired`: the SLA watch step looks for them on
//! every tick, and reads of a ticket's quotes settle that ticket's first. Either way the event
//! carries the end of the validity day, so the history does not depend on when it was noticed.
//! The ticket's status is never changed by an expiry.

use crate::{Service, ServiceResult, us};

/// Quotes expired per query; the step loops until none are left.
const BATCH: i64 = 200;

impl Service {
    /// Expires every pending quote whose validity ended (the SLA watch step calls this).
    /// Returns how many it expired. Idempotent: two nodes racing expire each quote once.
    pub async fn expire_due_quotes(&self) -> ServiceResult<usize> {
        self.expire_quotes_of(None).await
    }

    /// Expires the due quotes of one ticket (`Some`) or of all (`None`).
    pub(crate) async fn expire_quotes_of(&self, ticket_id: Option<i64>) -> ServiceResult<usize> {
        let now = self.now();
        let mut done = 0;
        let mut seen = std::collections::HashSet::new();
        loop {
            let due = store::quotes::due_for_expiry(&self.db, ticket_id, us(now), BATCH).await?;
            let fresh: Vec<_> = due.into_iter().filter(|(q, _)| seen.insert(*q)).collect();
            if fresh.is_empty() {
                break;
            }
            for (quote_id, ticket) in fresh {
                if self.expire_one(quote_id, ticket).await? {
                    done += 1;
                }
            }
        }
        if done > 0 {
            metrics::counter!("atiende_quotes_expired_total").increment(done as u64);
        }
        Ok(done)
    }

    async fn expire_one(&self, quote_id: i64, ticket_id: i64) -> ServiceResult<bool> {
        let mut tx = self.db.begin().await?;
        let Some(mut row) = store::tickets::get_ticket_for_update(&mut tx, ticket_id).await? else {
            return Ok(false);
        };
        let now = self.now_after(&row);
        // A resolved ticket whose confirmation window ended closes first, at its own instant
        // (committed with the expiry, or alone when the quote was decided meanwhile).
        self.close_if_expired(&mut tx, &mut row, now).await?;
        let expired = match store::quotes::get_quote_in(&mut tx, quote_id).await? {
            Some(q) if q.state == "pending" && q.expires_at_us <= us(now) => {
                self.expire_in(&mut tx, &mut row, &q).await?
            }
            _ => false,
        };
        tx.commit().await?;
        Ok(expired)
    }
}
