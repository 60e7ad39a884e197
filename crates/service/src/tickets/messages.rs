//! Messages and internal notes.

use domain::{
    limits,
    ticket::{Status, bounded_text},
};

use super::{MessageView, TicketEvent, change::status_of, views::NewMessage};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339, us};

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
    /// A client's message on a ticket waiting for it resumes the clock (back to `open`);
    /// on a resolved ticket it is just a message (only an explicit reopen resumes).
    pub async fn add_message(
        &self,
        actor: &Actor,
        ticket_id: i64,
        m: &NewMessage,
    ) -> ServiceResult<MessageView> {
        if m.internal && !actor.is_staff() {
            return Err(ServiceError::Forbidden("internal notes are for staff"));
        }
        let body = bounded_text("body", &m.body, limits::BODY_MAX)?;
        let now = self.now();
        let (mut tx, mut row) = self.begin_change(actor, ticket_id, now).await?;
        let from = status_of(&row);
        if from == Status::Closed {
            return Err(ServiceError::state(
                "closed_final",
                "a closed ticket is final: open a new ticket linked to it",
            ));
        }
        let id = store::messages::insert_message(
            &mut tx,
            row.id,
            Some(actor.user_id),
            m.internal,
            &body,
            us(now),
        )
        .await?;
        let mut events = vec![TicketEvent::MessageAdded {
            message_id: id,
            internal: m.internal,
        }];
        let resume = (!actor.is_staff() && from == Status::WaitingOnClient)
            || (actor.is_staff() && !m.internal && from == Status::New);
        if resume {
            self.set_status(&mut row, Status::Open, now);
            events.push(TicketEvent::StatusChanged {
                from,
                to: Status::Open,
                auto: true,
            });
        }
        self.record(&mut tx, &mut row, Some(actor.user_id), &events, now)
            .await?;
        tx.commit().await?;
        // Everything the view holds was just written: no need to read it back.
        Ok(MessageView {
            id,
            ticket_id,
            author_id: Some(actor.user_id),
            internal: m.internal,
            body,
            created_at: rfc3339(us(now)),
        })
    }
}
