//! Supervisor dashboard: counts, compliance over a period, workload per agent, and the period
//! figures of issue 20 item 5 (`trend`, `figures`): the 12-month compliance trend, backlog by
//! age, resolution and first-response times, busiest hours.
//!
//! Monthly compliance follows docs/sla.md: each ticket counts once, in the month (client's time
//! zone) of its outcome instant — `breached_at`, or the closing instant when met — under the
//! priority in force at that instant. It is computed by `reports::outcomes` (the same function
//! the monthly report and the compliance API use), so the three never disagree.

pub mod figures;
pub mod period;
pub mod trend;

use std::collections::BTreeMap;

use domain::{Priority, hours::Month, ticket::Status, user::Role};
use jiff::tz::TimeZone;
use serde::Serialize;
use store::reports::OutcomeGroup;
use utoipa::ToSchema;

pub use self::{
    figures::{
        AgentTimes, BacklogRow, BusiestHours, Figure, FirstResponse, PriorityTimes, TimeStats,
    },
    period::{DashboardQuery, PERIODS, Period},
    trend::{TrendMonth, TrendPriority},
};

use crate::{
    Actor, Service, ServiceError, ServiceResult,
    reports::outcomes::ZoneWindows,
    tickets::{TicketQuery, TicketView},
    us,
};

