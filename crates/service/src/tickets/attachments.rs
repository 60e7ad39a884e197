//! Attachments: a client's or an agent's file on a ticket, and reading it back.
//!
//! Files arrive as [`StagedFile`]s (received and checked before the ticket is locked) and are
//! stored by [`store_file`] inside the transaction of the reply that carries them. A file on
//! an internal note is internal too: client admins never list or download it.

use domain::{FieldError, limits, ticket::bounded_text};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use store::{Tx, tickets::TicketRow};

use super::{AttachmentView, ReplyOutcome, reply::Reply};
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

/// A received file, validated, waiting to be stored with the reply that carries it.
#[derive(Debug)]
pub struct StagedFile {
    filename: String,
    content_type: String,
    data: Vec<u8>,
}

impl StagedFile {
    /// Checks the name (no path, no control characters, within `FILENAME_MAX`) and the size
    /// (not empty, at most `ATTACHMENT_MAX_BYTES`).
    pub fn new(filename: &str, content_type: &str, data: Vec<u8>) -> ServiceResult<StagedFile> {
        let filename = bounded_text("filename", filename, limits::FILENAME_MAX)?;
        if filename.contains(['/', '\\']) {
            return Err(FieldError::new(
                "filename",
                "path_separator",
                "must not contain path separators",
            )
            .into());
        }
        if filename.chars().any(char::is_control) {
            return Err(FieldError::new(
                "filename",
                "control_characters",
                "must not contain control characters",
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
        Ok(StagedFile {
            filename,
            content_type,
            data,
        })
    }

    pub fn filename(&self) -> &str {
        &self.filename
    }
}

/// Stores `f` on `ticket` (linked to `message_id` when the reply has text) inside `tx`.
pub(crate) async fn store_file(
    tx: &mut Tx,
    ticket: &TicketRow,
    message_id: Option<i64>,
    actor: &Actor,
    f: &StagedFile,
    now: Timestamp,
) -> ServiceResult<AttachmentView> {
    let sha = hex::encode(Sha256::digest(&f.data));
    let na = store::attachments::NewAttachment {
        ticket_id: ticket.id,
        message_id,
        uploader_id: Some(actor.user_id),
        filename: &f.filename,
        content_type: &f.content_type,
        sha256: &sha,
        data: &f.data,
        now_us: us(now),
    };
    let id = store::attachments::insert_attachment(tx, &na).await?;
    Ok(AttachmentView {
        id,
        ticket_id: ticket.id,
        message_id,
        filename: f.filename.clone(),
        content_type: f.content_type.clone(),
        size_bytes: i64::try_from(f.data.len()).unwrap_or(i64::MAX),
        sha256: sha,
        created_at: rfc3339(us(now)),
    })
}

impl Service {
    /// One file on its own: a reply without text (it resumes a ticket waiting on a client
    /// like any client reply does).
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        ticket_id: i64,
        file: StagedFile,
    ) -> ServiceResult<AttachmentView> {
        let ReplyOutcome { attachments, .. } = self
            .reply(
                actor,
                ticket_id,
                Reply {
                    files: vec![file],
                    ..Reply::default()
                },
            )
            .await?;
        attachments
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::Internal("the stored attachment was not returned".into()))
    }

    /// The file and its bytes. TENANT: the ticket is checked before the bytes are read.
    pub async fn get_attachment(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<(AttachmentView, Vec<u8>)> {
        let meta = store::attachments::get_attachment_meta(&self.db, id, actor.is_staff())
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.get_ticket_row(actor, meta.ticket_id).await?; // TENANT
        let data = store::attachments::get_attachment_data(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok((attachment_view(meta), data))
    }
}
