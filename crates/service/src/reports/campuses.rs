//! The campus sections of the monthly report: uptime from the monitors' stored probes
//! (raw results and their hourly roll-up, as `monitors::uptime` reads them), the outages that
//! overlap the month, backups done against the days a hosted campus was in service, updates
//! and upgrades done, and the upgrade standing (`domain::maintenance`'s 6-month rule, as
//! `maintenance::eligibility` applies it) at the month's end.

use std::collections::{BTreeMap, BTreeSet};

use domain::maintenance::upgrade_eligible_from;
use jiff::{ToSpan, civil::Date, tz::TimeZone};
use store::{clients::CampusRow, monitors, reports as st};

use super::{
    model::{
        BackupFigures, CampusFigures, MaintenanceRow, OutageRow, UpgradeStanding, UptimeFigures,
    },
    params::Window,
};
use crate::{
    Service, ServiceResult, maintenance::host_of, tickets::projection::rfc3339_us, ts, us,
};

const BUCKET_US: i64 = 15 * 60 * 1_000_000;
const MINUTE_US: i64 = 60_000_000;

fn local_date(at_us: i64, tz: &TimeZone) -> Date {
    ts(at_us).to_zoned_datetime(tz.clone()).date()
}

/// The first day a campus counts as in service: its service start, or the day it was added
/// to Atiende when later (nothing is expected of days before Atiende knew it).
fn first_day(c: &CampusRow, tz: &TimeZone) -> Date {
    let added = local_date(c.created_at_us, tz);
    c.service_start_date
        .parse::<Date>()
        .map_or(added, |s| s.max(added))
}

fn two_decimals(probes: i64, ups: i64) -> Option<f64> {
    (probes > 0).then(|| (ups as f64 * 10_000.0 / probes as f64).round() / 100.0)
}

fn summary(r: &st::RecordRow) -> String {
    let versions = match (&r.from_version, &r.to_version) {
        (Some(f), Some(t)) => format!("{f} → {t}"),
        (None, Some(t)) => t.clone(),
        (Some(f), None) => f.clone(),
        (None, None) => String::new(),
    };
    [
        r.package.clone().unwrap_or_default(),
        versions,
        r.note.clone(),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(" · ")
}

impl Service {
    pub(crate) async fn campus_figures(
        &self,
        client_id: i64,
        w: &Window,
        tz: &TimeZone,
    ) -> ServiceResult<Vec<CampusFigures>> {
        let now = self.now();
        let today = now.to_zoned_datetime(tz.clone()).date();
        let last_day = w.month.last_day();
        let mut campuses: Vec<CampusRow> = store::clients::list_campuses(&self.db, Some(client_id))
            .await?
            .into_iter()
            .filter(|c| first_day(c, tz) <= last_day)
            .collect();
        campuses.sort_by_key(|c| (!c.hosted_by_us, c.id));
        let (from, to) = (w.start_us(), w.stop_us());
        let end = w.end_us(now);
        let outages = st::outages(&self.db, client_id, from, to).await?;
        let records = st::maintenance_done(&self.db, client_id, from, to).await?;
        let upgrades: BTreeMap<i64, i64> = st::last_upgrades_before(&self.db, client_id, to)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::with_capacity(campuses.len());
        for c in campuses {
            let mut buckets = monitors::hourly_buckets(&self.db, c.id, from, end).await?;
            buckets.extend(monitors::raw_buckets(&self.db, c.id, from, end, BUCKET_US).await?);
            let mut days: BTreeMap<Date, (i64, i64)> = BTreeMap::new();
            for (start, probes, ups) in &buckets {
                let d = days.entry(local_date(*start, tz)).or_default();
                d.0 += probes;
                d.1 += ups;
            }
            let (probes, ups) = days
                .values()
                .fold((0, 0), |(p, u), (dp, du)| (p + dp, u + du));
            let mine: Vec<&st::OutageRow> =
                outages.iter().filter(|o| o.campus_id == c.id).collect();
            let uptime = (probes > 0 || !mine.is_empty()).then(|| UptimeFigures {
                percent: two_decimals(probes, ups),
                probes,
                days: (0..i64::from(last_day.day()))
                    .filter_map(|i| w.month.first_day().checked_add(i.days()).ok())
                    .map(|d| days.get(&d).and_then(|(p, u)| two_decimals(*p, *u)))
                    .collect(),
                down_minutes: mine
                    .iter()
                    .map(|o| {
                        (o.ended_at_us.unwrap_or(end).min(to) - o.started_at_us.max(from)).max(0)
                    })
                    .sum::<i64>()
                    / MINUTE_US,
                outages: mine
                    .iter()
                    .map(|o| OutageRow {
                        started_at: rfc3339_us(ts(o.started_at_us)),
                        ended_at: o.ended_at_us.map(|e| rfc3339_us(ts(e))),
                        minutes: (o.ended_at_us.unwrap_or(us(now)) - o.started_at_us).max(0)
                            / MINUTE_US,
                        ticket_id: o.ticket_id,
                        ticket_number: o.ticket_id.map(super::figures::number),
                    })
                    .collect(),
            });
            let done: Vec<&st::RecordRow> =
                records.iter().filter(|r| r.campus_id == c.id).collect();
            let row = |r: &&st::RecordRow| MaintenanceRow {
                kind: r.kind.clone(),
                at: rfc3339_us(ts(r.performed_at_us)),
                summary: summary(r),
            };
            let backups = c
                .hosted_by_us
                .then(|| backup_figures(&c, w, tz, today, &done));
            let counted_from = upgrades
                .get(&c.id)
                .map(|u| local_date(*u, tz))
                .into_iter()
                .chain(c.service_start_date.parse::<Date>().ok())
                .max()
                .unwrap_or(last_day);
            let since = upgrade_eligible_from(counted_from);
            out.push(CampusFigures {
                campus_id: c.id,
                name: host_of(&c.url).to_string(),
                url: c.url.clone(),
                hosted_by_us: c.hosted_by_us,
                uptime,
                backups,
                updates: done
                    .iter()
                    .filter(|r| {
                        matches!(
                            r.kind.as_str(),
                            "os_update" | "db_update" | "security_patch"
                        )
                    })
                    .map(row)
                    .collect(),
                upgrades: done
                    .iter()
                    .filter(|r| r.kind == "platform_upgrade")
                    .map(row)
                    .collect(),
                upgrade: UpgradeStanding {
                    eligible: last_day.min(today) >= since,
                    eligible_since: since.to_string(),
                    platform_version: c.platform_version.clone(),
                },
            });
        }
        Ok(out)
    }
}

/// Expected: the month's days in service that are over (today counts once its backup is in,
/// so a day is never "missed" while it still may get one). Done: those with a successful
/// backup (client's calendar).
fn backup_figures(
    c: &CampusRow,
    w: &Window,
    tz: &TimeZone,
    today: Date,
    done: &[&st::RecordRow],
) -> BackupFigures {
    let ok: BTreeSet<Date> = done
        .iter()
        .filter(|r| r.kind == "backup" && r.status.as_deref() == Some("ok"))
        .map(|r| local_date(r.performed_at_us, tz))
        .collect();
    let start = first_day(c, tz).max(w.month.first_day());
    let mut f = BackupFigures {
        expected: 0,
        done: 0,
        missed: Vec::new(),
    };
    let mut d = start;
    while d <= w.month.last_day() && d <= today {
        let has = ok.contains(&d);
        if d < today || has {
            f.expected += 1;
            if has {
                f.done += 1;
            } else {
                f.missed.push(d.to_string());
            }
        }
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    f
}
