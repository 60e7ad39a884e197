//! GET /dashboard: the supervisors' view (supervisor and admin; agents and clients get 403),
//! over a period picked with GET parameters (`period`, `from`, `to`). Every number links to
//! the queue filtered to the tickets it counts (the service hands each figure its query).

use askama::Template;
use axum::{
    extract::{RawQuery, State},
    http::StatusCode,
    response::Response,
};
use service::{
    Service, ServiceError,
    dashboard::{
        AgentLoad, ClientCompliance, Compliance, Dashboard, DashboardQuery, Figure, PERIODS,
        TimeStats,
    },
    reports::model::Outcomes,
};

use super::{
    Opt,
    row::{Lookups, Row},
    staff_tr,
};
use crate::ui::{Chrome, i18n::Tr, page, session::Session};

/// A count with its queue link.
pub struct Cell {
    pub n: i64,
    pub href: String,
}

/// Median, p90 and count, worded.
pub struct Times {
    pub label: String,
    pub count: Cell,
    pub median: String,
    pub p90: String,
}

pub struct TrendRow {
    pub month: String,
    pub partial: bool,
    pub percent: String,
    pub met: i64,
    pub breached: i64,
    pub pending: i64,
    pub by_priority: Vec<String>,
}

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct DashboardPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    periods: Vec<Opt>,
    from: String,
    to: String,
    period_text: String,
    zone_text: String,
    statuses: Vec<&'static str>,
    open: Vec<(&'static str, Vec<i64>, i64)>,
    at_risk: Vec<Row>,
    breached: Vec<Row>,
    by_priority: Vec<(&'static str, Compliance, String)>,
    by_client: Vec<(ClientCompliance, String)>,
    workload: Vec<AgentLoad>,
    trend_svg: String,
    trend: Vec<TrendRow>,
    priority_labels: Vec<String>,
    backlog: Vec<(&'static str, Vec<Cell>, Cell)>,
    resolution_priority: Vec<Times>,
    resolution_agent: Vec<Times>,
    first_response: Vec<(Times, Cell)>,
    /// `(hour label, one cell per weekday, heat level 0–4 per cell)`.
    hours: Vec<(String, Vec<(Cell, u8)>)>,
    weekdays: Vec<String>,
    ages: Vec<String>,
    /// Deflections and article views in the period.
    kb: service::kb::KbFigures,
}

/// "50 %" or "—" when the month has no outcome yet.
fn pct(c: &Compliance) -> String {
    c.percent()
        .map(|p| format!("{p} %"))
        .unwrap_or_else(|| "—".into())
}

/// One decimal, the locale's separator: "95,5 %" / "95.5 %"; "—" without outcomes.
fn pct1(t: &Tr, o: &Outcomes) -> String {
    match o.percent {
        Some(p) => {
            let s = format!("{p:.1} %");
            if t.locale == domain::user::Locale::Es {
                s.replace('.', ",")
            } else {
                s
            }
        }
        None => "—".into(),
    }
}

fn cell(f: &Figure) -> Cell {
    Cell {
        n: f.n,
        href: format!("/console?view=all&{}", f.query),
    }
}

fn times(t: &Tr, label: String, s: &TimeStats) -> Times {
    let d = |v: Option<i64>| v.map_or_else(|| "—".to_string(), |v| t.duration(v));
    Times {
        label,
        count: Cell {
            n: s.count,
            href: format!("/console?view=all&{}", s.query),
        },
        median: d(s.median_seconds),
        p90: d(s.p90_seconds),
    }
}

/// The query as sent: each parameter once, among the dashboard's.
fn query_of(raw: Option<&str>) -> Result<DashboardQuery, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or("")).map_err(|_| "query".to_string())?;
    let mut q = DashboardQuery::default();
    for (k, v) in pairs {
        let slot = match k.as_str() {
            "period" => &mut q.period,
            "from" => &mut q.from,
            "to" => &mut q.to,
            _ => return Err(k),
        };
        if slot.is_some() {
            return Err(k);
        }
        *slot = Some(v);
    }
    // The form sends its month fields whatever the select says: filled months mean a range.
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    if filled(&q.from) || filled(&q.to) {
        q.period = Some("range".into());
    }
    Ok(q)
}

pub async fn page(State(svc): State<Service>, s: Session, RawQuery(raw): RawQuery) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let bad = |field: &str, why: &str| {
        page::error(
            &t,
            StatusCode::BAD_REQUEST,
            &format!("{}: {field} {why}", t.t("dash-bad-period")),
        )
    };
    let q = match query_of(raw.as_deref()) {
        Ok(q) => q,
        Err(field) => return bad(&field, ""),
    };
    let (d, look) = match tokio::try_join!(
        svc.dashboard_for(&s.0.actor, &q),
        Lookups::load(&svc, &s.0.actor, &t)
    ) {
        Ok(v) => v,
        Err(ServiceError::Invalid(errs)) => {
            let e = errs.first();
            return bad(
                &e.map(|e| e.field.clone()).unwrap_or_default(),
                &e.map(|e| format!("({})", e.message)).unwrap_or_default(),
            );
        }
        Err(e) => return page::service_error(&t, e),
    };
    page::render(&view(&t, &s, &d, look))
}

