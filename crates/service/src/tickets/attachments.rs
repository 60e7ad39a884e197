//! Attachments: a client's or an agent's file on a ticket, and reading it back.
//!
//! Files arrive as [`StagedFile`]s (received and checked before the ticket is locked) and are
//! stored by [`store_file`] inside the transaction of the reply that carries them. A file on
//! an internal note is internal too: client admins never list or download it.

use domain::{FieldError, limits, ticket::bounded_text};
use jiff::Timestamp;
use store::{Tx, tickets::TicketRow};

use super::{AttachmentView, ReplyOutcome, reply::Reply, spool::Spooled};
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

/// A received file, validated, waiting (on disk, see [`Spooled`]) to be stored with the reply
/// that carries it.
#[derive(Debug)]
pub struct StagedFile {
    filename: String,
    content_type: String,
    body: Spooled,
}

impl StagedFile {
    /// Checks the name (no path, no control characters, within `FILENAME_MAX`) and the size
    /// (not empty, at most `ATTACHMENT_MAX_BYTES`) of a received file.
    pub fn new(filename: &str, content_type: &str, body: Spooled) -> ServiceResult<StagedFile> {
        let filename = check_filename(filename)?;
        let content_type = bounded_text("content_type", content_type, 255)
            .unwrap_or_else(|_| "application/octet-stream".into());
        if body.len == 0 {
            return Err(FieldError::new("file", "empty", "the file is empty").into());
        }
        if body.len > limits::ATTACHMENT_MAX_BYTES {
            return Err(too_large().into());
        }
        Ok(StagedFile {
            filename,
            content_type,
            body,
        })
    }

    /// The same from bytes already in memory (small files, tests), spooled to the system's
    /// temporary directory.
    pub fn from_bytes(
        filename: &str,
        content_type: &str,
        data: &[u8],
    ) -> ServiceResult<StagedFile> {
        check_filename(filename)?;
        if data.len() > limits::ATTACHMENT_MAX_BYTES {
            return Err(too_large().into());
        }
        let body = Spooled::from_bytes(&std::env::temp_dir(), data)
            .map_err(|e| ServiceError::Internal(format!("temporary file: {e}")))?;
        StagedFile::new(filename, content_type, body)
    }

    pub fn filename(&self) -> &str {
        &self.filename
    }

    pub fn size_bytes(&self) -> usize {
        self.body.len
    }
}

/// The `file` field's error for a file over `ATTACHMENT_MAX_BYTES`.
pub fn too_large() -> FieldError {
    FieldError::new(
        "file",
        "too_large",
        format!("at most {} bytes", limits::ATTACHMENT_MAX_BYTES),
    )
    .with("max_mb", limits::ATTACHMENT_MAX_BYTES / (1024 * 1024))
}

/// A file name as the user sees it: no path separators, no control characters, within
/// `FILENAME_MAX`. (A name that is not UTF-8 is refused by the web layer before it gets here.)
pub fn check_filename(filename: &str) -> Result<String, FieldError> {
    let filename = bounded_text("filename", filename, limits::FILENAME_MAX)?;
    if filename.contains(['/', '\\']) {
        return Err(FieldError::new(
            "filename",
            "path_separator",
            "must not contain path separators",
        ));
    }
    if filename.chars().any(char::is_control) {
        return Err(FieldError::new(
            "filename",
            "control_characters",
            "must not contain control characters",
        ));
    }
    Ok(filename)
}

/// Stores `f` on `ticket` (linked to `message_id` when the reply has text) inside `tx`, one
/// chunk at a time from its temporary file.
pub(crate) async fn store_file(
    tx: &mut Tx,
    ticket: &TicketRow,
    message_id: Option<i64>,
    actor: &Actor,
    f: &StagedFile,
    now: Timestamp,
) -> ServiceResult<AttachmentView> {
    let size_bytes = i64::try_from(f.body.len).unwrap_or(i64::MAX);
    let na = store::attachments::NewAttachment {
        ticket_id: ticket.id,
        message_id,
        uploader_id: Some(actor.user_id),
        filename: &f.filename,
        content_type: &f.content_type,
        sha256: &f.body.sha256,
        size_bytes,
        now_us: us(now),
    };
    let id = store::attachments::insert_attachment(tx, &na).await?;
    let spool_err = |e: std::io::Error| ServiceError::Internal(format!("temporary file: {e}"));
    let mut chunks = f
        .body
        .chunks(store::attachments::CHUNK_BYTES)
        .await
        .map_err(spool_err)?;
    let mut seq = 0;
    while let Some(chunk) = chunks.next().await.map_err(spool_err)? {
        store::attachments::insert_chunk(tx, id, seq, &chunk).await?;
        seq += 1;
    }
    Ok(AttachmentView {
        id,
        ticket_id: ticket.id,
        message_id,
        filename: f.filename.clone(),
        content_type: f.content_type.clone(),
        size_bytes,
        sha256: f.body.sha256.clone(),
        created_at: rfc3339(us(now)),
    })
}

/// An attachment's bytes, read from the database one chunk at a time as they are sent.
pub struct AttachmentBody {
    db: store::Db,
    id: i64,
    next_seq: i64,
    remaining: i64,
    first: Option<Vec<u8>>,
}

impl AttachmentBody {
    /// The next chunk, `None` once `size_bytes` have been given. A chunk missing before that
    /// is an error (stored data is corrupt), never a silently shorter file.
    pub async fn next_chunk(&mut self) -> ServiceResult<Option<Vec<u8>>> {
        // The chunk read ahead by `get_attachment` (already counted).
        if let Some(c) = self.first.take() {
            return Ok(Some(c));
        }
        if self.remaining <= 0 {
            return Ok(None);
        }
        let chunk = store::attachments::get_attachment_chunk(&self.db, self.id, self.next_seq)
            .await?
            .ok_or_else(|| {
                self.remaining = 0;
                ServiceError::Internal(format!(
                    "attachment {}: chunk {} is missing",
                    self.id, self.next_seq
                ))
            })?;
        self.next_seq += 1;
        self.remaining -= i64::try_from(chunk.len()).unwrap_or(i64::MAX);
        if self.remaining < 0 || chunk.is_empty() {
            let id = self.id;
            self.remaining = 0;
            return Err(ServiceError::Internal(format!(
                "attachment {id}: the stored chunks do not add up to its size"
            )));
        }
        Ok(Some(chunk))
    }
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

    /// The file and a reader of its bytes. TENANT: the ticket is checked before any byte is
    /// read; the first chunk is read here, so a file whose bytes are missing fails before an
    /// answer starts (as an error, for those allowed to see it; for anyone else it is 404).
    pub async fn get_attachment(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<(AttachmentView, AttachmentBody)> {
        let meta = store::attachments::get_attachment_meta(&self.db, id, actor.is_staff())
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.get_ticket_row(actor, meta.ticket_id).await?; // TENANT
        let mut body = AttachmentBody {
            db: self.db.clone(),
            id,
            next_seq: 0,
            remaining: meta.size_bytes,
            first: None,
        };
        body.first = body.next_chunk().await?;
        Ok((attachment_view(meta), body))
    }
}
