//! What a client sees before opening a ticket: the resolution time of each priority under
//! the policy that would be pinned for the chosen campus (campus → client → seed plan).

use domain::{
    Priority,
    priority::PerPriority,
    sla::{ClockKind, Target},
};
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::{Actor, Service, ServiceError, ServiceResult};

#[derive(Debug, Clone, Serialize)]
pub struct ResolutionTargets {
    pub policy: String,
    pub targets: PerPriority<Target>,
}

impl ResolutionTargets {
    pub fn target(&self, p: Priority) -> Target {
        *self.targets.get(p)
    }

    /// `true` when the priority counts business hours (the UI says "horas hábiles").
    pub fn is_business(&self, p: Priority) -> bool {
        self.targets.get(p).clock == ClockKind::Business
    }
}

impl Service {
    /// The targets a new ticket of `client_id` (optionally on `campus_id`) would get now.
    pub async fn resolution_targets(
        &self,
        actor: &Actor,
        client_id: i64,
        campus_id: Option<i64>,
    ) -> ServiceResult<ResolutionTargets> {
        actor.check_client(client_id)?;
        let client = store::clients::get_client(&self.db, client_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let tz = TimeZone::get(&client.time_zone).unwrap_or(TimeZone::UTC);
        let mut tx = self.db.begin().await?;
        let subs = store::policies::subscriptions_in_tx(&mut tx, client_id).await?;
        let plan = super::create::choose_plan(&subs, campus_id, &tz, self.now());
        let (policy_version, calendar_version) =
            store::policies::plan_pins_in_tx(&mut tx, plan).await?;
        drop(tx);
        let pinned = self
            .policies
            .get(&self.db, policy_version, calendar_version)
            .await?;
        Ok(ResolutionTargets {
            policy: pinned.policy.name.clone(),
            targets: pinned.policy.targets,
        })
    }
}
