//! Clients, campuses, users, tokens, calendars, SLA policies, plans and subscriptions.
//! Reads are tenant-scoped (a client admin sees its own client); writes need `admin`.

use axum::{Json, extract::State, http::StatusCode};
use serde::Deserialize;
use service::admin::deletes::Deletable;
use service::{
    Service,
    admin::{
        clients::{CampusInput, CampusView, ClientInput, ClientView},
        policies::{
            CalendarInput, CalendarView, PlanInput, PlanView, PolicyInput, PolicyView,
            SubscriptionInput, SubscriptionView,
        },
        users::{TokenCreated, TokenInput, UserInput, UserView},
    },
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
};

type ApiResult<T> = Result<Json<T>, ApiError>;
type Created<T> = Result<(StatusCode, Json<T>), ApiError>;

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, update_client, delete_client))
        .routes(routes!(list_campuses, create_campus))
        .routes(routes!(get_campus, update_campus, delete_campus))
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(deactivate_user))
        .routes(routes!(reactivate_user))
        .routes(routes!(invite_user))
        .routes(routes!(me))
        .routes(routes!(create_token))
        .routes(routes!(list_calendars, create_calendar))
        .routes(routes!(get_calendar, update_calendar, delete_calendar))
        .routes(routes!(list_policies, create_policy))
        .routes(routes!(get_policy, update_policy, delete_policy))
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(get_plan, update_plan, delete_plan))
        .routes(routes!(list_subscriptions, create_subscription))
        .routes(routes!(delete_subscription))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientFilter {
    pub client_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", responses((status = 200, body = Vec<ClientView>)), security(("bearer" = [])))]
async fn list_clients(State(s): State<Service>, Auth(a): Auth) -> ApiResult<Vec<ClientView>> {
    Ok(Json(s.list_clients(&a).await?))
}

#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", request_body = ClientInput, responses((status = 201, body = ClientView)), security(("bearer" = [])))]
async fn create_client(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<ClientInput>,
) -> Created<ClientView> {
    Ok((StatusCode::CREATED, Json(s.create_client(&a, &i).await?)))
}

#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients", params(("id" = i64, Path)), responses((status = 200, body = ClientView)), security(("bearer" = [])))]
async fn get_client(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<ClientView> {
    Ok(Json(s.get_client(&a, id).await?))
}

#[utoipa::path(put, path = "/api/v1/clients/{id}", tag = "clients", params(("id" = i64, Path)), request_body = ClientInput, responses((status = 200, body = ClientView)), security(("bearer" = [])))]
async fn update_client(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<ClientInput>,
) -> ApiResult<ClientView> {
    Ok(Json(s.update_client(&a, id, &i).await?))
}

#[utoipa::path(get, path = "/api/v1/campuses", tag = "clients", params(ClientFilter), responses((status = 200, body = Vec<CampusView>)), security(("bearer" = [])))]
async fn list_campuses(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(f): ApiQuery<ClientFilter>,
) -> ApiResult<Vec<CampusView>> {
    Ok(Json(s.list_campuses(&a, f.client_id).await?))
}

#[utoipa::path(post, path = "/api/v1/campuses", tag = "clients", request_body = CampusInput, responses((status = 201, body = CampusView)), security(("bearer" = [])))]
async fn create_campus(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<CampusInput>,
) -> Created<CampusView> {
    Ok((StatusCode::CREATED, Json(s.create_campus(&a, &i).await?)))
}

#[utoipa::path(get, path = "/api/v1/campuses/{id}", tag = "clients", params(("id" = i64, Path)), responses((status = 200, body = CampusView)), security(("bearer" = [])))]
async fn get_campus(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<CampusView> {
    Ok(Json(s.get_campus(&a, id).await?))
}

#[utoipa::path(put, path = "/api/v1/campuses/{id}", tag = "clients", params(("id" = i64, Path)), request_body = CampusInput, responses((status = 200, body = CampusView)), security(("bearer" = [])))]
async fn update_campus(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<CampusInput>,
) -> ApiResult<CampusView> {
    Ok(Json(s.update_campus(&a, id, &i).await?))
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, body = Vec<UserView>)), security(("bearer" = [])))]
async fn list_users(State(s): State<Service>, Auth(a): Auth) -> ApiResult<Vec<UserView>> {
    Ok(Json(s.list_users(&a).await?))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserInput, responses((status = 201, body = UserView)), security(("bearer" = [])))]
async fn create_user(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<UserInput>,
) -> Created<UserView> {
    Ok((
        StatusCode::CREATED,
        Json(s.create_user(Some(&a), &i).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = UserView)), security(("bearer" = [])))]
