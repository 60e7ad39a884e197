//! Text search in the queue (`q`): the same filters, sorts and pages as the queue, restricted
//! to the tickets whose words match, with a highlighted excerpt showing why each matched.
//!
//! Agents search subjects, public messages, internal notes, client names, campus addresses and
//! tags; client admins their own tickets' subjects and public messages only (their queries
//! never name the other columns, and the queue's tenant filter applies as always).

use std::collections::HashMap;

use domain::search::{SearchQuery, Segment, snippet};
use serde::Serialize;
use store::search::TextFilter;
use utoipa::ToSchema;

use super::TicketView;
use crate::{Actor, Service, ServiceResult};

/// Excerpts are one line in a list.
const EXCERPT_CHARS: usize = 160;

/// Why a ticket matched: the first place its words appear, with the matching words marked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchExcerpt {
    pub field: ExcerptField,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ExcerptField {
    Subject,
    Message,
    /// An internal note (staff only).
    Note,
}

/// How a search's results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOrder {
    /// The queue's order (most urgent first), keyset-paged.
    Urgency,
    /// Best match first, from this offset.
    Relevance(i64),
}

/// What `q` adds to the queue query; `None` for an empty or wordless `q` (then the queue is
/// listed as if there were none).
pub(crate) fn text_filter(
    q: Option<&str>,
    actor: &Actor,
    client_id: Option<i64>,
) -> Option<TextFilter> {
    TextFilter::new(&SearchQuery::parse(q?), !actor.is_staff(), client_id)
}

impl Service {
    /// Fills each listed ticket's `excerpt`: its subject if that matches, else its first
    /// matching message (internal notes only for staff).
    pub(crate) async fn add_excerpts(
        &self,
        actor: &Actor,
        query: &SearchQuery,
        items: &mut [TicketView],
    ) -> ServiceResult<()> {
        let need: Vec<i64> = items
            .iter_mut()
            .filter_map(|t| {
                t.excerpt =
                    snippet(&t.subject, query, EXCERPT_CHARS).map(|segments| SearchExcerpt {
                        field: ExcerptField::Subject,
                        segments,
                    });
                t.excerpt.is_none().then_some(t.id)
            })
            .collect();
        let messages = store::messages::list_messages_of(&self.db, &need, actor.is_staff()).await?;
        let mut found: HashMap<i64, SearchExcerpt> = HashMap::new();
        for m in messages {
            if found.contains_key(&m.ticket_id) {
                continue;
            }
            if let Some(segments) = snippet(&m.body, query, EXCERPT_CHARS) {
                let field = if m.internal {
                    ExcerptField::Note
                } else {
                    ExcerptField::Message
                };
                found.insert(m.ticket_id, SearchExcerpt { field, segments });
            }
        }
        for t in items.iter_mut().filter(|t| t.excerpt.is_none()) {
            t.excerpt = found.remove(&t.id);
        }
        Ok(())
    }
}
