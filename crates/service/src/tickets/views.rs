//! Ticket API objects (requests and responses).

use domain::{
    Priority,
    ticket::{Category, Status},
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use super::projection::SlaView;

pub use crate::contract::{ScopeInput, ScopeSuggestionView, ScopeView};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketView {
    pub id: i64,
    /// `T-0000123`
    pub number: String,
    pub client_id: i64,
    pub campus_id: Option<i64>,
    pub requester_id: i64,
    pub category: Category,
    pub priority: Priority,
    /// What the client asked for when opening; agents may re-triage `priority`.
    pub requested_priority: Priority,
    pub status: Status,
    /// When a client last wrote without changing the status (on a resolved ticket), until a
    /// staff member acts on the ticket. Such tickets show in the agents' default view.
    #[schema(format = DateTime)]
    pub client_replied_at: Option<String>,
    /// When the breach was announced to the supervisors (the ticket is escalated).
    #[schema(format = DateTime)]
    pub escalated_at: Option<String>,
    pub scope: ScopeView,
    /// Staff only: the scope Atiende suggested when the ticket was opened, why, and whether
    /// an agent accepted or overrode it. Never present for client admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_suggestion: Option<ScopeSuggestionView>,
    pub subject: String,
    pub assignee_id: Option<i64>,
    pub tags: Vec<String>,
    pub linked_ticket_id: Option<i64>,
    /// Kept from the client until an agent publishes it (`PATCH` with `staff_only: false`):
    /// tickets Atiende opens about a missing backup start so. Client admins never see one.
    pub staff_only: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    #[schema(format = DateTime)]
    pub resolved_at: Option<String>,
    #[schema(format = DateTime)]
    pub closed_at: Option<String>,
    pub sla: SlaView,
    /// With a text search (`q`): where the ticket's words matched, highlighted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<super::SearchExcerpt>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    /// Staff must name the client; a client admin's tickets always belong to its own client.
    pub client_id: Option<i64>,
    pub campus_id: Option<i64>,
    pub category: Category,
    /// The priority the requester asks for; the ticket starts at it.
    pub priority: Priority,
    pub subject: String,
    /// The first message.
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A closed ticket this one follows up.
    pub linked_ticket_id: Option<i64>,
    /// Staff only: the client admin the ticket is opened for (a phone call); by default the
    /// caller. Must be a client admin of that client.
    pub requester_id: Option<i64>,
}

/// Partial update: only the fields present change. `assignee_id: null` unassigns.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketPatch {
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    /// Required when lowering the priority.
    pub priority_reason: Option<String>,
    /// Why the status changes; required when a client admin reopens a resolved ticket.
    pub status_reason: Option<String>,
    pub category: Option<Category>,
    pub scope: Option<ScopeInput>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub assignee_id: Option<Option<i64>>,
    pub tags: Option<Vec<String>>,
    pub subject: Option<String>,
    /// Staff: `false` publishes a ticket kept for staff (the client admins then see it);
    /// `true` keeps one Atiende opened by itself from them again.
    pub staff_only: Option<bool>,
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    pub body: String,
    #[serde(default)]
    pub internal: bool,
    /// Client admins, on a resolved ticket: `true` reopens it with this message as the reason;
    /// `false` (default) leaves it resolved and marks it "client replied" for the agents.
    #[serde(default)]
    pub reopen: bool,
    /// Staff: the status to set with the message (`waiting_on_client`, `resolved`, …).
    pub status: Option<Status>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: Option<i64>,
    pub internal: bool,
    pub body: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: i64,
    pub ticket_id: i64,
    pub message_id: Option<i64>,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    #[schema(format = DateTime)]
    pub at: String,
    pub actor_id: Option<i64>,
    pub kind: String,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketPage {
    pub items: Vec<TicketView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}
