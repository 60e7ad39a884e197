//! Scheduling probes and keeping their results small: the `monitor_tick` job queues each
//! enabled campus's probe of the current slot; housekeeping rolls raw results older than the
//! retention (`ATIENDE_PROBE_RETENTION_DAYS`, default 30) into hourly aggregates and forgets
//! finished probe jobs.

use jiff::{SignedDuration, Timestamp};
use store::{jobs::NewJob, monitors as st};

use super::{Settings, probe::Prober};
use crate::{Service, ServiceResult, jobs::JobKind, us};

pub const DEFAULT_RETENTION_DAYS: i64 = 30;
/// Finished probe jobs are forgotten after this long (their slot, at most an hour, is over).
const KEEP_PROBE_JOBS: SignedDuration = SignedDuration::from_hours(2);

/// What the monitor keeps per node: the HTTP clients and the raw-result retention.
#[derive(Debug, Clone)]
pub struct Runtime {
    pub prober: Prober,
    pub retention_days: i64,
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime {
            prober: Prober::default(),
            retention_days: DEFAULT_RETENTION_DAYS,
        }
    }
}

/// `ATIENDE_PROBE_RETENTION_DAYS`: a whole number of days, at least 1 (default 30).
pub fn retention_days_from_env() -> Result<i64, String> {
    match std::env::var("ATIENDE_PROBE_RETENTION_DAYS") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| {
                "ATIENDE_PROBE_RETENTION_DAYS must be a whole number of days from 1 to 3650".into()
            }),
        _ => Ok(DEFAULT_RETENTION_DAYS),
    }
}

/// The start of the slot `at` falls in: slots are `interval` long, shifted per campus so that
/// campuses with the same interval are not all probed in the same second.
pub fn slot_start(campus_id: i64, interval_us: i64, at_us: i64) -> i64 {
    let interval_us = interval_us.max(1);
    let offset = (campus_id.wrapping_mul(7_919_000_000)).rem_euclid(interval_us);
    let shifted = at_us - offset;
    shifted - shifted.rem_euclid(interval_us) + offset
}

impl Service {
    /// The same service keeping raw probe results `days` days.
    pub fn with_probe_retention(mut self, days: i64) -> Service {
        let mut rt = (*self.monitor).clone();
        rt.retention_days = days.max(1);
        self.monitor = std::sync::Arc::new(rt);
        self
    }

    /// Queues the current slot's probe of every enabled campus that has none yet (one row per
    /// campus and slot, whatever the nodes). Returns how many this call queued.
    pub(crate) async fn monitor_tick(&self) -> ServiceResult<usize> {
        let campuses = store::clients::list_campuses(&self.db, None).await?;
        let saved = st::list_monitors(&self.db).await?;
        let now = self.now_us();
        let mut queued = 0;
        let mut tx = self.db.begin().await?;
        for c in campuses {
            let s = Settings::of(saved.iter().find(|m| m.campus_id == c.id));
            if !s.enabled {
                continue;
            }
            let slot = slot_start(c.id, s.interval().as_micros() as i64, now);
            let key = format!("{}:{}:{slot}", JobKind::ProbeCampus.as_str(), c.id);
            let payload = serde_json::json!({"campus_id": c.id, "slot_us": slot}).to_string();
            let job = NewJob {
                kind: JobKind::ProbeCampus.as_str(),
                payload: &payload,
                dedup_key: Some(&key),
                run_at_us: slot,
                max_attempts: JobKind::ProbeCampus.max_attempts(),
            };
            if store::jobs::enqueue(&mut tx, &job, now).await?.is_some() {
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// Rolls raw probe results before `before` (rounded down to the hour) into hourly
    /// aggregates. Idempotent: rolled rows are deleted in the same transaction.
    pub async fn roll_up_probes(&self, before: Timestamp) -> ServiceResult<u64> {
        const HOUR: i64 = 3_600_000_000;
        let before = us(before);
        let before = before - before.rem_euclid(HOUR);
        let mut tx = self.db.begin().await?;
        let n = st::roll_up(&mut tx, before).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Housekeeping's share: the roll-up past the retention and old probe jobs.
    pub(crate) async fn monitor_housekeeping(&self) -> ServiceResult<()> {
        let now = self.now();
        let keep = SignedDuration::from_hours(24 * self.monitor.retention_days);
        let rolled = self
            .roll_up_probes(now.checked_sub(keep).unwrap_or(Timestamp::MIN))
            .await?;
        let mut tx = self.db.begin().await?;
        let pruned = st::prune_probe_jobs(
            &mut tx,
            JobKind::ProbeCampus.as_str(),
            us(now.checked_sub(KEEP_PROBE_JOBS).unwrap_or(Timestamp::MIN)),
        )
        .await?;
        tx.commit().await?;
        if rolled + pruned > 0 {
            tracing::info!(
                rolled,
                pruned,
                "probe results rolled up, probe jobs forgotten"
            );
        }
        Ok(())
    }

    /// `atiende_campuses_down`: open outages across all campuses.
    pub(crate) async fn publish_monitor_gauges(&self) -> ServiceResult<()> {
        let down = st::count_open(&self.db, "outage").await?;
        metrics::gauge!("atiende_campuses_down").set(down as f64);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_interval_long_and_contain_the_instant() {
        let i = 60_000_000;
        for campus in [1, 2, 77] {
            for at in [0, 59_999_999, 60_000_000, 1_234_567_890_123] {
                let s = slot_start(campus, i, at);
                assert!(s <= at && at < s + i, "{campus} {at} {s}");
                assert_eq!(slot_start(campus, i, s), s);
                assert_eq!(slot_start(campus, i, s + i), s + i, "the next slot");
            }
        }
    }
}
