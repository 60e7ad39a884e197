//! Attachments: storing a client's or an agent's file on a ticket, and reading it back.

use domain::{
    FieldError, limits,
    ticket::{Status, bounded_text},
};
use sha2::{Digest, Sha256};

use super::{AttachmentView, TicketEvent, change::status_of};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339, us};

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
            return Err(FieldError::new(
                "filename",
                "path_separator",
                "must not contain path separators",
            )
            .into());
        }
        let content_type = bounded_text("content_type", content_type, 255)
            .unwrap_or_else(|_| "application/octet-stream".into());
        if data.is_empty() {
            return Err(FieldError::new("file", "empty", "the file is empty").into());
        }
        if data.len() > limits::ATTACHMENT_MAX_BYTES {
            return Err(FieldError::new(
                "file",
                "too_large",
                format!("at most {} bytes", limits::ATTACHMENT_MAX_BYTES),
            )
            .with("max_mb", limits::ATTACHMENT_MAX_BYTES / (1024 * 1024))
            .into());
        }
        let now = self.now();
        let (mut tx, mut row) = self.begin_change(actor, ticket_id, now).await?;
        if status_of(&row) == Status::Closed {
            return Err(ServiceError::state(
                "closed_final",
                "a closed ticket is final: open a new ticket linked to it",
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
