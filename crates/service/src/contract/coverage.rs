//! What one campus gets of its contract: the plan that applies to it today (the campus's own
//! subscription, else the client's, else the built-in plan — the rule tickets follow) and, per
//! service, included or not and why. A client admin reads only its own campuses; any other
//! answers 404, like another client's ticket.

use domain::contract::{ContractService, Coverage, coverage};
use serde::Serialize;
use store::clients::CampusRow;
use utoipa::ToSchema;

use super::PlanServiceView;
use crate::{Actor, Service, ServiceError, ServiceResult};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceCoverage {
    pub service: ContractService,
    /// `included`; `not_in_plan`; `not_hosted` (hosted-only, and the campus is not on our servers).
    pub coverage: Coverage,
    /// Whether the plan lists the service at all.
    pub in_plan: bool,
    /// The seed's asterisk as the plan keeps it.
    pub hosted_only: bool,
    /// Why it is not included, in plain words (absent when included).
    pub why_not: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoveragePlan {
    pub id: i64,
    pub name: String,
    pub admin_hours_per_month: i64,
    /// The seed's plan (the campus has no subscription of its own nor its client's).
    pub built_in: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampusCoverage {
    pub campus_id: i64,
    pub client_id: i64,
    pub url: String,
    pub hosted_by_us: bool,
    pub plan: CoveragePlan,
    /// The twelve services in the seed's order.
    pub services: Vec<ServiceCoverage>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientCoverage {
    pub client_id: i64,
    /// Each campus of the client, in id order.
    pub campuses: Vec<CampusCoverage>,
}

fn service_coverage(s: &PlanServiceView, hosted: bool) -> ServiceCoverage {
    let c = coverage(s.included, s.hosted_only, hosted);
    ServiceCoverage {
        service: s.service,
        coverage: c,
        in_plan: s.included,
        hosted_only: s.hosted_only,
        why_not: match c {
            Coverage::Included => None,
            Coverage::NotInPlan => Some("the plan does not include this service".into()),
            Coverage::NotHosted => Some("only for campuses hosted on our servers".into()),
        },
    }
}

impl Service {
    pub async fn campus_coverage(
        &self,
        actor: &Actor,
        campus_id: i64,
    ) -> ServiceResult<CampusCoverage> {
        let campus = store::clients::get_campus(&self.db, campus_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        actor.check_client(campus.client_id)?; // TENANT
        self.coverage_of(&campus).await
    }

    pub async fn client_coverage(
        &self,
        actor: &Actor,
        client_id: i64,
    ) -> ServiceResult<ClientCoverage> {
        actor.check_client(client_id)?; // TENANT
        store::clients::get_client(&self.db, client_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut campuses = Vec::new();
        // TENANT: this client's campuses only.
        for c in store::clients::list_campuses(&self.db, Some(client_id)).await? {
            campuses.push(self.coverage_of(&c).await?);
        }
        Ok(ClientCoverage {
            client_id,
            campuses,
        })
    }

    /// What one campus gets of one service today, by the flags of the plan that applies to
    /// it (an admin may have edited the seed's asterisk or dropped a service): what the
    /// maintenance records and the backup watch go by.
    pub(crate) async fn covers(
        &self,
        client_id: i64,
        campus_id: i64,
        hosted_by_us: bool,
        service: ContractService,
    ) -> ServiceResult<Coverage> {
        let plan = self
            .ranked_plans(client_id, Some(campus_id), self.now())
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::Internal("no built-in plan".into()))?;
        let services = self.plan_services_of(plan.id).await?;
        let s = services
            .iter()
            .find(|s| s.service == service)
            .ok_or_else(|| ServiceError::Internal(format!("plan {}: no {service:?}", plan.id)))?;
        Ok(coverage(s.included, s.hosted_only, hosted_by_us))
    }

    async fn coverage_of(&self, campus: &CampusRow) -> ServiceResult<CampusCoverage> {
        let plan = self
            .ranked_plans(campus.client_id, Some(campus.id), self.now())
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::Internal("no built-in plan".into()))?;
        let services = self
            .plan_services_of(plan.id)
            .await?
            .iter()
            .map(|s| service_coverage(s, campus.hosted_by_us))
            .collect();
        Ok(CampusCoverage {
            campus_id: campus.id,
            client_id: campus.client_id,
            url: campus.url.clone(),
            hosted_by_us: campus.hosted_by_us,
            plan: CoveragePlan {
                id: plan.id,
                name: plan.name,
                admin_hours_per_month: plan.admin_hours_per_month,
                built_in: plan.built_in,
            },
            services,
        })
    }
}