fn view<'a>(t: &'a Tr, s: &Session, d: &Dashboard, look: Lookups) -> DashboardPage<'a> {
    let p = &d.period;
    let mut by_client = d.by_client.clone();
    by_client.retain(|c| c.compliance.met + c.compliance.breached + c.compliance.pending > 0);
    let priority_labels: Vec<String> = service::dashboard::figures::priorities()
        .map(|p| t.label("priority", p.as_str()))
        .collect();
    let trend: Vec<TrendRow> = d
        .trend
        .iter()
        .map(|m| TrendRow {
            month: m.month.clone(),
            partial: m.partial,
            percent: pct1(t, &m.total),
            met: m.total.met,
            breached: m.total.breached,
            pending: m.total.pending,
            by_priority: m.by_priority.iter().map(|r| pct1(t, &r.outcomes)).collect(),
        })
        .collect();
    let points: Vec<report_render::charts::TrendPoint> = d
        .trend
        .iter()
        .map(|m| report_render::charts::TrendPoint {
            label: m.month.get(5..).unwrap_or(&m.month).to_string(),
            value: m.total.percent,
            value_text: format!("{}: {}", m.month, pct1(t, &m.total)),
        })
        .collect();
    let title = t.t("dash-trend");
    let trend_svg = report_render::charts::trend(
        &title,
        &t.t("dash-trend-desc"),
        &points,
        (100.0, t.t("dash-trend-target").as_str()),
        &t.t("dash-no-outcomes"),
    );
    let max = d.busiest_hours.max.max(1);
    let hours = (0..24)
        .map(|h| {
            let cells = d
                .busiest_hours
                .cells
                .iter()
                .map(|day| {
                    let f = &day[h];
                    // 0 = none; 1–4 = quarters of the busiest cell.
                    let level = if f.n == 0 {
                        0
                    } else {
                        (1 + (f.n * 4 - 1) / max).min(4) as u8
                    };
                    (cell(f), level)
                })
                .collect();
            (format!("{h:02}:00"), cells)
        })
        .collect();
    let zone_text = match &p.calendar {
        Some(c) => format!("{} ({c})", p.time_zone),
        None => format!("{} ({})", p.time_zone, t.t("dash-zone-none")),
    };
    DashboardPage {
        t,
        chrome: Some(Chrome::of(&s.0, "/dashboard")),
        periods: PERIODS
            .iter()
            .map(|v| Opt::new(*v, t.label("dash-period", v), &p.period))
            .collect(),
        from: if p.period == "range" {
            p.from.clone()
        } else {
            String::new()
        },
        to: if p.period == "range" {
            p.to.clone()
        } else {
            String::new()
        },
        period_text: if p.from == p.to {
            p.from.clone()
        } else {
            format!("{} – {}", p.from, p.to)
        },
        zone_text,
        statuses: Dashboard::STATUSES.iter().map(|s| s.as_str()).collect(),
        open: d
            .open
            .iter()
            .map(|(p, cells)| (p.as_str(), cells.clone(), cells.iter().sum()))
            .collect(),
        at_risk: d.at_risk.iter().map(|tk| look.row(t, tk)).collect(),
        breached: d.breached.iter().map(|tk| look.row(t, tk)).collect(),
        by_priority: d
            .by_priority
            .iter()
            .map(|(p, c)| (p.as_str(), *c, pct(c)))
            .collect(),
        by_client: by_client
            .into_iter()
            .map(|c| {
                let p = pct(&c.compliance);
                (c, p)
            })
            .collect(),
        workload: d.workload.clone(),
        trend_svg,
        trend,
        priority_labels,
        backlog: d
            .backlog
            .iter()
            .map(|r| {
                (
                    r.priority.as_str(),
                    r.buckets.iter().map(cell).collect(),
                    cell(&r.total),
                )
            })
            .collect(),
        resolution_priority: d
            .resolution_by_priority
            .iter()
            .map(|r| times(t, t.label("priority", r.priority.as_str()), &r.times))
            .collect(),
        resolution_agent: d
            .resolution_by_agent
            .iter()
            .map(|r| {
                let name = if r.user_id.is_none() {
                    t.t("console-unassigned")
                } else {
                    r.name.clone()
                };
                times(t, name, &r.times)
            })
            .collect(),
        first_response: d
            .first_response
            .iter()
            .map(|r| {
                (
                    times(t, t.label("priority", r.priority.as_str()), &r.replied),
                    cell(&r.waiting),
                )
            })
            .collect(),
        hours,
        weekdays: (1..=7).map(|w| t.t(&format!("dash-weekday-{w}"))).collect(),
        ages: (0..5).map(|k| t.t(&format!("dash-age-{k}"))).collect(),
        kb: d.kb,
    }
}
