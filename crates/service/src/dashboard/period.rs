//! The dashboard's period: a named span of months (this month, last month, the last 3, 6 or
//! 12) or a `from`–`to` of months, read in the provider's zone — the default business
//! calendar's, or UTC when there is none — and checked at the boundary, each refusal naming
//! its parameter.

use domain::{FieldError, hours::Month};
use jiff::{Timestamp, civil::Date, tz::TimeZone};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{Service, ServiceError, ServiceResult, reports::MAX_MONTHS, us};

/// `GET /dashboard?period=…` and `GET /api/v1/dashboard?period=…`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// `this_month` (default), `last_month`, `last_3_months`, `last_6_months`,
    /// `last_12_months` (each ending with this month but `last_month`), or `range` (with
    /// `from` and `to`).
    pub period: Option<String>,
    /// First month, `YYYY-MM` (provider's zone); with `to`, implies `period=range`.
    #[param(example = "2026-01")]
    pub from: Option<String>,
    /// Last month (included), `YYYY-MM`, already started; at most 36 months from `from`.
    #[param(example = "2026-12")]
    pub to: Option<String>,
}

pub const PERIODS: [&str; 6] = [
    "this_month",
    "last_month",
    "last_3_months",
    "last_6_months",
    "last_12_months",
    "range",
];

/// The provider's zone: months, weekdays and hours of the dashboard are read in it.
#[derive(Debug, Clone)]
pub struct ProviderZone {
    /// The calendar it comes from; `None` = no calendar, UTC.
    pub calendar: Option<String>,
    pub name: String,
    pub tz: TimeZone,
}

/// The checked period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Period {
    /// One of [`PERIODS`].
    pub period: String,
    /// `YYYY-MM`, provider's zone.
    pub from: String,
    pub to: String,
    /// `[from_at, to_at)`: the instants the months cover (RFC 3339).
    pub from_at: String,
    pub to_at: String,
    /// The IANA zone months, weekdays and hours are read in.
    pub time_zone: String,
    /// The business calendar that zone comes from; `null` = no calendar (UTC).
    pub calendar: Option<String>,
    #[serde(skip)]
    pub first: Month,
    #[serde(skip)]
    pub last: Month,
    #[serde(skip)]
    pub from_us: i64,
    #[serde(skip)]
    pub to_us: i64,
}

/// `[start, end)` of the months `first..=last` in `tz`.
pub(crate) fn months_bounds(first: Month, last: Month, tz: &TimeZone) -> ServiceResult<(i64, i64)> {
    let start = |d: Date| {
        tz.to_timestamp(d.at(0, 0, 0, 0))
            .map(us)
            .map_err(|e| ServiceError::Internal(format!("month start {d}: {e}")))
    };
    Ok((start(first.first_day())?, start(last.next().first_day())?))
}

fn month_span(first: Month, last: Month) -> i64 {
    let mut n = 1;
    let mut m = first;
    while m < last && n <= MAX_MONTHS {
        m = m.next();
        n += 1;
    }
    n
}

/// Parses the query against `today` (the provider zone's date).
pub(crate) fn parse(
    q: &DashboardQuery,
    today: Date,
) -> Result<(String, Month, Month), Vec<FieldError>> {
    let this = Month::of(today);
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (from, to) = (given(&q.from), given(&q.to));
    let period = given(&q.period).unwrap_or_else(|| {
        if from.is_some() || to.is_some() {
            "range".into()
        } else {
            "this_month".into()
        }
    });
    let back = |n: usize| {
        let mut m = this;
        for _ in 1..n {
            m = m.prev();
        }
        m
    };
    let mut errors = Vec::new();
    if period != "range" {
        for (field, v) in [("from", &from), ("to", &to)] {
            if v.is_some() {
                errors.push(FieldError::new(
                    field,
                    "needs_range",
                    "only with period=range",
                ));
            }
        }
    }
    let span = match period.as_str() {
        "this_month" => Some((this, this)),
        "last_month" => Some((this.prev(), this.prev())),
        "last_3_months" => Some((back(3), this)),
        "last_6_months" => Some((back(6), this)),
        "last_12_months" => Some((back(12), this)),
        "range" => {
            let month = |field: &str, v: &Option<String>, errors: &mut Vec<FieldError>| match v {
                None => {
                    errors.push(FieldError::new(
                        field,
                        "required",
                        "is required with period=range",
                    ));
                    None
                }
                Some(s) => Month::parse(field, s).map_err(|e| errors.push(e)).ok(),
            };
            let f = month("from", &from, &mut errors);
            let t = month("to", &to, &mut errors);
            match (f, t) {
                (Some(_), Some(t)) if t > this => {
                    errors.push(
                        FieldError::new("to", "future_month", "this month has not started yet")
                            .with("value", t),
                    );
                    None
                }
                (Some(f), Some(t)) if f > t => {
                    errors.push(
                        FieldError::new("from", "after_to", "is after `to`").with("value", f),
                    );
                    None
                }
                (Some(f), Some(t)) if month_span(f, t) > MAX_MONTHS => {
                    errors.push(
                        FieldError::new("to", "range_too_long", "the range is over 36 months")
                            .with("max", MAX_MONTHS),
                    );
                    None
                }
                (Some(f), Some(t)) => Some((f, t)),
                _ => None,
            }
        }
        other => {
            errors.push(
                FieldError::new("period", "one_of", "not a period of the dashboard")
                    .with("allowed", PERIODS.join(", "))
                    .with("value", other),
            );
            None
        }
    };
    match span {
        Some((f, t)) if errors.is_empty() => Ok((period, f, t)),
        _ => Err(errors),
    }
}

