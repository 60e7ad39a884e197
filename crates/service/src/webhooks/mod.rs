//! Outgoing webhooks (issue 18, item 7): administrators register HTTP endpoints and the
//! events each wants; every such event becomes one signed POST per endpoint.
//!
//! Like notifications, a delivery is written in the transaction of the change that causes it
//! ([`Service::emit_webhook`]) together with its `deliver_webhook` job: a webhook is never sent
//! for a change that did not commit, never lost for one that did. The job posts the body fixed
//! at that moment, signed at each attempt ([`sign`]), and the runner's back-off retries a
//! failure (network error or any answer but 2xx) for about an hour before the delivery is
//! `failed` for good. Delivery is at least once: receivers drop duplicates by the delivery id.
//!
//! Signing secrets are generated here, shown once (create, rotate), and stored only sealed
//! under the node's secret key (purpose [`SECRET_PURPOSE`]).

mod admin;
mod check;
mod deliver;
mod events;
pub mod sign;
mod views;

pub use events::EVENTS;
pub(crate) use events::TicketHook;
pub use views::{
    DESCRIPTION_MAX, DeliveryCounts, DeliveryDetail, DeliveryFilter, DeliveryView, URL_MAX,
    WebhookCreated, WebhookInput, WebhookView,
};

/// What a webhook secret is bound to when sealed (see `secrets`).
pub const SECRET_PURPOSE: &str = "webhook.secret";
