//! Supervisor dashboard: counts, compliance this month, workload per agent.
//!
//! Monthly compliance follows docs/sla.md: each ticket counts once, in the month (client's time
//! zone) of its outcome instant — `breached_at`, or the closing instant when met — under the
//! priority in force at that instant. It is computed by `reports::outcomes` (the same function
//! the monthly report and the compliance API use), so the three never disagree.

use std::collections::BTreeMap;

use domain::{Priority, ticket::Status, user::Role};
use jiff::{ToSpan, ZonedDateTime, tz::TimeZone};
use serde::Serialize;

use crate::{
    Actor, Service, ServiceError, ServiceResult,
    reports::outcomes::Verdict,
    tickets::{TicketQuery, TicketView},
    us,
};

/// Met and breached outcomes; `percent` is met / (met + breached), none without outcomes.
/// `pending` counts tickets resolved within target that still wait for the client's
/// confirmation (7 days): not an outcome yet, so not in `percent`, but not invisible either.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Compliance {
    pub met: i64,
    pub breached: i64,
    pub pending: i64,
}

impl Compliance {
    pub fn percent(&self) -> Option<i64> {
        let total = self.met + self.breached;
        (total > 0).then(|| (self.met * 100 + total / 2) / total)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientCompliance {
    pub client_id: i64,
    pub name: String,
    pub compliance: Compliance,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentLoad {
    pub user_id: i64,
    pub name: String,
    pub open: i64,
    pub at_risk: i64,
    pub breached: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// Not-closed tickets: `open[priority][status]` in `Priority::ALL` × [`Dashboard::STATUSES`].
    pub open: Vec<(Priority, Vec<i64>)>,
    pub at_risk: Vec<TicketView>,
    pub breached: Vec<TicketView>,
    pub by_priority: Vec<(Priority, Compliance)>,
    pub by_client: Vec<ClientCompliance>,
    pub workload: Vec<AgentLoad>,
}

impl Dashboard {
    pub const STATUSES: [Status; 4] = [
        Status::New,
        Status::Open,
        Status::WaitingOnClient,
        Status::Resolved,
    ];
}

/// `[start, end)` of the month containing `now` in `zone`, as Unix microseconds.
pub fn month_bounds(now: jiff::Timestamp, zone: &str) -> ServiceResult<(i64, i64)> {
    let tz = TimeZone::get(zone)
        .map_err(|e| ServiceError::Internal(format!("time zone {zone:?} is not valid: {e}")))?;
    let local: ZonedDateTime = now.to_zoned_datetime(tz);
    let bad = |e: jiff::Error| ServiceError::Internal(format!("month bounds: {e}"));
    let start = local
        .first_of_month()
        .map_err(bad)?
        .start_of_day()
        .map_err(bad)?;
    let end = start.checked_add(1.month()).map_err(bad)?;
    Ok((us(start.timestamp()), us(end.timestamp())))
}

const OPEN_WORK: &str = "new,open,waiting_on_client";

impl Service {
    /// Supervisors and admins only; agents get 403 and client admins too.
    pub async fn dashboard(&self, actor: &Actor) -> ServiceResult<Dashboard> {
        if !matches!(actor.role, Role::Supervisor | Role::Admin) {
            return Err(ServiceError::Forbidden("supervisors only"));
        }
        let now = self.now();
        let mut open: Vec<(Priority, Vec<i64>)> = Priority::ALL
            .iter()
            .rev()
            .map(|p| (*p, vec![0; Dashboard::STATUSES.len()]))
            .collect();
        for c in store::dashboard::open_counts(&self.db).await? {
            let col = Dashboard::STATUSES
                .iter()
                .position(|s| s.as_str() == c.status);
            let row = open.iter_mut().find(|(p, _)| p.as_str() == c.priority);
            if let (Some(col), Some((_, cells))) = (col, row) {
                cells[col] += c.n;
            }
        }
        let list = |at_risk: bool| TicketQuery {
            status: Some(OPEN_WORK.into()),
            at_risk: Some(at_risk),
            breached: Some(!at_risk),
            limit: Some(50),
            ..Default::default()
        };
        let at_risk = self.list_tickets(actor, &list(true)).await?.items;
        let breached = self.list_tickets(actor, &list(false)).await?.items;

        // (client, priority) → outcomes, from the computation the reports use (one per
        // distinct client time zone: their months share bounds), pending read at now.
        let mut cells: BTreeMap<(i64, Priority), Compliance> = BTreeMap::new();
        for zone in store::dashboard::client_time_zones(&self.db).await? {
            let (from, to) = month_bounds(now, &zone)?;
            let scope = store::reports::ZoneScope {
                time_zone: &zone,
                client_id: None,
            };
            for i in self.outcomes_in(scope, from, to, Some(us(now))).await? {
                let c = cells.entry((i.client_id, i.priority)).or_default();
                match i.verdict {
                    Verdict::Met => c.met += 1,
                    Verdict::Breached => c.breached += 1,
                    Verdict::Pending => c.pending += 1,
                }
            }
        }
        let by_priority = Priority::ALL
            .iter()
            .rev()
            .map(|p| {
                let mut sum = Compliance::default();
                for ((_, q), c) in &cells {
                    if q == p {
                        sum.met += c.met;
                        sum.breached += c.breached;
                        sum.pending += c.pending;
                    }
                }
                (*p, sum)
            })
            .collect();
        let mut by_client = Vec::new();
        for client in self.list_clients(actor).await? {
            let mut sum = Compliance::default();
            for ((cid, _), c) in &cells {
                if *cid == client.id {
                    sum.met += c.met;
                    sum.breached += c.breached;
                    sum.pending += c.pending;
                }
            }
            by_client.push(ClientCompliance {
                client_id: client.id,
                name: client.name,
                compliance: sum,
            });
        }

        // Workload is the agents' (even at zero: someone free to take work), plus any other
        // staff member who has tickets assigned; an admin without tickets is not workload.
        let loads = store::dashboard::workload(&self.db, us(now)).await?;
        let workload = self
            .list_users(actor)
            .await?
            .into_iter()
            .filter(|u| u.role.is_staff())
            .filter_map(|u| {
                let l = loads.iter().find(|l| l.assignee_id == u.id);
                (u.role == Role::Agent || l.is_some()).then(|| AgentLoad {
                    user_id: u.id,
                    name: u.name,
                    open: l.map_or(0, |l| l.open),
                    at_risk: l.map_or(0, |l| l.at_risk),
                    breached: l.map_or(0, |l| l.breached),
                })
            })
            .collect();
        Ok(Dashboard {
            open,
            at_risk,
            breached,
            by_priority,
            by_client,
            workload,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_follow_the_client_zone() {
        let now: jiff::Timestamp = "2026-12-01T02:00:00Z".parse().unwrap();
        // Still November in Buenos Aires (UTC−3).
        let (from, to) = month_bounds(now, "America/Argentina/Buenos_Aires").unwrap();
        assert_eq!(crate::ts(from).to_string(), "2026-11-01T03:00:00Z");
        assert_eq!(crate::ts(to).to_string(), "2026-12-01T03:00:00Z");
        let (from, _) = month_bounds(now, "UTC").unwrap();
        assert_eq!(crate::ts(from).to_string(), "2026-12-01T00:00:00Z");
        assert_eq!(
            Compliance {
                met: 1,
                breached: 1,
                pending: 3
            }
            .percent(),
            Some(50)
        );
        assert_eq!(Compliance::default().percent(), None);
    }
}
