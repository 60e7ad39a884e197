//! What the webhook use cases take and give: the endpoint as submitted and as shown, the
//! one-time secret, the delivery log.

use serde::{Deserialize, Serialize};
use store::webhooks::DeliveryRow;
use utoipa::{IntoParams, ToSchema};

use crate::admin::rfc3339;

/// The longest endpoint URL accepted.
pub const URL_MAX: usize = 2000;
/// The longest description accepted.
pub const DESCRIPTION_MAX: usize = 500;
/// How long the previous secret keeps signing after a rotation, unless told otherwise.
pub const DEFAULT_OVERLAP_HOURS: i64 = 24;
/// The longest overlap that may be asked for (a week).
pub const MAX_OVERLAP_HOURS: i64 = 168;

/// An endpoint as an administrator registers or changes it (a whole replacement).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// `http://` or `https://`, no user or password in it, at most 2000 characters.
    pub url: String,
    #[serde(default)]
    pub description: String,
    /// At least one of the known events (`GET /api/v1/webhook-events`).
    pub events: Vec<String>,
    /// An inactive endpoint gets no new deliveries, and queued ones are not sent.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Deliveries of one endpoint per state.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
pub struct DeliveryCounts {
    pub pending: i64,
    pub delivered: i64,
    pub failed: i64,
}

/// An endpoint as pages and the API show it: never its secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub active: bool,
    /// Until when the secret replaced by the last rotation still signs too (a second `v1=`).
    pub previous_secret_until: Option<String>,
    pub deliveries: DeliveryCounts,
    /// Why this node cannot sign for it (its secret was sealed under another secret key).
    pub problem: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// The answer to creating an endpoint or rotating its secret: the only time the secret is
/// shown. Keep it; it cannot be read again (rotate to get a new one).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookCreated {
    pub webhook: WebhookView,
    /// `whsec_…`: the HMAC-SHA256 key, exactly these characters.
    pub secret: String,
}

/// One delivery in an endpoint's log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    pub webhook_id: i64,
    /// The payload's `id` and the `Atiende-Delivery` header: the same on every attempt.
    pub uuid: String,
    pub event: String,
    /// `pending` (an attempt is queued), `delivered` (a 2xx answer) or `failed` (given up).
    pub state: String,
    pub attempts: i32,
    /// The HTTP status of the last answer, if there was one.
    pub last_status: Option<i32>,
    /// Why the last attempt failed (the status, or the network's error).
    pub last_error: Option<String>,
    /// The start of the last answer's body (at most 4 KiB).
    pub response_snippet: Option<String>,
    pub created_at: String,
    pub last_attempt_at: Option<String>,
    pub delivered_at: Option<String>,
}

/// A delivery with what was sent: the exact body and the headers (signatures blanked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryDetail {
    pub delivery: DeliveryView,
    /// The exact body (JSON text) every attempt posts.
    pub body: String,
    /// The last attempt's request headers, `[name, value]`; none before the first attempt.
    pub request_headers: Vec<(String, String)>,
}

/// Filters of a delivery log.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveryFilter {
    /// `pending`, `delivered` or `failed`.
    pub state: Option<String>,
    /// Only deliveries older than this one (its id): the next page.
    pub before: Option<i64>,
    /// At most this many, newest first (default 50, at most 200).
    pub limit: Option<i64>,
}

pub(crate) fn delivery_view(r: &DeliveryRow) -> DeliveryView {
    DeliveryView {
        id: r.id,
        webhook_id: r.webhook_id,
        uuid: r.uuid.clone(),
        event: r.event.clone(),
        state: r.state.clone(),
        attempts: r.attempts,
        last_status: r.last_status,
        last_error: r.last_error.clone(),
        response_snippet: r.response_snippet.clone(),
        created_at: rfc3339(r.created_at_us),
        last_attempt_at: r.last_attempt_at_us.map(rfc3339),
        delivered_at: r.delivered_at_us.map(rfc3339),
    }
}
