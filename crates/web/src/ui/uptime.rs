//! The campus's uptime as pages show it (`templates/campus/_uptime.html`): the current state,
//! this month and last month, a strip of the last 30 days as inline SVG (one rect per day,
//! coloured by uptime, each with a `<title>`; `role="img"` and a summary for screen readers)
//! and the incidents with their tickets. The staff campus page and the client admin's portal
//! page render the same block; only the ticket links differ.

use service::monitors::{IncidentView, UptimeView};

use super::i18n::Tr;

/// One day of the strip.
pub struct DayRect {
    pub x: i32,
    pub fill: &'static str,
    pub title: String,
}

pub struct IncidentLine {
    pub kind: String,
    pub start: String,
    pub end: String,
    pub duration: String,
    pub failures: i32,
    pub ongoing: bool,
    /// `(href, T-0000123)`.
    pub ticket: Option<(String, String)>,
}

pub struct UptimeBlock {
    pub state: String,
    /// `up`, `down`, `degraded`, `unknown` (a CSS class).
    pub state_class: String,
    pub month: String,
    pub prev_month: String,
    pub last_probe: String,
    pub days: Vec<DayRect>,
    pub width: i32,
    pub summary: String,
    pub first_date: String,
    pub last_date: String,
    pub incidents: Vec<IncidentLine>,
}

/// Width of one day's rect and the gap after it.
const STEP: i32 = 10;

fn fill(p: Option<f64>) -> &'static str {
    match p {
        None => "#b0b7bf",
        Some(p) if p >= 99.9 => "#2e7d32",
        Some(p) if p >= 99.0 => "#7cb342",
        Some(p) if p >= 95.0 => "#f9a825",
        Some(_) => "#c62828",
    }
}

pub fn pct(t: &Tr, p: Option<f64>) -> String {
    match p {
        Some(p) => {
            let s = format!("{p:.2}");
            let s = if t.locale == domain::user::Locale::Es {
                s.replace('.', ",")
            } else {
                s
            };
            format!("{s} %")
        }
        None => t.t("uptime-no-data"),
    }
}

impl UptimeBlock {
    /// `ticket_base`: `/console/tickets/` for staff, `/portal/tickets/` for client admins.
    pub fn of(
        t: &Tr,
        u: &UptimeView,
        incidents: &[IncidentView],
        ticket_base: &str,
    ) -> UptimeBlock {
        let days: Vec<DayRect> = u
            .days
            .iter()
            .enumerate()
            .map(|(i, d)| DayRect {
                x: i as i32 * STEP,
                fill: fill(d.uptime_percent),
                title: format!("{}: {}", d.date, pct(t, d.uptime_percent)),
            })
            .collect();
        let below = u
            .days
            .iter()
            .filter(|d| d.uptime_percent.is_some_and(|p| p < 100.0))
            .count();
        let summary = t
            .try_t_args(
                "uptime-strip-summary",
                &[
                    ("month", pct(t, u.month_to_date_percent)),
                    ("below", below.to_string()),
                ],
            )
            .unwrap_or_default();
        let last_probe = match &u.last_probe {
            None => t.t("uptime-never-probed"),
            Some(p) => {
                let what = match (p.ok, p.http_status, &p.error) {
                    (true, Some(s), _) => format!("HTTP {s}, {} ms", p.latency_ms.unwrap_or(0)),
                    (_, _, Some(e)) => e.clone(),
                    _ => String::new(),
                };
                format!("{} · {what}", t.datetime(&p.at))
            }
        };
        UptimeBlock {
            state: t.t(&format!("uptime-state-{}", u.state)),
            state_class: u.state.clone(),
            month: pct(t, u.month_to_date_percent),
            prev_month: pct(t, u.previous_month_percent),
            last_probe,
            width: (days.len() as i32 * STEP).max(STEP),
            days,
            summary,
            first_date: u.days.first().map(|d| d.date.clone()).unwrap_or_default(),
            last_date: u.days.last().map(|d| d.date.clone()).unwrap_or_default(),
            incidents: incidents
                .iter()
                .map(|i| IncidentLine {
                    kind: t.t(&format!("incident-kind-{}", i.kind)),
                    start: t.datetime(&i.started_at),
                    end: if i.ongoing {
                        t.t("incident-ongoing")
                    } else {
                        t.datetime_opt(&i.ended_at)
                    },
                    duration: t.duration(i.duration_seconds),
                    failures: i.failures,
                    ongoing: i.ongoing,
                    ticket: i
                        .ticket_id
                        .zip(i.ticket_number.clone())
                        .map(|(id, n)| (format!("{ticket_base}{id}"), n)),
                })
                .collect(),
        }
    }
}
