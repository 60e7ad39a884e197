//! A plan's services: which of the seed's twelve it includes and which of those only campuses
//! on our servers get. New plans start with the seed's list (all included, the asterisked five
//! hosted-only); administrators change it through the plans API and the plan's edit page.

use std::collections::HashMap;

use domain::{FieldError, contract::ContractService};
use serde::{Deserialize, Serialize};
use store::{Tx, contract::PlanServiceRow};
use utoipa::ToSchema;

use crate::{Actor, Service, ServiceResult, admin::Errors};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanServiceView {
    pub service: ContractService,
    /// The plan includes this service.
    pub included: bool,
    /// Only campuses on our servers get it (the seed's asterisk).
    pub hosted_only: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanServiceInput {
    pub service: ContractService,
    pub included: bool,
    pub hosted_only: bool,
}

/// Services to set; the ones not listed keep what they were.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanServicesInput {
    pub services: Vec<PlanServiceInput>,
}

/// The seed's entry for a service a plan has no row for (a service added after the plan).
fn seed_entry(s: ContractService) -> PlanServiceView {
    PlanServiceView {
        service: s,
        included: true,
        hosted_only: s.seed_hosted_only(),
    }
}

/// Writes the seed's list for a plan just created (in its transaction).
pub(crate) async fn seed_plan_services(tx: &mut Tx, plan_id: i64) -> ServiceResult<()> {
    for s in ContractService::ALL {
        let e = seed_entry(*s);
        store::contract::set_plan_service(
            tx,
            &PlanServiceRow {
                plan_id,
                service: s.as_str().into(),
                included: e.included,
                hosted_only: e.hosted_only,
            },
        )
        .await?;
    }
    Ok(())
}

impl Service {
    /// A plan's twelve services in the seed's order. An unknown stored code is skipped: it
    /// can only come from a newer version that added a service, and this one cannot show it.
    pub(crate) async fn plan_services_of(
        &self,
        plan_id: i64,
    ) -> ServiceResult<Vec<PlanServiceView>> {
        let rows: HashMap<String, PlanServiceRow> =
            store::contract::list_plan_services(&self.db, plan_id)
                .await?
                .into_iter()
                .map(|r| (r.service.clone(), r))
                .collect();
        Ok(ContractService::ALL
            .iter()
            .map(|s| match rows.get(s.as_str()) {
                Some(r) => PlanServiceView {
                    service: *s,
                    included: r.included,
                    hosted_only: r.hosted_only,
                },
                None => seed_entry(*s),
            })
            .collect())
    }

    /// A plan's services, for whoever may read the plan (a client admin: only the plans that
    /// apply to them; another answers 404).
    pub async fn plan_services(
        &self,
        actor: &Actor,
        plan_id: i64,
    ) -> ServiceResult<Vec<PlanServiceView>> {
        self.get_plan(actor, plan_id).await?; // TENANT
        self.plan_services_of(plan_id).await
    }

    /// Sets some of a plan's services (administrators). A service named twice is refused, so
    /// the outcome never depends on the order of the list.
    pub async fn set_plan_services(
        &self,
        actor: &Actor,
        plan_id: i64,
        i: &PlanServicesInput,
    ) -> ServiceResult<Vec<PlanServiceView>> {
        self.get_plan(actor, plan_id).await?; // TENANT: 404 before 403
        actor.require_admin()?;
        let mut e = Errors::default();
        let mut seen = HashMap::new();
        for (n, s) in i.services.iter().enumerate() {
            if let Some(first) = seen.insert(s.service, n) {
                e.0.push(
                    FieldError::new(
                        format!("services[{n}].service"),
                        "duplicate",
                        format!("{} is already set by services[{first}]", s.service.as_str()),
                    )
                    .with("value", s.service.as_str()),
                );
            }
        }
        e.finish()?;
        let mut tx = self.db.begin().await?;
        for s in &i.services {
            store::contract::set_plan_service(
                &mut tx,
                &PlanServiceRow {
                    plan_id,
                    service: s.service.as_str().into(),
                    included: s.included,
                    hosted_only: s.hosted_only,
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.plan_services_of(plan_id).await
    }
}

impl From<PlanServiceView> for PlanServiceInput {
    fn from(v: PlanServiceView) -> Self {
        PlanServiceInput {
            service: v.service,
            included: v.included,
            hosted_only: v.hosted_only,
        }
    }
}
