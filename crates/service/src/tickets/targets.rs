//! What a client sees before opening a ticket: the resolution time of each priority under
//! the policy that would be pinned for the chosen campus (campus → client → seed plan).

use domain::{
    Priority,
    priority::PerPriority,
    sla::{ClockKind, Target},
};
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
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        // A preview: plain reads, never the write transaction (SQLite's write lock) creation takes.
        let subs = store::policies::list_subscriptions(&self.db, Some(client_id)).await?;
        let plan = super::create::choose_plan(&subs, campus_id, &tz, self.now());
        let (policy_version, calendar_version) = store::policies::plan_pins(&self.db, plan).await?;
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
