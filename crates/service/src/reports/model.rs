//! What one client's monthly service report says (issue 20): the one figures layer's output.
//! The HTML pages, the PDF, the CSV/JSON exports and `GET /api/v1/reports/monthly` all render
//! this value, so a number reads the same everywhere. A section whose data does not exist for
//! the client (no hosted campus → no backups; no monitor → no uptime) is `None` or empty,
//! never a made-up zero.
//!
//! Instants are RFC 3339 UTC strings; dates and months are the client's calendar
//! (`YYYY-MM-DD`, `YYYY-MM`); durations are whole minutes (resolution targets are whole
//! minutes); shares are `Option<f64>` percentages (one decimal), `None` when nothing counted.

use domain::Priority;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `GET /api/v1/reports/monthly?client_id=&month=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MonthlyReport {
    pub client: ReportClient,
    /// `YYYY-MM`, in the client's time zone.
    pub month: String,
    /// The month's first instant in the client's zone.
    #[schema(format = DateTime)]
    pub from: String,
    /// The next month's first instant (exclusive).
    #[schema(format = DateTime)]
    pub to: String,
    /// When the figures were read; a month not over yet is marked `partial`.
    #[schema(format = DateTime)]
    pub generated_at: String,
    /// The month is still running (or its last confirmation windows are): figures may change.
    pub partial: bool,
    pub tickets: TicketFigures,
    pub compliance: ComplianceFigures,
    /// Resolution time per priority, against its contractual target.
    pub resolution: Vec<ResolutionFigures>,
    pub paused: PausedFigures,
    /// One per campus of the client (active in the month), hosted ones first.
    pub campuses: Vec<CampusFigures>,
    /// The administration-hours bank of the month; `None` when the client has no hours at
    /// all (no plan hours, no add-ons, nothing used).
    pub hours: Option<HoursFigures>,
    pub quotes: QuoteFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportClient {
    pub id: i64,
    pub name: String,
    /// The zone months, days and times of the report are in.
    pub time_zone: String,
    /// The plans in force in the month (names), for the header.
    pub plans: Vec<String>,
}

/// Opened / resolved / closed in the month (each ticket counted in the month of that
/// instant; a reopened ticket resolved twice in the month counts once, at its last resolution).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct TicketFigures {
    pub opened: i64,
    pub resolved: i64,
    pub closed: i64,
    /// Not closed at the month's end.
    pub open_at_end: i64,
    /// Every category of `domain::ticket::Category`, in its order, zeros included.
    pub by_category: Vec<CountRow>,
    /// Urgent first, zeros included.
    pub by_priority: Vec<CountRow>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct CountRow {
    /// A category or priority code (`technical`, `urgent`…).
    pub key: String,
    pub opened: i64,
    pub resolved: i64,
    pub closed: i64,
}

/// Met and breached outcomes of the month (docs/sla.md §9: each ticket once, in the month of
/// its breach or of its close when met, under the priority in force then).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct Outcomes {
    pub met: i64,
    pub breached: i64,
    /// Resolved within target, still inside the 7-day confirmation window at the report's
    /// end (or now, for the running month): not an outcome yet, not in `percent`.
    pub pending: i64,
    /// met ÷ (met + breached) × 100, one decimal; `None` without outcomes.
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ComplianceFigures {
    pub total: Outcomes,
    /// Urgent first, all four priorities (zeros included).
    pub by_priority: Vec<PriorityOutcomes>,
    /// Every breach counted in the month, oldest breach first.
    pub breaches: Vec<BreachRow>,
    /// Tickets behind `pending`.
    pub pending: Vec<PendingRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PriorityOutcomes {
    pub priority: Priority,
    pub outcomes: Outcomes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BreachRow {
    pub ticket_id: i64,
    /// `T-0000123`.
    pub number: String,
    pub subject: String,
    pub campus_id: Option<i64>,
    /// The priority at the breach (the one it counts under).
    pub priority: Priority,
    #[schema(format = DateTime)]
    pub due_at: String,
    #[schema(format = DateTime)]
    pub breached_at: String,
    /// When it was (last) resolved, if it was.
    #[schema(format = DateTime)]
    pub resolved_at: Option<String>,
    /// Not resolved at the report's end.
    pub still_open: bool,
    /// Working time (its own clock) past the due time: up to the resolution, or to the
    /// report's end while still open.
    pub late_by_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PendingRow {
    pub ticket_id: i64,
    pub number: String,
    pub subject: String,
    pub priority: Priority,
    #[schema(format = DateTime)]
    pub resolved_at: String,
    /// When it closes by itself unless the client confirms or reopens first.
    #[schema(format = DateTime)]
    pub closes_at: String,
}

/// Tickets resolved in the month, per priority: how long they took on their own clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ResolutionFigures {
    pub priority: Priority,
    /// The contractual resolution target (minutes of the ticket's clock).
    pub target_minutes: i64,
    pub resolved: i64,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
    /// Resolved within target (of `resolved`).
    pub within_target: i64,
}

/// Time the clocks stood still because the next step was the client's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct PausedFigures {
    /// Minutes of `waiting_on_client` inside the month (wall time), over all tickets.
    pub waiting_on_client_minutes: i64,
    /// Tickets that waited on the client at some point of the month.
    pub tickets: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CampusFigures {
    pub campus_id: i64,
    pub name: String,
    pub url: String,
    pub hosted_by_us: bool,
    /// `None` when the campus was not monitored in the month (no probe at all).
    pub uptime: Option<UptimeFigures>,
    /// Hosted campuses only (the seed's daily backups are the provider's duty there).
    pub backups: Option<BackupFigures>,
    /// OS, database and security updates done in the month, oldest first.
    pub updates: Vec<MaintenanceRow>,
    /// Platform upgrades done in the month.
    pub upgrades: Vec<MaintenanceRow>,
    pub upgrade: UpgradeStanding,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UptimeFigures {
    /// Up probes ÷ probes × 100 over the month (two decimals).
    pub percent: Option<f64>,
    pub probes: i64,
    /// One per day of the month (client's calendar): `None` = no probe that day.
    pub days: Vec<Option<f64>>,
    /// Outages that overlap the month, oldest first.
    pub outages: Vec<OutageRow>,
    /// Sum of the outages' minutes inside the month.
    pub down_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OutageRow {
    #[schema(format = DateTime)]
    pub started_at: String,
    #[schema(format = DateTime)]
    pub ended_at: Option<String>,
    pub minutes: i64,
    /// The Urgent ticket the outage opened.
    pub ticket_id: Option<i64>,
    /// Its number, `T-0000123`.
    pub ticket_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BackupFigures {
    /// Days of the month the campus was in service (up to today for the running month).
    pub expected: i64,
    /// Days with at least one successful backup recorded.
    pub done: i64,
    /// The days without one (`YYYY-MM-DD`).
    pub missed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MaintenanceRow {
    /// `os_update`, `db_update`, `security_patch`, `platform_upgrade`…
    pub kind: String,
    #[schema(format = DateTime)]
    pub at: String,
    /// What was done, as recorded (`from_version → to_version` when known).
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UpgradeStanding {
    /// May ask for the version upgrade at the month's end.
    pub eligible: bool,
    #[schema(format = Date)]
    pub eligible_since: String,
    pub platform_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HoursFigures {
    pub available_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
    pub overage_minutes: i64,
    /// Used ÷ available × 100 (whole), `None` when nothing was available.
    pub percent_used: Option<i64>,
}

/// Quotes of the client's tickets: sent in the month, and decisions taken in it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct QuoteFigures {
    pub sent: i64,
    pub approved: i64,
    pub rejected: i64,
    pub expired: i64,
    /// Awaiting the client at the month's end.
    pub pending: i64,
}
