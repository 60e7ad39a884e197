//! Uptime: the share of probes that were up, per day of the client's time zone, from raw
//! results (15-minute buckets, exact for every zone offset) and the hourly roll-up of older
//! ones (exact for zones whose offset is whole hours; a :30 or :45 zone puts each rolled-up
//! hour on the day where it starts). A day without probes is "no data", never 100 %.

use std::collections::BTreeMap;

use jiff::{ToSpan, civil::Date, tz::TimeZone};
use serde::Serialize;
use store::monitors as st;
use utoipa::ToSchema;

use super::Settings;
use crate::{Actor, Service, ServiceResult, admin::rfc3339, ts, us};

/// Days shown in the strip (today included).
pub const DAYS: i32 = 30;
const BUCKET_US: i64 = 15 * 60 * 1_000_000;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UptimeDay {
    /// `YYYY-MM-DD` in the client's time zone.
    pub date: String,
    /// Up probes / all probes × 100; null when there were none.
    pub uptime_percent: Option<f64>,
    pub probes: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProbeView {
    pub at: String,
    pub ok: bool,
    pub http_status: Option<i32>,
    pub latency_ms: Option<i32>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UptimeView {
    pub campus_id: i64,
    /// The client's zone, in which days and months are counted.
    pub time_zone: String,
    /// `up`, `down` (the last probe failed), `degraded` (an open degraded incident) or
    /// `unknown` (monitor off, or no recent probe).
    pub state: String,
    pub monitored: bool,
    pub last_probe: Option<ProbeView>,
    /// This month so far; null without probes.
    pub month_to_date_percent: Option<f64>,
    pub previous_month_percent: Option<f64>,
    /// The last 30 days, oldest first, today last.
    pub days: Vec<UptimeDay>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentView {
    pub id: i64,
    pub campus_id: i64,
    /// `outage` or `degraded`.
    pub kind: String,
    /// The first failed (or slow) probe.
    pub started_at: String,
    pub ended_at: Option<String>,
    /// Until the end, or until now while it goes on.
    pub duration_seconds: i64,
    pub ongoing: bool,
    /// Failed (or slow) probes counted.
    pub failures: i32,
    pub ticket_id: Option<i64>,
    /// `T-0000123`.
    pub ticket_number: Option<String>,
    pub last_error: Option<String>,
}

/// Up and all probes per local date.
fn per_day(buckets: &[(i64, i64, i64)], tz: &TimeZone) -> BTreeMap<Date, (i64, i64)> {
    let mut days = BTreeMap::new();
    for (start, probes, ups) in buckets {
        let d = ts(*start).to_zoned_datetime(tz.clone()).date();
        let e = days.entry(d).or_insert((0, 0));
        e.0 += probes;
        e.1 += ups;
    }
    days
}

/// Percent with three decimals; `None` without probes.
pub fn percent(probes: i64, ups: i64) -> Option<f64> {
    (probes > 0).then(|| (ups as f64 * 100_000.0 / probes as f64).round() / 1000.0)
}

fn sum_between(days: &BTreeMap<Date, (i64, i64)>, from: Date, to: Date) -> Option<f64> {
    let (p, u) = days
        .range(from..=to)
        .fold((0, 0), |(p, u), (_, (dp, du))| (p + dp, u + du));
    percent(p, u)
}

fn midnight(d: Date, tz: &TimeZone) -> i64 {
    d.to_zoned_datetime(tz.clone())
        .map(|z| us(z.timestamp()))
        .unwrap_or(i64::MIN)
}

impl Service {
    /// Uptime per day for the last 30 days, this month and last month, and the current state.
    /// Staff, and the client admins of the campus's client (another client's campus is 404).
    pub async fn campus_uptime(&self, actor: &Actor, campus_id: i64) -> ServiceResult<UptimeView> {
        let campus = self.campus_for(actor, campus_id).await?;
        let client = store::clients::get_client(&self.db, campus.client_id)
            .await?
            .ok_or(crate::ServiceError::NotFound)?;
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        let now = self.now();
        let today = now.to_zoned_datetime(tz.clone()).date();
        let first_day = today.checked_sub((DAYS - 1).days()).unwrap_or(today);
        let month = today.first_of_month();
        let prev_month = month.yesterday().unwrap_or(month).first_of_month();
        let from = midnight(first_day.min(prev_month), &tz);
        let to = us(now).saturating_add(1);
        let mut buckets = st::hourly_buckets(&self.db, campus_id, from, to).await?;
        buckets.extend(st::raw_buckets(&self.db, campus_id, from, to, BUCKET_US).await?);
        let days = per_day(&buckets, &tz);
        let strip = (0..DAYS)
            .filter_map(|i| first_day.checked_add(i.days()).ok())
            .map(|d| {
                let (probes, ups) = days.get(&d).copied().unwrap_or((0, 0));
                UptimeDay {
                    date: d.to_string(),
                    uptime_percent: percent(probes, ups),
                    probes,
                }
            })
            .collect();
        let settings = Settings::of(st::get_monitor(&self.db, campus_id).await?.as_ref());
        let last = st::last_probe(&self.db, campus_id).await?;
        let open_degraded = st::list_incidents(&self.db, campus_id, 5)
            .await?
            .iter()
            .any(|i| i.kind == "degraded" && i.ended_at_us.is_none());
        let stale_before = us(now) - 3 * settings.interval().as_micros() as i64;
        let state = match &last {
            _ if !settings.enabled => "unknown",
            None => "unknown",
            Some(p) if p.at_us < stale_before => "unknown",
            Some(p) if !p.ok => "down",
            Some(_) if open_degraded => "degraded",
            Some(_) => "up",
        };
        Ok(UptimeView {
            campus_id,
            time_zone: client.time_zone,
            state: state.into(),
            monitored: settings.enabled,
            last_probe: last.map(|p| ProbeView {
                at: rfc3339(p.at_us),
                ok: p.ok,
                http_status: p.http_status,
                latency_ms: p.latency_ms,
                error: p.error,
            }),
            month_to_date_percent: sum_between(&days, month, today),
            previous_month_percent: sum_between(
                &days,
                prev_month,
                month.yesterday().unwrap_or(month),
            ),
            days: strip,
        })
    }

    /// A campus's incidents, newest first (at most 100). Same readers as the uptime.
    pub async fn campus_incidents(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<Vec<IncidentView>> {
        self.campus_for(actor, campus_id).await?;
        let now = self.now_us();
        Ok(st::list_incidents(&self.db, campus_id, 100)
            .await?
            .into_iter()
            .map(|i| IncidentView {
                id: i.id,
                campus_id: i.campus_id,
                kind: i.kind,
                started_at: rfc3339(i.started_at_us),
                ended_at: i.ended_at_us.map(rfc3339),
                duration_seconds: (i.ended_at_us.unwrap_or(now) - i.started_at_us).max(0)
                    / 1_000_000,
                ongoing: i.ended_at_us.is_none(),
                failures: i.failures,
                ticket_id: i.ticket_id,
                ticket_number: i
                    .ticket_id
                    .map(|t| domain::ticket::ticket_number(domain::ids::TicketId(t))),
                last_error: i.last_error,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_three_decimals_and_none_without_probes() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(3, 2), Some(66.667));
        assert_eq!(percent(1440, 1440), Some(100.0));
    }
}
