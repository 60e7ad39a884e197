//! THE compliance computation (docs/sla.md §8–9): which tickets have an outcome in a window,
//! which one, and under which priority. The monthly report, the compliance API and the
//! supervisor dashboard all call [`Service::outcomes_in`], so they cannot disagree.
//!
//! - breached: counts at `breached_at`, under the priority in force then — for a ticket
//!   re-triaged after its breach, the `from` of the first priority change at or after it;
//! - met: counts at the close (confirmation or auto-close), under the priority then, which is
//!   the current one (a closed ticket cannot be re-triaged);
//! - pending: resolved within target and still inside the confirmation window at the instant
//!   asked about (the month's end, or now for the running month). Not an outcome yet, so
//!   never in the percentage, but shown so a good month is not invisible until it closes.

use domain::Priority;
use store::reports::{self as st, ZoneScope};

use super::model::Outcomes;
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
    pub client_id: i64,
    pub subject: String,
    pub campus_id: Option<i64>,
    pub category: String,
    /// The priority it counts under.
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub staff_only: bool,
    pub verdict: Verdict,
    /// The instant it counts at: the breach, the close, or (pending) the resolution.
    pub at_us: i64,
}

const WINDOW_US: i64 = CONFIRM_WINDOW_HOURS * 3_600_000_000;

/// The priority a `priority_changed` event's JSON says was in force before it.
fn priority_before(data: &str) -> Option<Priority> {
    let v: serde_json::Value = serde_json::from_str(data).ok()?;
    Priority::parse(v.get("from")?.as_str()?)
}

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
    /// within each verdict. Three set-based queries, whatever the number of tickets.
    pub(crate) async fn outcomes_in(
        &self,
        scope: ZoneScope<'_>,
        from_us: i64,
        to_us: i64,
        pending_at_us: Option<i64>,
    ) -> ServiceResult<Vec<OutcomeItem>> {
        let mut out = Vec::new();
        for r in st::outcome_rows(&self.db, scope, from_us, to_us).await? {
            let current = stored_priority(r.ticket_id, &r.priority)?;
            let (verdict, at_us, priority) = match r.breached_at_us {
                Some(b) => {
                    let then = r.retriage.as_deref().and_then(priority_before);
                    (Verdict::Breached, b, then.unwrap_or(current))
                }
                None => (Verdict::Met, r.closed_at_us.unwrap_or(to_us), current),
            };
            out.push(OutcomeItem {
                ticket_id: r.ticket_id,
                client_id: r.client_id,
                subject: r.subject,
                campus_id: r.campus_id,
                category: r.category,
                priority,
                assignee_id: r.assignee_id,
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
                    client_id: r.client_id,
                    priority: stored_priority(r.ticket_id, &r.priority)?,
                    subject: r.subject,
                    campus_id: r.campus_id,
                    category: r.category,
                    assignee_id: r.assignee_id,
                    staff_only: r.staff_only,
                    verdict: Verdict::Pending,
                    at_us: r.resolved_at_us,
                })
            })
            .collect()
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
        assert_eq!(
            priority_before(r#"{"kind":"priority_changed","from":"urgent","to":"medium"}"#),
            Some(Priority::Urgent)
        );
    }
}