impl Service {
    /// The zone of the provider's default business calendar (the built-in plan's, else the
    /// first one defined), or UTC when there is none.
    pub async fn provider_zone(&self) -> ServiceResult<ProviderZone> {
        let utc = || ProviderZone {
            calendar: None,
            name: "UTC".into(),
            tz: TimeZone::UTC,
        };
        let Some((name, spec)) = store::dashboard::provider_calendar(&self.db).await? else {
            return Ok(utc());
        };
        let spec: domain::calendar::CalendarSpec = serde_json::from_str(&spec).map_err(|e| {
            ServiceError::Internal(format!("calendar {name:?}: unreadable spec: {e}"))
        })?;
        let tz = crate::stored_zone("calendar", 0, &spec.time_zone)?;
        Ok(ProviderZone {
            calendar: Some(name),
            name: spec.time_zone,
            tz,
        })
    }

    /// The checked period of `q` at `now`.
    pub async fn dashboard_period(
        &self,
        q: &DashboardQuery,
        now: Timestamp,
    ) -> ServiceResult<Period> {
        let zone = self.provider_zone().await?;
        let today = now.to_zoned_datetime(zone.tz.clone()).date();
        let (period, from, to) = parse(q, today).map_err(ServiceError::Invalid)?;
        let (from_us, to_us) = months_bounds(from, to, &zone.tz)?;
        let at = |v: i64| crate::tickets::projection::rfc3339_us(crate::ts(v));
        Ok(Period {
            period,
            from: from.to_string(),
            to: to.to_string(),
            first: from,
            last: to,
            from_at: at(from_us),
            to_at: at(to_us),
            time_zone: zone.name,
            calendar: zone.calendar,
            from_us,
            to_us,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(period: Option<&str>, from: Option<&str>, to: Option<&str>) -> DashboardQuery {
        DashboardQuery {
            period: period.map(Into::into),
            from: from.map(Into::into),
            to: to.map(Into::into),
        }
    }

    fn fields(r: Result<(String, Month, Month), Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn periods_name_their_months_and_refusals_their_parameter() {
        let today: Date = "2026-03-15".parse().unwrap();
        let m = |s: &str| Month::parse("m", s).unwrap();
        assert_eq!(parse(&q(None, None, None), today).unwrap().1, m("2026-03"));
        let (_, f, t) = parse(&q(Some("last_3_months"), None, None), today).unwrap();
        assert_eq!((f, t), (m("2026-01"), m("2026-03")));
        let (_, f, t) = parse(&q(Some("last_12_months"), None, None), today).unwrap();
        assert_eq!((f, t), (m("2025-04"), m("2026-03")));
        let (p, f, t) = parse(&q(None, Some("2025-11"), Some("2026-02")), today).unwrap();
        assert_eq!((p.as_str(), f, t), ("range", m("2025-11"), m("2026-02")));
        assert_eq!(
            fields(parse(&q(Some("yesterday"), None, None), today)),
            ["period"]
        );
        assert_eq!(
            fields(parse(&q(None, Some("2026-02"), Some("2026-04")), today)),
            ["to"]
        );
        assert_eq!(
            fields(parse(&q(None, Some("2026-03"), Some("2026-02")), today)),
            ["from"]
        );
        assert_eq!(
            fields(parse(&q(None, Some("2026-13"), None), today)),
            ["from", "to"]
        );
        assert_eq!(
            fields(parse(&q(None, Some("2020-01"), Some("2026-01")), today)),
            ["to"]
        );
        assert_eq!(
            fields(parse(&q(Some("last_month"), Some("2026-01"), None), today)),
            ["from"]
        );
    }
}
