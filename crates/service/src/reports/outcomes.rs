//! THE compliance computation (docs/sla.md §8–9): which tickets have an outcome in a window,
//! which one, and under which priority. The monthly report, the compliance API and the
//! supervisor dashboard all call [`Service::outcomes_in`], so they cannot disagree.
//!
//! The rules themselves are SQL in `store::reports::outcomes`, shared with the per-month counts
//! of the compliance API ([`Service::outcome_counts`]), so a list and a count cannot disagree:
//!
//! - breached: counts at `breached_at`, under the priority in force then — for a ticket
//!   re-triaged after its breach, the `from` of the first priority change at or after it;
//! - met: counts at the close (confirmation or auto-close), under the priority then, which is
//!   the current one (a closed ticket cannot be re-triaged);
//! - pending: resolved within target and still inside the confirmation window at the instant
//!   asked about (the month's end, or now for the running month). Not an outcome yet, so
//!   never in the percentage, but shown so a good month is not invisible until it closes.

use std::collections::BTreeMap;

use domain::{Priority, hours::Month};
use store::reports::{self as st, OutcomeGroup, ZoneScope};

use super::{model::Outcomes, params::Window};
use crate::{Service, ServiceError, ServiceResult, tickets::CONFIRM_WINDOW_HOURS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Met,
    Breached,
    Pending,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Breached => "breached",
            Verdict::Pending => "pending",
        }
    }
}

/// One ticket's outcome in the window.
#[derive(Debug, Clone)]
pub(crate) struct OutcomeItem {
    pub ticket_id: i64,
    pub subject: String,
    pub campus_id: Option<i64>,
    /// The priority it counts under.
    pub priority: Priority,
    pub staff_only: bool,
    pub verdict: Verdict,
    /// The instant it counts at: the breach, the close, or (pending) the resolution.
    pub at_us: i64,
}

const WINDOW_US: i64 = CONFIRM_WINDOW_HOURS * 3_600_000_000;

fn stored_priority(ticket_id: i64, p: &str) -> ServiceResult<Priority> {
    Priority::parse(p).ok_or_else(|| {
        ServiceError::Internal(format!(
            "ticket {ticket_id}: stored priority {p:?} is unknown"
        ))
    })
}

impl Service {
    /// Outcomes of the tickets of `scope` whose outcome instant falls in `[from_us, to_us)`,
    /// plus the tickets pending confirmation at `pending_at_us` (when given), in ticket order
    /// order. Two set-based queries, whatever the number of tickets.
    pub(crate) async fn outcomes_in(
        &self,
        scope: ZoneScope<'_>,
        from_us: i64,
        to_us: i64,
        pending_at_us: Option<i64>,
    ) -> ServiceResult<Vec<OutcomeItem>> {
        let mut out = Vec::new();
        for r in st::outcome_rows(&self.db, scope, from_us, to_us).await? {
            // The store picked the priority each outcome counts under.
            let priority = stored_priority(r.ticket_id, &r.priority)?;
            let (verdict, at_us) = match r.breached_at_us {
                Some(b) => (Verdict::Breached, b),
                None => (Verdict::Met, r.closed_at_us.unwrap_or(to_us)),
            };
            out.push(OutcomeItem {
                ticket_id: r.ticket_id,
                subject: r.subject,
                campus_id: r.campus_id,
                priority,
                staff_only: r.staff_only,
                verdict,
                at_us,
            });
        }
        if let Some(at) = pending_at_us {
            out.extend(self.pending_at(scope, at).await?);
        }
        Ok(out)
    }

    /// The tickets of `scope` pending confirmation at `at_us`: resolved within target, their
    /// 7-day window still open then.
    pub(crate) async fn pending_at(
        &self,
        scope: ZoneScope<'_>,
        at_us: i64,
    ) -> ServiceResult<Vec<OutcomeItem>> {
        st::pending_rows(&self.db, scope, at_us, WINDOW_US)
            .await?
            .into_iter()
            .map(|r| {
                Ok(OutcomeItem {
                    ticket_id: r.ticket_id,
                    priority: stored_priority(r.ticket_id, &r.priority)?,
                    subject: r.subject,
                    campus_id: r.campus_id,
                    staff_only: r.staff_only,
                    verdict: Verdict::Pending,
                    at_us: r.resolved_at_us,
                })
            })
            .collect()
    }
}

