//! The contract: what a plan covers (`/plans/{id}/services`), what one campus or every campus of
//! a client gets of it (`/campuses/{id}/coverage`, `/clients/{id}/coverage`), and accepting the
//! scope Atiende suggested for a ticket. A client admin reads its own campuses and the plans
//! that apply to it; anything else answers 404.

use axum::{Json, extract::State};
use service::{
    Service,
    contract::{CampusCoverage, ClientCoverage, PlanServiceView, PlanServicesInput},
    tickets::TicketView,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, Auth, Id},
};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(campus_coverage))
        .routes(routes!(client_coverage))
        .routes(routes!(plan_services, set_plan_services))
        .routes(routes!(accept_suggestion))
}

/// What one campus gets of its contract today: the plan that applies (the campus's own
/// subscription, else its client's, else the built-in plan), its administration hours per
/// month, and per service `included`, `not_in_plan` or `not_hosted` (hosted-only services on a
/// campus that is not on our servers).
#[utoipa::path(get, path = "/api/v1/campuses/{id}/coverage", tag = "contract", params(("id" = i64, Path)), responses((status = 200, body = CampusCoverage)), security(("bearer" = [])))]
async fn campus_coverage(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<CampusCoverage> {
    Ok(Json(s.campus_coverage(&a, id).await?))
}

/// The coverage of each campus of a client.
#[utoipa::path(get, path = "/api/v1/clients/{id}/coverage", tag = "contract", params(("id" = i64, Path)), responses((status = 200, body = ClientCoverage)), security(("bearer" = [])))]
async fn client_coverage(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<ClientCoverage> {
    Ok(Json(s.client_coverage(&a, id).await?))
}

/// A plan's twelve services (the seed's list, in its order): included or not, hosted-only or not.
#[utoipa::path(get, path = "/api/v1/plans/{id}/services", tag = "contract", params(("id" = i64, Path)), responses((status = 200, body = Vec<PlanServiceView>)), security(("bearer" = [])))]
async fn plan_services(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<Vec<PlanServiceView>> {
    Ok(Json(s.plan_services(&a, id).await?))
}

/// Sets some of a plan's services (administrators); those not listed keep their values. A
/// service listed twice is refused (422 naming `services[i].service`).
#[utoipa::path(put, path = "/api/v1/plans/{id}/services", tag = "contract", params(("id" = i64, Path)), request_body = PlanServicesInput, responses((status = 200, body = Vec<PlanServiceView>)), security(("bearer" = [])))]
async fn set_plan_services(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<PlanServicesInput>,
) -> ApiResult<Vec<PlanServiceView>> {
    Ok(Json(s.set_plan_services(&a, id, &i).await?))
}

/// Staff accept the scope Atiende suggested when the ticket was opened: the ticket's scope
/// becomes it, recorded with the decision in the history. 409 `no_scope_suggestion` /
/// `scope_suggestion_decided`; to override, set another `scope` with `PATCH`.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/scope-suggestion/accept", tag = "tickets", params(("id" = String, Path)), responses((status = 200, body = TicketView)), security(("bearer" = [])))]
async fn accept_suggestion(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<TicketView> {
    Ok(Json(s.accept_scope_suggestion(&a, id).await?))
}
