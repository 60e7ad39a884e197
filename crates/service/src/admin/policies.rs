//! Business calendars, SLA policies, plans and subscriptions. Edits append versions:
//! a ticket keeps the policy and calendar version it was opened under.

use domain::{
    FieldError,
    calendar::{BusinessCalendar, CalendarSpec},
    limits,
    priority::PerPriority,
    sla::{ClockKind, Target},
    ticket::single_line,
};
use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use store::policies::{
    self as st, CalendarRow, NewPolicyVersion, PlanRow, PolicyRow, SubscriptionRow,
};
use utoipa::ToSchema;

use super::{Errors, parse_date, rfc3339};
use crate::{Actor, Service, ServiceError, ServiceResult};

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarView {
    pub id: i64,
    pub name: String,
    pub version: i64,
    #[schema(value_type = Object)]
    pub spec: CalendarSpec,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarInput {
    pub name: String,
    /// `{"time_zone": "Europe/Madrid", "weekly": {"mon": [["09:00","13:00"],["14:00","18:00"]], …},
    /// "holidays": ["2026-12-08", {"date": "2026-04-03", "name": "Viernes Santo"}, {"date": "12-25", "name": "Navidad", "yearly": true}]}`
    /// — a holiday is a bare date or an object; a yearly one repeats every year on its month and day.
    #[schema(value_type = Object)]
    pub spec: CalendarSpec,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyView {
    pub id: i64,
    pub name: String,
    pub version: i64,
    pub calendar_id: Option<i64>,
    /// Per priority: `{"target_seconds": 14400, "clock": "calendar"|"business"}`.
    #[schema(value_type = Object)]
    pub targets: PerPriority<Target>,
    pub warn_percent: i64,
    pub second_warn_percent: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    pub name: String,
    pub calendar_id: Option<i64>,
    #[schema(value_type = Object)]
    pub targets: PerPriority<Target>,
    #[serde(default = "seventy_five")]
    pub warn_percent: i64,
    #[serde(default = "ninety")]
    pub second_warn_percent: i64,
}

fn seventy_five() -> i64 {
    75
}
fn ninety() -> i64 {
    90
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub id: i64,
    pub name: String,
    pub policy_id: i64,
    pub admin_hours_per_month: i64,
    /// The seed's plan, used when a client has no subscription.
    pub built_in: bool,
    /// Unused administration hours carry into the next month, once (`hours`).
    pub admin_hours_rollover: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub name: String,
    pub policy_id: i64,
    #[serde(default)]
    pub admin_hours_per_month: i64,
    /// Unused administration hours carry into the next month, once; absent keeps the plan's
    /// setting (`false` for a new plan).
    #[serde(default)]
    pub admin_hours_rollover: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionView {
    pub id: i64,
    pub client_id: i64,
    pub campus_id: Option<i64>,
    pub plan_id: i64,
    #[schema(format = Date)]
    pub start_date: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionInput {
    pub client_id: i64,
    /// Set to subscribe one campus; omitted = the whole client.
    pub campus_id: Option<i64>,
    pub plan_id: i64,
    #[schema(format = Date)]
    pub start_date: String,
}

pub(crate) fn calendar_view(r: CalendarRow) -> ServiceResult<CalendarView> {
    let spec = serde_json::from_str(&r.spec)
        .map_err(|e| ServiceError::Internal(format!("calendar {}: {e}", r.id)))?;
    Ok(CalendarView {
        id: r.id,
        name: r.name,
        version: r.version,
        spec,
    })
}

pub(crate) fn policy_view(r: PolicyRow) -> ServiceResult<PolicyView> {
    let targets = serde_json::from_str(&r.targets)
        .map_err(|e| ServiceError::Internal(format!("policy {}: {e}", r.id)))?;
    Ok(PolicyView {
        id: r.id,
        name: r.name,
        version: r.version,
        calendar_id: r.calendar_id,
        targets,
        warn_percent: r.warn_percent,
        second_warn_percent: r.second_warn_percent,
    })
}

fn plan_view(r: PlanRow) -> PlanView {
    PlanView {
        id: r.id,
        name: r.name,
        policy_id: r.policy_id,
        admin_hours_per_month: r.admin_hours_per_month,
        built_in: r.built_in,
        admin_hours_rollover: r.admin_hours_rollover,
    }
}

fn subscription_view(r: SubscriptionRow) -> SubscriptionView {
    SubscriptionView {
        id: r.id,
        client_id: r.client_id,
        campus_id: r.campus_id,
        plan_id: r.plan_id,
        start_date: r.start_date,
        created_at: rfc3339(r.created_at_us),
    }
}

/// A week is the longest contractual target; a year bounds typos without limiting real plans.
const TARGET_MAX_SECONDS: i64 = 366 * 24 * 3600;

fn validate_policy(i: &PolicyInput) -> ServiceResult<String> {
    let mut e = Errors::default();
    e.take(single_line("name", &i.name, limits::NAME_MAX));
    for p in domain::Priority::ALL {
        let t = i.targets.get(p);
        if t.target_seconds <= 0 || t.target_seconds > TARGET_MAX_SECONDS {
            e.0.push(
                FieldError::new(
                    format!("targets.{}.target_seconds", p.as_str()),
                    "target_range",
                    "between 1 second and 366 days",
                )
                .with("max_days", TARGET_MAX_SECONDS / 86_400),
            );
        }
        if t.clock == ClockKind::Business && i.calendar_id.is_none() {
            e.0.push(FieldError::new(
                format!("targets.{}.clock", p.as_str()),
                "requires_calendar",
                "business clock needs calendar_id",
            ));
        }
    }
    if !(1..=99).contains(&i.warn_percent) {
        e.0.push(
            FieldError::new("warn_percent", "range", "between 1 and 99")
                .with("min", 1)
                .with("max", 99),
        );
    }
    if !(i.warn_percent..=99).contains(&i.second_warn_percent) {
        e.0.push(
            FieldError::new(
                "second_warn_percent",
                "range",
                "between warn_percent and 99",
            )
            .with("min", i.warn_percent)
            .with("max", 99),
        );
    }
    e.finish()?;
    serde_json::to_string(&i.targets).map_err(|e| ServiceError::Internal(e.to_string()))
}

/// What a client admin may read: the plans their subscriptions name (plus the built-in plan
/// while some of their tickets can fall back to it), those plans' policies, and those policies'
/// calendars. Everything else is another client's business and answers 404.
struct Visible {
    plans: HashSet<i64>,
    policies: HashSet<i64>,
    calendars: HashSet<i64>,
}

impl Service {
    /// `None` for staff (every object); the client admin's readable set otherwise.
    async fn visible(&self, actor: &Actor) -> ServiceResult<Option<Visible>> {
        // TENANT: a client admin reads only the configuration that applies to its own client.
        let Some(client) = actor.client_scope() else {
            return Ok(None);
        };
        let subs = st::list_subscriptions(&self.db, Some(client)).await?;
        let mut plans: HashSet<i64> = subs.iter().map(|s| s.plan_id).collect();
        // Without a whole-client subscription, a ticket with no campus (or a campus without its
        // own subscription) runs on the built-in plan.
        let falls_back = !subs.iter().any(|s| s.campus_id.is_none());
        let mut policies = HashSet::new();
        for p in st::list_plans(&self.db).await? {
            if (p.built_in && falls_back) || plans.contains(&p.id) {
                plans.insert(p.id);
                policies.insert(p.policy_id);
            }
        }
        let mut calendars = HashSet::new();
        for p in st::list_policies(&self.db).await? {
            if policies.contains(&p.id)
                && let Some(c) = p.calendar_id
            {
                calendars.insert(c);
            }
        }
        Ok(Some(Visible {
            plans,
            policies,
            calendars,
        }))
    }

    pub async fn list_calendars(&self, actor: &Actor) -> ServiceResult<Vec<CalendarView>> {
        let visible = self.visible(actor).await?;
        st::list_calendars(&self.db)
            .await?
            .into_iter()
            .filter(|c| visible.as_ref().is_none_or(|v| v.calendars.contains(&c.id)))
            .map(calendar_view)
            .collect()
    }

    pub async fn get_calendar(&self, actor: &Actor, id: i64) -> ServiceResult<CalendarView> {
        if let Some(v) = self.visible(actor).await?
            && !v.calendars.contains(&id)
        {
            return Err(ServiceError::NotFound);
        }
        self.calendar(id).await
    }

    async fn calendar(&self, id: i64) -> ServiceResult<CalendarView> {
        calendar_view(
            st::get_calendar(&self.db, id)
                .await?
                .ok_or(ServiceError::NotFound)?,
        )
    }

    /// `id = None` creates; `Some` appends a version (and renames).
    pub async fn save_calendar(
        &self,
        actor: &Actor,
        id: Option<i64>,
        i: &CalendarInput,
    ) -> ServiceResult<CalendarView> {
        actor.require_admin()?;
        let mut e = Errors::default();
        let name = e.take(single_line("name", &i.name, limits::NAME_MAX));
        e.take(BusinessCalendar::from_spec(&i.spec).map_err(|mut f| {
            f.field = format!("spec.{}", f.field);
            f
        }));
        e.finish()?;
        let name = name.unwrap_or_default();
        let spec =
            serde_json::to_string(&i.spec).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let mut tx = self.db.begin().await?;
        let id = match id {
            None => st::insert_calendar(&mut tx, &name, &spec, self.now_us()).await?,
            Some(id) => {
                st::rename_calendar(&mut tx, id, &name).await?;
                st::add_calendar_version(&mut tx, id, &spec, self.now_us()).await?;
                id
            }
        };
        tx.commit().await?;
        self.calendar(id).await
    }

    pub async fn list_policies(&self, actor: &Actor) -> ServiceResult<Vec<PolicyView>> {
        let visible = self.visible(actor).await?;
        st::list_policies(&self.db)
            .await?
            .into_iter()
            .filter(|p| visible.as_ref().is_none_or(|v| v.policies.contains(&p.id)))
            .map(policy_view)
            .collect()
    }

    pub async fn get_policy(&self, actor: &Actor, id: i64) -> ServiceResult<PolicyView> {
        if let Some(v) = self.visible(actor).await?
            && !v.policies.contains(&id)
        {
            return Err(ServiceError::NotFound);
        }
        self.policy(id).await
    }

    async fn policy(&self, id: i64) -> ServiceResult<PolicyView> {
        policy_view(
            st::get_policy(&self.db, id)
                .await?
                .ok_or(ServiceError::NotFound)?,
        )
    }

    pub async fn save_policy(
        &self,
        actor: &Actor,
        id: Option<i64>,
        i: &PolicyInput,
    ) -> ServiceResult<PolicyView> {
        actor.require_admin()?;
        let targets = validate_policy(i)?;
        if let Some(c) = i.calendar_id
            && st::get_calendar(&self.db, c).await?.is_none()
        {
            return Err(FieldError::new("calendar_id", "unknown", "no such calendar").into());
        }
        let name = i.name.trim();
        let v = NewPolicyVersion {
            calendar_id: i.calendar_id,
            targets: &targets,
            warn_percent: i.warn_percent,
            second_warn_percent: i.second_warn_percent,
        };
        let mut tx = self.db.begin().await?;
        let id = match id {
            None => st::insert_policy(&mut tx, name, &v, self.now_us()).await?,
            Some(id) => {
                st::rename_policy(&mut tx, id, name).await?;
                st::add_policy_version(&mut tx, id, &v, self.now_us()).await?;
                id
            }
        };
        tx.commit().await?;
        self.policy(id).await
    }

    pub async fn list_plans(&self, actor: &Actor) -> ServiceResult<Vec<PlanView>> {
        let visible = self.visible(actor).await?;
        Ok(st::list_plans(&self.db)
            .await?
            .into_iter()
            .filter(|p| visible.as_ref().is_none_or(|v| v.plans.contains(&p.id)))
            .map(plan_view)
            .collect())
    }

    pub async fn get_plan(&self, actor: &Actor, id: i64) -> ServiceResult<PlanView> {
        if let Some(v) = self.visible(actor).await?
            && !v.plans.contains(&id)
        {
            return Err(ServiceError::NotFound);
        }
        self.plan(id).await
    }

    async fn plan(&self, id: i64) -> ServiceResult<PlanView> {
        st::get_plan(&self.db, id)
            .await?
            .map(plan_view)
            .ok_or(ServiceError::NotFound)
    }

    pub async fn save_plan(
        &self,
        actor: &Actor,
        id: Option<i64>,
        i: &PlanInput,
    ) -> ServiceResult<PlanView> {
        actor.require_admin()?;
        let mut e = Errors::default();
        let name = e
            .take(single_line("name", &i.name, limits::NAME_MAX))
            .unwrap_or_default();
        if !(0..=10_000).contains(&i.admin_hours_per_month) {
            e.0.push(
                FieldError::new("admin_hours_per_month", "range", "between 0 and 10000")
                    .with("min", 0)
                    .with("max", 10_000),
            );
        }
        e.finish()?;
        if st::get_policy(&self.db, i.policy_id).await?.is_none() {
            return Err(FieldError::new("policy_id", "unknown", "no such SLA policy").into());
        }
        let mut tx = self.db.begin().await?;
        let id = match id {
            None => {
                let id = st::insert_plan(
                    &mut tx,
                    &name,
                    i.policy_id,
                    i.admin_hours_per_month,
                    self.now_us(),
                )
                .await?;
                crate::contract::seed_plan_services(&mut tx, id).await?;
                id
            }
            Some(id) => {
                st::update_plan(&mut tx, id, &name, i.policy_id, i.admin_hours_per_month).await?;
                id
            }
        };
        // The hours bank's rollover (issue 19): its own statement, apart from the plan's form.
        if let Some(rollover) = i.admin_hours_rollover {
            store::hours::set_plan_rollover(&mut tx, id, rollover).await?;
        }
        tx.commit().await?;
        self.plan(id).await
    }

    pub async fn list_subscriptions(
        &self,
        actor: &Actor,
        client: Option<i64>,
    ) -> ServiceResult<Vec<SubscriptionView>> {
        if let Some(c) = client {
            actor.check_client(c)?;
        }
        let scope = actor.client_scope().or(client);
        Ok(st::list_subscriptions(&self.db, scope)
            .await?
            .into_iter()
            .map(subscription_view)
            .collect())
    }

    pub async fn create_subscription(
        &self,
        actor: &Actor,
        i: &SubscriptionInput,
    ) -> ServiceResult<SubscriptionView> {
        actor.check_client(i.client_id)?;
        actor.require_admin()?;
        let start = parse_date("start_date", &i.start_date)?;
        if store::clients::get_client(&self.db, i.client_id)
            .await?
            .is_none()
        {
            return Err(FieldError::new("client_id", "unknown", "no such client").into());
        }
        if let Some(c) = i.campus_id {
            match store::clients::get_campus(&self.db, c).await? {
                Some(campus) if campus.client_id == i.client_id => {}
                _ => {
                    return Err(FieldError::new(
                        "campus_id",
                        "not_of_client",
                        "no such campus for this client",
                    )
                    .into());
                }
            }
        }
        if st::get_plan(&self.db, i.plan_id).await?.is_none() {
            return Err(FieldError::new("plan_id", "unknown", "no such plan").into());
        }
        let now_us = self.now_us();
        let mut tx = self.db.begin().await?;
        let id =
            st::insert_subscription(&mut tx, i.client_id, i.campus_id, i.plan_id, &start, now_us)
                .await?;
        tx.commit().await?;
        Ok(subscription_view(SubscriptionRow {
            id,
            client_id: i.client_id,
            campus_id: i.campus_id,
            plan_id: i.plan_id,
            start_date: start,
            created_at_us: now_us,
        }))
    }
}
