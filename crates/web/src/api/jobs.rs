//! The job table for admins: what is queued, running, done or failed (with its error), and
//! "retry" for a failed job.

use axum::{Json, extract::State};
use serde::Deserialize;
use service::{
    Service,
    jobs::{JobList, JobView},
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiQuery, Auth, Id},
};

pub fn routes() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list_jobs))
        .routes(routes!(retry_job))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct JobFilter {
    /// `queued`, `running`, `done` or `failed`.
    pub state: Option<String>,
    /// At most this many, newest first (default 100, at most 500).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(JobFilter), responses((status = 200, body = JobList)), security(("bearer" = [])))]
async fn list_jobs(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(f): ApiQuery<JobFilter>,
) -> Result<Json<JobList>, ApiError> {
    Ok(Json(
        s.list_jobs(&a, f.state.as_deref(), f.limit.unwrap_or(100))
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/jobs/{id}/retry", tag = "jobs", params(("id" = i64, Path)), responses((status = 200, body = JobView), (status = 409, description = "the job is not failed")), security(("bearer" = [])))]
async fn retry_job(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Json<JobView>, ApiError> {
    Ok(Json(s.retry_job(&a, id).await?))
}
