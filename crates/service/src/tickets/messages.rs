//! Messages and internal notes.

use super::{MessageView, reply::Reply, views::NewMessage};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339};

pub(crate) fn message_view(m: store::messages::MessageRow) -> MessageView {
    MessageView {
        id: m.id,
        ticket_id: m.ticket_id,
        author_id: m.author_id,
        internal: m.internal,
        body: m.body,
        created_at: rfc3339(m.created_at_us),
    }
}

impl Service {
    /// A message without files: see [`Service::reply`] for what it does to the ticket.
    pub async fn add_message(
        &self,
        actor: &Actor,
        ticket_id: i64,
        m: &NewMessage,
    ) -> ServiceResult<MessageView> {
        let r = Reply {
            body: m.body.clone(),
            internal: m.internal,
            files: Vec::new(),
            status: m.status,
            reopen: m.reopen,
        };
        self.reply(actor, ticket_id, r)
            .await?
            .message
            .ok_or_else(|| ServiceError::Internal("the stored message was not returned".into()))
    }
}
