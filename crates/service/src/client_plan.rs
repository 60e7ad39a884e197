//! The plan a client is served under, in the client's terms: the plan's name (what their
//! contract says, not the internal SLA policy name) and, when the policy counts business time,
//! the business calendar it counts on.
//!
//! A ticket pins a policy *version*, not a plan, and several plans may share one policy; the
//! plan is found again the way creation chose it (campus subscription, else the client's, else
//! the built-in plan, latest start first) and kept only if it carries the pinned policy. If the
//! subscriptions changed since so that no applicable plan does, the name is unknown (`None`)
//! rather than a guess. Plain reads: never the write transaction.

use domain::calendar::CalendarSpec;
use jiff::{Timestamp, civil::Date};
use store::policies::{PlanRow, SubscriptionRow};

use crate::{Actor, Service, ServiceError, ServiceResult, ts};

/// What the portal shows about a client's plan.
#[derive(Debug, Clone)]
pub struct ClientPlan {
    pub name: Option<String>,
    /// The policy's business calendar (weekly hours in its own zone, holidays); `None` when the
    /// policy has none (24×7 only).
    pub calendar: Option<CalendarSpec>,
}

impl Service {
    /// The plan of one ticket (the one it was opened under) and its pinned calendar.
    pub async fn ticket_plan(&self, actor: &Actor, ticket_id: i64) -> ServiceResult<ClientPlan> {
        let row = store::tickets::get_ticket(&self.db, ticket_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        // TENANT: another client's ticket answers 404.
        actor.check_ticket(&row)?;
        let policy = store::policies::get_policy_version(&self.db, row.policy_version_id)
            .await?
            .ok_or_else(|| {
                ServiceError::Internal(format!(
                    "ticket {}: pinned policy version {} is missing",
                    row.id, row.policy_version_id
                ))
            })?;
        let ranked = self
            .ranked_plans(row.client_id, row.campus_id, ts(row.created_at_us))
            .await?;
        let name = ranked
            .into_iter()
            .find(|p| p.policy_id == policy.id)
            .map(|p| p.name);
        let calendar = match row.calendar_version_id {
            Some(cv) => Some(self.calendar_spec(cv).await?),
            None => None,
        };
        Ok(ClientPlan { name, calendar })
    }

    /// The plan a new ticket of `client_id` on `campus_id` would be opened under now.
    pub async fn plan_preview(
        &self,
        actor: &Actor,
        client_id: i64,
        campus_id: Option<i64>,
    ) -> ServiceResult<ClientPlan> {
        // TENANT: a client admin previews its own client only.
        actor.check_client(client_id)?;
        let plan = self
            .ranked_plans(client_id, campus_id, self.now())
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::Internal("no built-in plan".into()))?;
        let (_, cv) = store::policies::plan_pins(&self.db, plan.id).await?;
        let calendar = match cv {
            Some(cv) => Some(self.calendar_spec(cv).await?),
            None => None,
        };
        Ok(ClientPlan {
            name: Some(plan.name),
            calendar,
        })
    }

    /// Plans that apply to the campus at `at`, best first: the campus's own subscriptions,
    /// then the client's, then the built-in plan (DESIGN.md "Which policy").
    pub(crate) async fn ranked_plans(
        &self,
        client_id: i64,
        campus_id: Option<i64>,
        at: Timestamp,
    ) -> ServiceResult<Vec<PlanRow>> {
        let client = store::clients::get_client(&self.db, client_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        // TENANT: this client's subscriptions only.
        let subs = store::policies::list_subscriptions(&self.db, Some(client_id)).await?;
        let started = |s: &SubscriptionRow| {
            s.start_date
                .parse::<Date>()
                .ok()
                .and_then(|d| tz.to_timestamp(d.at(0, 0, 0, 0)).ok())
                .is_some_and(|start| start <= at)
        };
        let mut applicable: Vec<&SubscriptionRow> = subs
            .iter()
            .filter(|s| started(s))
            .filter(|s| s.campus_id.is_none() || (campus_id.is_some() && s.campus_id == campus_id))
            .collect();
        // Campus-specific first, then the latest start, the most recently created.
        applicable.sort_by(|a, b| {
            (b.campus_id.is_some(), &b.start_date, b.created_at_us, b.id).cmp(&(
                a.campus_id.is_some(),
                &a.start_date,
                a.created_at_us,
                a.id,
            ))
        });
        let plans = store::policies::list_plans(&self.db).await?;
        let mut ranked: Vec<PlanRow> = applicable
            .iter()
            .filter_map(|s| plans.iter().find(|p| p.id == s.plan_id).cloned())
            .collect();
        ranked.extend(plans.iter().filter(|p| p.built_in).cloned());
        Ok(ranked)
    }

    async fn calendar_spec(&self, version_id: i64) -> ServiceResult<CalendarSpec> {
        let corrupt = || {
            ServiceError::Internal(format!(
                "calendar version {version_id} is missing or unreadable"
            ))
        };
        let row = store::policies::get_calendar_version(&self.db, version_id)
            .await?
            .ok_or_else(corrupt)?;
        serde_json::from_str(&row.spec).map_err(|_| corrupt())
    }
}
