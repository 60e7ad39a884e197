//! The SLA side: the built-in seed plan and a Madrid business-hours plan (calendar, policy,
//! plan) so the demo shows both clocks, and the subscription that puts a client on the latter.

use anyhow::anyhow;
use domain::{
    calendar::{BusinessCalendar, CalendarSpec},
    priority::PerPriority,
    sla::{ClockKind, SlaPolicy, Target},
};
use jiff::{Timestamp, tz::TimeZone};
use service::{
    Actor, Service,
    admin::policies::{CalendarInput, PlanInput, PolicyInput, SubscriptionInput},
};

use super::{TZ_MADRID, days_ago, e};

/// The seed's built-in plan (migration 0001).
const BUILT_IN_PLAN: i64 = 1;

/// The two plans a demo client can be on, with the domain's view of their policies so stories
/// can be counted back on the right clock.
pub(super) struct Plans {
    seed_policy: SlaPolicy,
    business_plan: i64,
    business_policy: SlaPolicy,
    business_calendar: BusinessCalendar,
}

impl Plans {
    /// Reads the built-in plan and creates the Madrid business-hours one.
    pub(super) async fn seed(tt: &Service, admin: &Actor) -> anyhow::Result<Self> {
        let seed_plan = tt
            .get_plan(admin, BUILT_IN_PLAN)
            .await
            .map_err(e("built-in plan"))?;
        let seed_policy = sla_policy(tt, admin, seed_plan.policy_id).await?;
        let (business_plan, business_policy, business_calendar) = business_plan(tt, admin).await?;
        Ok(Self {
            seed_policy,
            business_plan,
            business_policy,
            business_calendar,
        })
    }

    /// Subscribes the client to the business plan when `business` (since 180 days ago), else
    /// leaves it on the built-in plan; returns the policy and calendar its tickets count on.
    pub(super) async fn subscribe(
        &self,
        tt: &Service,
        admin: &Actor,
        client_id: i64,
        business: bool,
        now: Timestamp,
        tz: &TimeZone,
    ) -> anyhow::Result<(SlaPolicy, Option<BusinessCalendar>)> {
        if !business {
            return Ok((self.seed_policy.clone(), None));
        }
        tt.create_subscription(
            admin,
            &SubscriptionInput {
                client_id,
                campus_id: None,
                plan_id: self.business_plan,
                start_date: days_ago(now, tz, 180)?,
            },
        )
        .await
        .map_err(e("subscription"))?;
        Ok((
            self.business_policy.clone(),
            Some(self.business_calendar.clone()),
        ))
    }
}

/// Calendar "Madrid laboral", its policy and the plan using it; returns (plan id, policy, calendar).
async fn business_plan(
    tt: &Service,
    admin: &Actor,
) -> anyhow::Result<(i64, SlaPolicy, BusinessCalendar)> {
    let windows = || {
        vec![
            ["09:00".to_string(), "13:00".to_string()],
            ["14:00".to_string(), "18:00".to_string()],
        ]
    };
    let spec = CalendarSpec {
        time_zone: TZ_MADRID.into(),
        weekly: ["mon", "tue", "wed", "thu", "fri"]
            .into_iter()
            .map(|d| (d.to_string(), windows()))
            .collect(),
        holidays: [
            "2026-10-12",
            "2026-11-02",
            "2026-11-09",
            "2026-12-07",
            "2026-12-08",
            "2026-12-25",
            "2027-01-01",
            "2027-01-06",
        ]
        .into_iter()
        .map(domain::calendar::Holiday::on)
        .collect(),
    };
    let cal = tt
        .save_calendar(
            admin,
            None,
            &CalendarInput {
                name: "Madrid laboral".into(),
                spec: spec.clone(),
            },
        )
        .await
        .map_err(e("calendar"))?;
    let business = |h: i64| Target {
        target_seconds: h * 3600,
        clock: ClockKind::Business,
    };
    let targets = PerPriority {
        low: business(45),
        medium: business(18),
        high: business(9),
        urgent: Target {
            target_seconds: 4 * 3600,
            clock: ClockKind::Calendar,
        },
    };
    let policy = tt
        .save_policy(
            admin,
            None,
            &PolicyInput {
                name: "Horario laboral Madrid".into(),
                calendar_id: Some(cal.id),
                targets,
                warn_percent: 75,
                second_warn_percent: 90,
            },
        )
        .await
        .map_err(e("policy"))?;
    let plan = tt
        .save_plan(
            admin,
            None,
            &PlanInput {
                name: "Abono mensual — horario laboral (Madrid)".into(),
                policy_id: policy.id,
                admin_hours_per_month: 10,
                admin_hours_rollover: None,
            },
        )
        .await
        .map_err(e("plan"))?;
    let sla_policy = sla_policy(tt, admin, policy.id).await?;
    let calendar = BusinessCalendar::from_spec(&spec).map_err(|f| anyhow!("calendar spec: {f}"))?;
    Ok((plan.id, sla_policy, calendar))
}

/// The domain's view of a saved policy (what the service pins on tickets).
async fn sla_policy(tt: &Service, admin: &Actor, id: i64) -> anyhow::Result<SlaPolicy> {
    let p = tt.get_policy(admin, id).await.map_err(e("policy"))?;
    Ok(SlaPolicy {
        name: p.name,
        targets: p.targets,
        warn_percent: u8::try_from(p.warn_percent)?,
        second_warn_percent: u8::try_from(p.second_warn_percent)?,
    })
}