async fn get_user(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<UserView> {
    Ok(Json(s.get_user(&a, id).await?))
}

#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = UserInput, responses((status = 200, body = UserView)), security(("bearer" = [])))]
async fn update_user(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<UserInput>,
) -> ApiResult<UserView> {
    Ok(Json(s.update_user(&a, id, &i).await?))
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", responses((status = 200, body = UserView)), security(("bearer" = [])))]
async fn me(State(s): State<Service>, Auth(a): Auth) -> ApiResult<UserView> {
    Ok(Json(s.me(&a).await?))
}

/// Creates an API token; the response is the only time it is shown.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "users", request_body = TokenInput, responses((status = 201, body = TokenCreated)), security(("bearer" = [])))]
async fn create_token(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<TokenInput>,
) -> Created<TokenCreated> {
    Ok((StatusCode::CREATED, Json(s.create_token_for(&a, &i).await?)))
}

#[utoipa::path(get, path = "/api/v1/calendars", tag = "plans", responses((status = 200, body = Vec<CalendarView>)), security(("bearer" = [])))]
async fn list_calendars(State(s): State<Service>, Auth(a): Auth) -> ApiResult<Vec<CalendarView>> {
    Ok(Json(s.list_calendars(&a).await?))
}

#[utoipa::path(post, path = "/api/v1/calendars", tag = "plans", request_body = CalendarInput, responses((status = 201, body = CalendarView)), security(("bearer" = [])))]
async fn create_calendar(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<CalendarInput>,
) -> Created<CalendarView> {
    Ok((
        StatusCode::CREATED,
        Json(s.save_calendar(&a, None, &i).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/calendars/{id}", tag = "plans", params(("id" = i64, Path)), responses((status = 200, body = CalendarView)), security(("bearer" = [])))]
async fn get_calendar(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<CalendarView> {
    Ok(Json(s.get_calendar(&a, id).await?))
}

/// Appends a new version; tickets keep the version they pinned.
#[utoipa::path(put, path = "/api/v1/calendars/{id}", tag = "plans", params(("id" = i64, Path)), request_body = CalendarInput, responses((status = 200, body = CalendarView)), security(("bearer" = [])))]
async fn update_calendar(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<CalendarInput>,
) -> ApiResult<CalendarView> {
    s.get_calendar(&a, id).await?;
    Ok(Json(s.save_calendar(&a, Some(id), &i).await?))
}

#[utoipa::path(get, path = "/api/v1/policies", tag = "plans", responses((status = 200, body = Vec<PolicyView>)), security(("bearer" = [])))]
async fn list_policies(State(s): State<Service>, Auth(a): Auth) -> ApiResult<Vec<PolicyView>> {
    Ok(Json(s.list_policies(&a).await?))
}

#[utoipa::path(post, path = "/api/v1/policies", tag = "plans", request_body = PolicyInput, responses((status = 201, body = PolicyView)), security(("bearer" = [])))]
async fn create_policy(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<PolicyInput>,
) -> Created<PolicyView> {
    Ok((
        StatusCode::CREATED,
        Json(s.save_policy(&a, None, &i).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/policies/{id}", tag = "plans", params(("id" = i64, Path)), responses((status = 200, body = PolicyView)), security(("bearer" = [])))]
async fn get_policy(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<PolicyView> {
    Ok(Json(s.get_policy(&a, id).await?))
}

/// Appends a new version; tickets keep the version they pinned.
#[utoipa::path(put, path = "/api/v1/policies/{id}", tag = "plans", params(("id" = i64, Path)), request_body = PolicyInput, responses((status = 200, body = PolicyView)), security(("bearer" = [])))]
async fn update_policy(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<PolicyInput>,
) -> ApiResult<PolicyView> {
    s.get_policy(&a, id).await?;
    Ok(Json(s.save_policy(&a, Some(id), &i).await?))
}

#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", responses((status = 200, body = Vec<PlanView>)), security(("bearer" = [])))]
async fn list_plans(State(s): State<Service>, Auth(a): Auth) -> ApiResult<Vec<PlanView>> {
    Ok(Json(s.list_plans(&a).await?))
}

#[utoipa::path(post, path = "/api/v1/plans", tag = "plans", request_body = PlanInput, responses((status = 201, body = PlanView)), security(("bearer" = [])))]
async fn create_plan(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<PlanInput>,
) -> Created<PlanView> {
    Ok((StatusCode::CREATED, Json(s.save_plan(&a, None, &i).await?)))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i64, Path)), responses((status = 200, body = PlanView)), security(("bearer" = [])))]
async fn get_plan(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<PlanView> {
    Ok(Json(s.get_plan(&a, id).await?))
}

#[utoipa::path(put, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i64, Path)), request_body = PlanInput, responses((status = 200, body = PlanView)), security(("bearer" = [])))]
async fn update_plan(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
    ApiJson(i): ApiJson<PlanInput>,
) -> ApiResult<PlanView> {
    s.get_plan(&a, id).await?;
    Ok(Json(s.save_plan(&a, Some(id), &i).await?))
}

#[utoipa::path(get, path = "/api/v1/subscriptions", tag = "plans", params(ClientFilter), responses((status = 200, body = Vec<SubscriptionView>)), security(("bearer" = [])))]
async fn list_subscriptions(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(f): ApiQuery<ClientFilter>,
) -> ApiResult<Vec<SubscriptionView>> {
    Ok(Json(s.list_subscriptions(&a, f.client_id).await?))
}

#[utoipa::path(post, path = "/api/v1/subscriptions", tag = "plans", request_body = SubscriptionInput, responses((status = 201, body = SubscriptionView)), security(("bearer" = [])))]
async fn create_subscription(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<SubscriptionInput>,
) -> Created<SubscriptionView> {
    Ok((
        StatusCode::CREATED,
        Json(s.create_subscription(&a, &i).await?),
    ))
}

/// Deletes it; 409 while anything still refers to it (history is never orphaned).
#[utoipa::path(delete, path = "/api/v1/clients/{id}", tag = "clients", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_client(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    delete(&s, &a, Deletable::Client, id).await
}

/// Deletes it; 409 while anything still refers to it (history is never orphaned).
#[utoipa::path(delete, path = "/api/v1/campuses/{id}", tag = "clients", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_campus(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    delete(&s, &a, Deletable::Campus, id).await
}

/// Deletes a user nothing refers to (their sessions and API tokens go with them). A user who
/// appears in tickets, messages, history or saved replies is never deleted: the answer is 409
/// and says to deactivate them instead (`POST /api/v1/users/{id}/deactivate`).
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 204, description = "Deleted"), (status = 409, description = "Referenced by history: deactivate instead", body = crate::error::Problem)),
    security(("bearer" = [])))]
async fn delete_user(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    s.delete_object(&a, Deletable::User, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deactivates a user: they cannot sign in, and their sessions and API tokens stop working at
/// once (tokens are revoked for good). Their name stays on everything they did.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = UserView)), security(("bearer" = [])))]
async fn deactivate_user(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<UserView> {
    Ok(Json(s.set_user_active(&a, id, false).await?))
}

/// Lets a deactivated user sign in again (their old API tokens stay revoked).
#[utoipa::path(post, path = "/api/v1/users/{id}/reactivate", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = UserView)), security(("bearer" = [])))]
async fn reactivate_user(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> ApiResult<UserView> {
    Ok(Json(s.set_user_active(&a, id, true).await?))
}

/// Sends the user a new invitation e-mail (through the outbox) with a single-use link to
/// choose their password, valid 7 days; earlier unused invitations stop working. Admins only;
/// 409 for a deactivated user.
#[utoipa::path(post, path = "/api/v1/users/{id}/invite", tag = "users", params(("id" = i64, Path)),
    responses((status = 202, body = service::account_mail::InviteSent), (status = 409, description = "The user is deactivated", body = crate::error::Problem)),
    security(("bearer" = [])))]
async fn invite_user(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<(StatusCode, Json<service::account_mail::InviteSent>), ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(s.resend_invitation(&a, id).await?),
    ))
}

/// Deletes it; 409 while anything still refers to it (history is never orphaned).
#[utoipa::path(delete, path = "/api/v1/calendars/{id}", tag = "plans", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_calendar(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    delete(&s, &a, Deletable::Calendar, id).await
}

/// Deletes it; 409 while anything still refers to it (history is never orphaned).
#[utoipa::path(delete, path = "/api/v1/policies/{id}", tag = "plans", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_policy(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    delete(&s, &a, Deletable::Policy, id).await
}

/// Deletes it; 409 while anything still refers to it (history is never orphaned).
#[utoipa::path(delete, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_plan(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    delete(&s, &a, Deletable::Plan, id).await
}

/// Ends a subscription (the client falls back to its other subscriptions, then the seed plan).
#[utoipa::path(delete, path = "/api/v1/subscriptions/{id}", tag = "plans", params(("id" = i64, Path)), responses((status = 204, description = "Deleted")), security(("bearer" = [])))]
async fn delete_subscription(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    s.delete_object(&a, Deletable::Subscription, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes through `delete_object`; a 409 "still in use" names what uses the object
/// (`errors[0]`: field `id`, code `in_use`, the referrers as `"3 tickets, subscriptions #4"`).
async fn delete(
    s: &Service,
    a: &service::Actor,
    what: Deletable,
    id: i64,
) -> Result<StatusCode, ApiError> {
    match s.delete_object(a, what, id).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(service::ServiceError::Conflict { .. }) => {
            let usage = s.object_usage(a, what, id).await?;
            let list = usage
                .iter()
                .map(|u| {
                    let kind = if u.count == 1 {
                        singular(u.kind)
                    } else {
                        u.kind
                    };
                    match u.names.as_slice() {
                        [] => format!("{} {kind}", u.count),
                        names => format!("{} {kind} ({})", u.count, names.join(", ")),
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            Err(ApiError::field(
                StatusCode::CONFLICT,
                "conflict",
                domain::FieldError::new("id", "in_use", format!("still used by {list}")),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `Usage::kind` for one referrer ("1 plan", not "1 plans").
fn singular(kind: &str) -> &str {
    match kind {
        "campuses" => "campus",
        "policies" => "policy",
        k => k.strip_suffix('s').unwrap_or(k),
    }
}