/// Outcomes per month and group key (see [`Service::outcome_counts`]); `percent` unset.
pub(crate) type Counts = BTreeMap<Month, BTreeMap<String, Outcomes>>;

/// One time zone's windows of the same months (each client's months in its own zone).
pub(crate) struct ZoneWindows<'a> {
    pub time_zone: &'a str,
    pub windows: Vec<Window>,
}

impl Service {
    /// Met, breached and pending per month and per `group` over the same months in several
    /// zones (all clients, or `client_id` alone), counted by the database with the rules
    /// [`Service::outcomes_in`] lists by: two statements whatever the number of tickets and
    /// zones. Pending is read at each month's end (now for the running one); a month not
    /// started yet in a zone has none there.
    pub(crate) async fn outcome_counts(
        &self,
        client_id: Option<i64>,
        zones: &[ZoneWindows<'_>],
        now: jiff::Timestamp,
        group: OutcomeGroup,
    ) -> ServiceResult<Counts> {
        let mut counts = Counts::new();
        let Some(months) = zones
            .first()
            .map(|z| z.windows.iter().map(|w| w.month).collect::<Vec<_>>())
        else {
            return Ok(counts);
        };
        let store_zones: Vec<st::ZoneMonths> = zones
            .iter()
            .map(|z| st::ZoneMonths {
                time_zone: z.time_zone,
                bounds: z
                    .windows
                    .iter()
                    .map(|w| w.start_us())
                    .chain(z.windows.last().map(|w| w.stop_us()))
                    .collect(),
                pending_at: z
                    .windows
                    .iter()
                    .map(|w| (w.from <= now).then(|| w.end_us(now)))
                    .collect(),
            })
            .collect();
        // Two independent reads: side by side on two connections, the wait is the longer one.
        let (outcomes, pending) = tokio::try_join!(
            st::outcome_counts(&self.db, client_id, &store_zones, group),
            st::pending_counts(&self.db, client_id, &store_zones, WINDOW_US, group),
        )?;
        for c in outcomes.iter().chain(&pending) {
            let month = usize::try_from(c.month)
                .ok()
                .and_then(|i| months.get(i))
                .ok_or_else(|| {
                    ServiceError::Internal(format!("outcome count for month index {}", c.month))
                })?;
            let o = counts
                .entry(*month)
                .or_default()
                .entry(c.key.clone())
                .or_default();
            match c.verdict.as_str() {
                "met" => o.met += c.n,
                "breached" => o.breached += c.n,
                "pending" => o.pending += c.n,
                other => {
                    return Err(ServiceError::Internal(format!(
                        "outcome count with verdict {other:?}"
                    )));
                }
            }
        }
        Ok(counts)
    }
}

/// met ÷ (met + breached) × 100 with one decimal; `None` without outcomes.
pub fn percent(met: i64, breached: i64) -> Option<f64> {
    let total = met + breached;
    (total > 0).then(|| (met as f64 * 1000.0 / total as f64).round() / 10.0)
}

/// Met, breached and pending of some outcome items.
pub(crate) fn tally<'a>(items: impl IntoIterator<Item = &'a OutcomeItem>) -> Outcomes {
    let mut o = Outcomes::default();
    for i in items {
        match i.verdict {
            Verdict::Met => o.met += 1,
            Verdict::Breached => o.breached += 1,
            Verdict::Pending => o.pending += 1,
        }
    }
    o.percent = percent(o.met, o.breached);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(2, 1), Some(66.7));
        assert_eq!(percent(1, 0), Some(100.0));
        assert_eq!(percent(0, 3), Some(0.0));
    }
}
