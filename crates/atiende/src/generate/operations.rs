//! The operations record of the last 13 months: every campus's hourly probe roll-ups (one
//! probe a minute, a few outages a month) and the daily backups of hosted campuses (about one
//! day in fifty missed).

use jiff::{SignedDuration, Timestamp};
use rand::{Rng, rngs::StdRng};
use service::Service;
use store::bulk::{self, Backup, ProbeHour};

use super::setup::World;

const HOUR_US: i64 = 3_600_000_000;
const DAYS: i64 = 396;

/// Writes both; returns (probe hours, backups).
pub async fn write(
    svc: &Service,
    world: &World,
    rng: &mut StdRng,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<(u64, u64)> {
    let now = svc.now();
    // Whole hours, ending with the last full hour before now.
    let end = now.as_microsecond().div_euclid(HOUR_US) * HOUR_US;
    let start = end - DAYS * 24 * HOUR_US;
    let (mut hours, mut backups) = (0, 0);
    for campus in world.campuses() {
        let mut rows = Vec::with_capacity(usize::try_from(DAYS * 24)?);
        let mut h = start;
        while h < end {
            // About three outage hours a month, each losing part of its probes.
            let ups = if rng.random_ratio(1, 240) {
                rng.random_range(0..60)
            } else {
                60
            };
            rows.push(ProbeHour {
                campus_id: campus.id,
                hour_us: h,
                probes: 60,
                ups,
                latency_sum_ms: 60 * rng.random_range(150..450),
                latency_max_ms: rng.random_range(500..1500),
            });
            h += HOUR_US;
        }
        let mut tx = svc.db.begin().await?;
        bulk::insert_probe_hours(&mut tx, &rows).await?;
        hours += rows.len() as u64;
        if campus.hosted {
            let mut day = Timestamp::from_microsecond(start)?;
            let mut list = Vec::new();
            while day.as_microsecond() < end {
                // Three hours into each day of the run, within an hour; never after now.
                let at = day.as_microsecond() + 3 * HOUR_US + rng.random_range(0..HOUR_US);
                if !rng.random_ratio(1, 50) && at < end {
                    list.push(Backup {
                        campus_id: campus.id,
                        performed_at_us: at,
                        size_bytes: rng.random_range(2_000_000_000..9_000_000_000),
                        recorded_by: world.admin.user_id,
                    });
                }
                day = day.checked_add(SignedDuration::from_hours(24))?;
            }
            bulk::insert_backups(&mut tx, &list).await?;
            backups += list.len() as u64;
        }
        tx.commit().await?;
        bar.inc(1);
    }
    Ok((hours, backups))
}