/// Met and breached outcomes; `percent` is met / (met + breached), none without outcomes.
/// `pending` counts tickets resolved within target that still wait for the client's
/// confirmation (7 days): not an outcome yet, so not in `percent`, but not invisible either.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
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

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientCompliance {
    pub client_id: i64,
    pub name: String,
    pub compliance: Compliance,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgentLoad {
    pub user_id: i64,
    pub name: String,
    pub open: i64,
    pub at_risk: i64,
    pub breached: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dashboard {
    pub period: Period,
    /// Not-closed tickets now: `[priority, [count per status]]`, urgent first, statuses new,
    /// open, waiting_on_client, resolved.
    #[schema(value_type = Vec<Object>)]
    pub open: Vec<(Priority, Vec<i64>)>,
    pub at_risk: Vec<TicketView>,
    pub breached: Vec<TicketView>,
    /// Compliance over the period's months (each client's zone), urgent first:
    /// `[priority, {met, breached, pending}]`.
    #[schema(value_type = Vec<Object>)]
    pub by_priority: Vec<(Priority, Compliance)>,
    pub by_client: Vec<ClientCompliance>,
    pub workload: Vec<AgentLoad>,
    /// Twelve months ending with the period's last month, oldest first.
    pub trend: Vec<TrendMonth>,
    /// Not-closed work now (new, open, waiting on client) by age, urgent first.
    pub backlog: Vec<BacklogRow>,
    /// Created → latest resolution, for tickets resolved in the period.
    pub resolution_by_priority: Vec<PriorityTimes>,
    pub resolution_by_agent: Vec<AgentTimes>,
    /// Created → first public staff reply, for tickets created in the period.
    pub first_response: Vec<FirstResponse>,
    pub busiest_hours: BusiestHours,
    /// Knowledge base over the period: deflections (no ticket opened) and article views.
    pub kb: crate::kb::KbFigures,
}

impl Dashboard {
    pub const STATUSES: [Status; 4] = [
        Status::New,
        Status::Open,
        Status::WaitingOnClient,
        Status::Resolved,
    ];
}

fn workload_names(users: &[crate::admin::users::UserView]) -> BTreeMap<i64, String> {
    users.iter().map(|u| (u.id, u.name.clone())).collect()
}

const OPEN_WORK: &str = "new,open,waiting_on_client";

impl Service {
    /// This month's dashboard (see [`Service::dashboard_for`]).
    pub async fn dashboard(&self, actor: &Actor) -> ServiceResult<Dashboard> {
        self.dashboard_for(actor, &DashboardQuery::default()).await
    }

    /// Supervisors and admins only; agents get 403 and client admins too (before the
    /// period is even read). A bad period is `Invalid` naming its parameter.
    pub async fn dashboard_for(
        &self,
        actor: &Actor,
        q: &DashboardQuery,
    ) -> ServiceResult<Dashboard> {
        if !matches!(actor.role, Role::Supervisor | Role::Admin) {
            return Err(ServiceError::Forbidden("supervisors only"));
        }
        let now = self.now();
        let period = self.dashboard_period(q, now).await?;
        let mut open: Vec<(Priority, Vec<i64>)> = figures::priorities()
            .map(|p| (p, vec![0; Dashboard::STATUSES.len()]))
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

        // (client, priority) → outcomes over the period, counted by the database with the
        // rules the reports use, each client's months in its own zone; pending is read at the
        // period's end (now, while it runs).
        let mut cells: BTreeMap<(i64, Priority), Compliance> = BTreeMap::new();
        let zones = store::dashboard::client_time_zones(&self.db).await?;
        // The latest month started in any client's zone: the trend cannot end after it.
        // (With no client, the compliance report reads months in UTC.)
        let mut started: Option<Month> = zones
            .is_empty()
            .then(|| Month::of(now.to_zoned_datetime(TimeZone::UTC).date()));
        let mut zone_windows = Vec::with_capacity(zones.len());
        for zone in &zones {
            let tz = crate::stored_zone("client", 0, zone)?;
            let here = Month::of(now.to_zoned_datetime(tz.clone()).date());
            started = started.max(Some(here));
            zone_windows.push(ZoneWindows {
                time_zone: zone,
                windows: crate::reports::windows(period.first, period.last, &tz)?,
            });
        }
        let trend_last = started.map_or(period.last, |m| m.min(period.last));
        let (counts, trend) = tokio::try_join!(
            self.outcome_counts(None, &zone_windows, now, OutcomeGroup::ClientPriority),
            self.compliance_trend(actor, trend_last),
        )?;
        for (month, groups) in counts {
            for (key, o) in groups {
                let parsed = key
                    .split_once(' ')
                    .and_then(|(c, p)| Some((c.parse::<i64>().ok()?, Priority::parse(p)?)));
                let Some(cell) = parsed else {
                    return Err(ServiceError::Internal(format!("outcome group {key:?}")));
                };
                let c = cells.entry(cell).or_default();
                c.met += o.met;
                c.breached += o.breached;
                if month == period.last {
                    c.pending += o.pending;
                }
            }
        }
        // Per priority and per client: sums of the same cells.
        let sum_where = |keep: &dyn Fn(&(i64, Priority)) -> bool| {
            let mut sum = Compliance::default();
            for (_, c) in cells.iter().filter(|(k, _)| keep(k)) {
                sum.met += c.met;
                sum.breached += c.breached;
                sum.pending += c.pending;
            }
            sum
        };
        let by_priority = figures::priorities()
            .map(|p| (p, sum_where(&|(_, q)| *q == p)))
            .collect();
        let by_client = self
            .list_clients(actor)
            .await?
            .into_iter()
            .map(|client| ClientCompliance {
                compliance: sum_where(&|(cid, _)| *cid == client.id),
                client_id: client.id,
                name: client.name,
            })
            .collect();

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

        let day = jiff::SignedDuration::from_hours(24);
        let edge = |days: i64| us(now) - days * day.as_micros() as i64;
        let edges = figures::AGE_EDGES_DAYS.map(edge);
        let backlog = figures::backlog(&store::dashboard::backlog(&self.db, edges).await?, edges);
        // Independent reads, side by side: the wait is the longer one.
        let (resolved, created, kb) = tokio::try_join!(
            async {
                Ok(store::dashboard::resolved_in(&self.db, period.from_us, period.to_us).await?)
            },
            async {
                Ok(store::dashboard::created_in(&self.db, period.from_us, period.to_us).await?)
            },
            self.kb_figures(actor, crate::ts(period.from_us), crate::ts(period.to_us)),
        )?;
        let names: BTreeMap<i64, String> = workload_names(&self.list_users(actor).await?);
        let zone = self.provider_zone().await?;
        Ok(Dashboard {
            resolution_by_priority: figures::resolution_by_priority(&resolved, &period),
            resolution_by_agent: figures::resolution_by_agent(
                &resolved,
                &period,
                &names,
                "unassigned",
            ),
            first_response: figures::first_response(&created, &period),
            busiest_hours: figures::busiest_hours(&created, &period, &zone.tz),
            period,
            kb,
            open,
            at_risk,
            breached,
            by_priority,
            by_client,
            workload,
            trend,
            backlog,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_follow_the_client_zone() {
        // Still November in Buenos Aires (UTC−3) at 02:00 UTC on 1 December.
        let tz = TimeZone::get("America/Argentina/Buenos_Aires").unwrap();
        let nov = Month::parse("m", "2026-11").unwrap();
        let (from, to) = period::months_bounds(nov, nov, &tz).unwrap();
        assert_eq!(crate::ts(from).to_string(), "2026-11-01T03:00:00Z");
        assert_eq!(crate::ts(to).to_string(), "2026-12-01T03:00:00Z");
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
