//! The SLA watcher: records breaches and auto-closes unconfirmed resolved tickets.
//! Its single [`Service::sla_watch_step`] is what tests call; `serve` runs it on an interval.

use jiff::SignedDuration;

use super::CONFIRM_WINDOW_HOURS;
use crate::{Service, ServiceResult, us};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WatchReport {
    pub breaches: usize,
    pub closed: usize,
}

/// Tickets handled per transaction batch; the step loops until none are left.
const BATCH: i64 = 200;

impl Service {
    pub async fn sla_watch_step(&self) -> ServiceResult<WatchReport> {
        self.expire_due_quotes().await?; // quotes past their validity (`crate::quotes`)
        let now = self.now();
        let window = SignedDuration::from_hours(CONFIRM_WINDOW_HOURS);
        let close_before = now.checked_sub(window).map(us).unwrap_or(i64::MIN);
        let mut report = WatchReport::default();
        let mut seen = std::collections::HashSet::new();
        loop {
            let ids = store::tickets::sla_watch_candidates(&self.db, us(now), close_before, BATCH)
                .await?;
            let fresh: Vec<i64> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
            if fresh.is_empty() {
                break;
            }
            for id in fresh {
                let mut tx = self.db.begin().await?;
                let Some(mut row) = store::tickets::get_ticket_for_update(&mut tx, id).await?
                else {
                    continue;
                };
                let had_breach = row.breached_at_us.is_some();
                // A change may have committed after this step read the clock.
                let now = now.max(crate::ts(row.updated_at_us));
                if self.close_if_expired(&mut tx, &mut row, now).await? {
                    report.closed += 1;
                } else {
                    self.record(&mut tx, &mut row, None, &[], now).await?;
                }
                if !had_breach && row.breached_at_us.is_some() {
                    report.breaches += 1;
                }
                tx.commit().await?;
            }
        }
        // Operations watch these next to the HTTP metrics at /metrics.
        metrics::counter!("atiende_sla_breaches_recorded_total").increment(report.breaches as u64);
        metrics::counter!("atiende_tickets_auto_closed_total").increment(report.closed as u64);
        Ok(report)
    }
}
