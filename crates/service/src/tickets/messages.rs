//! Messages, internal notes and attachments.

use domain::{
    FieldError, limits,
    ticket::{Status, bounded_text},
};
use sha2::{Digest, Sha256};

use super::{AttachmentView, MessageView, TicketEvent, change::status_of, views::NewMessage};
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

pub(crate) fn attachment_view(a: store::attachments::AttachmentMeta) -> AttachmentView {
    AttachmentView {
        id: a.id,
        ticket_id: a.ticket_id,
        message_id: a.message_id,
        filename: a.filename,
        content_type: a.content_type,
        size_bytes: a.size_bytes,
        sha256: a.sha256,
        created_at: rfc3339(a.created_at_us),
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
            return Err(ServiceError::State(
                "a closed ticket is final: open a new ticket linked to it".into(),
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

    pub async fn add_attachment(
        &self,
        actor: &Actor,
        ticket_id: i64,
        filename: &str,
        content_type: &str,
        data: &[u8],
    ) -> ServiceResult<AttachmentView> {
        let filename = bounded_text("filename", filename, limits::FILENAME_MAX)?;
        if filename.contains(['/', '\\', '\0']) {
            return Err(
                FieldError::new("filename", "invalid", "must not contain path separators").into(),
            );
        }
        let content_type = bounded_text("content_type", content_type, 255)
            .unwrap_or_else(|_| "application/octet-stream".into());
        if data.is_empty() {
            return Err(FieldError::new("file", "required", "the file is empty").into());
        }
        if data.len() > limits::ATTACHMENT_MAX_BYTES {
            return Err(FieldError::new(
                "file",
                "too_large",
                format!("at most {} bytes", limits::ATTACHMENT_MAX_BYTES),
            )
            .into());
        }
        let now = self.now();
        let (mut tx, mut row) = self.begin_change(actor, ticket_id, now).await?;
        if status_of(&row) == Status::Closed {
            return Err(ServiceError::State(
                "a closed ticket is final: open a new ticket linked to it".into(),
            ));
        }
        let sha = hex::encode(Sha256::digest(data));
        let na = store::attachments::NewAttachment {
            ticket_id,
            message_id: None,
            uploader_id: Some(actor.user_id),
            filename: &filename,
            content_type: &content_type,
            sha256: &sha,
            data,
            now_us: us(now),
        };
        let id = store::attachments::insert_attachment(&mut tx, &na).await?;
        let e = TicketEvent::AttachmentAdded {
            attachment_id: id,
            filename: filename.clone(),
        };
        self.record(&mut tx, &mut row, Some(actor.user_id), &[e], now)
            .await?;
        tx.commit().await?;
        // Reading it back would load the whole file again just to return its metadata.
        Ok(AttachmentView {
            id,
            ticket_id,
            message_id: None,
            filename,
            content_type,
            size_bytes: i64::try_from(data.len()).unwrap_or(i64::MAX),
            sha256: sha,
            created_at: rfc3339(us(now)),
        })
    }

    pub async fn get_attachment(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<(AttachmentView, Vec<u8>)> {
        let (meta, data) = store::attachments::get_attachment(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.get_ticket_row(actor, meta.ticket_id).await?;
        Ok((attachment_view(meta), data))
    }
}
