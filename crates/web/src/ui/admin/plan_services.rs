//! POST /admin/plans/{id}/services: the plan edit page's block of services (its own form, so
//! the plan's fields and its services are saved independently). Each row has two checkboxes,
//! `included` and `hosted_only`, whose values are the service codes; an unchecked box is sent
//! as nothing, so the form always sets all twelve.

use axum::extract::{Path, State};
use domain::contract::ContractService;
use service::{
    Actor, Service, ServiceResult,
    contract::{PlanServiceInput, PlanServicesInput},
};

use super::{
    LIST_PLANS, admin_only, done,
    screen::{OrPage, Page},
};
use crate::ui::{i18n::Tr, session::CsrfForm};

pub struct ServiceRow {
    pub code: &'static str,
    pub label: String,
    pub included: bool,
    pub hosted_only: bool,
}

pub struct PlanServicesBlock {
    pub plan_id: i64,
    pub rows: Vec<ServiceRow>,
}

impl PlanServicesBlock {
    pub async fn load(svc: &Service, a: &Actor, t: &Tr, plan_id: i64) -> ServiceResult<Self> {
        let rows = svc
            .plan_services(a, plan_id)
            .await?
            .into_iter()
            .map(|s| ServiceRow {
                code: s.service.as_str(),
                label: t.t(&format!(
                    "contract-service-{}",
                    s.service.as_str().replace('_', "-")
                )),
                included: s.included,
                hosted_only: s.hosted_only,
            })
            .collect();
        Ok(PlanServicesBlock { plan_id, rows })
    }
}

/// The checked codes of one checkbox column.
fn checked<'a>(pairs: &'a [(String, String)], name: &str) -> impl Fn(&str) -> bool + 'a {
    let codes: Vec<&'a str> = pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect();
    move |code| codes.contains(&code)
}

pub async fn save(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<Vec<(String, String)>>,
) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let (included, hosted_only) = (
        checked(&f.form, "included"),
        checked(&f.form, "hosted_only"),
    );
    let input = PlanServicesInput {
        services: ContractService::ALL
            .iter()
            .map(|c| PlanServiceInput {
                service: *c,
                included: included(c.as_str()),
                hosted_only: hosted_only(c.as_str()),
            })
            .collect(),
    };
    svc.set_plan_services(&s.0.actor, id, &input)
        .await
        .or_page(&t)?;
    Ok(done(LIST_PLANS, "saved"))
}
