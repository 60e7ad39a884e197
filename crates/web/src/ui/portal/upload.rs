//! Multipart forms (a ticket or a reply with files): read them within limits and check their
//! CSRF token, which `CsrfForm` cannot do for a multipart body.
//!
//! Order of checks: a foreign origin is refused before the body is read; the `_csrf` field is
//! compared (constant time) before anything is written. A file over `ATTACHMENT_MAX_BYTES` is
//! drained, not kept, so the form can come back with the user's text and a clear message.

use axum::{
    extract::{
        Multipart,
        multipart::{MultipartError, MultipartRejection},
    },
    http::{HeaderMap, StatusCode},
    response::Response,
};
use domain::limits::{ATTACHMENT_MAX_BYTES, FILENAME_MAX};
use service::{ServiceError, tickets::StagedFile};

use crate::ui::{
    i18n::Tr,
    page,
    session::{Session, constant_time_eq, same_origin},
};

/// Text fields are small (a body is at most `BODY_MAX` characters, 4 bytes each at worst).
const TEXT_FIELD_MAX_BYTES: usize = domain::limits::BODY_MAX * 4 + 1024;

pub(super) struct FileIn {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

#[derive(Default)]
pub(super) struct Upload {
    fields: Vec<(String, String)>,
    pub files: Vec<FileIn>,
    /// Names of files refused for size or emptiness (kept out of `files`).
    pub too_large: Vec<String>,
    pub empty: Vec<String>,
}

impl Upload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field's value, or "" when absent.
    pub fn text(&self, name: &str) -> String {
        self.field(name).unwrap_or_default().to_string()
    }
}

/// The received files as the service takes them (name and size checked again there).
pub(super) fn staged(files: Vec<FileIn>) -> Result<Vec<StagedFile>, ServiceError> {
    files
        .into_iter()
        .map(|f| StagedFile::new(&f.name, &f.content_type, f.data))
        .collect()
}

/// Reads and checks a multipart form posted by `s`; any refusal is the page to answer with.
pub(super) async fn accept(
    t: &Tr,
    s: &Session,
    headers: &HeaderMap,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<Upload, Response> {
    let forbidden = || page::error(t, StatusCode::FORBIDDEN, &t.t("error-csrf"));
    if !same_origin(headers) {
        return Err(forbidden());
    }
    let mp =
        mp.map_err(|_| page::error(t, StatusCode::BAD_REQUEST, &t.t("portal-err-not-multipart")))?;
    let up = read(mp).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            page::error(t, StatusCode::PAYLOAD_TOO_LARGE, &t.t("error-too-large"))
        } else {
            page::error(t, StatusCode::BAD_REQUEST, &t.t("portal-err-not-multipart"))
        }
    })?;
    let sent = up.field("_csrf").unwrap_or_default();
    if !constant_time_eq(sent.as_bytes(), s.0.csrf.as_bytes()) {
        return Err(forbidden());
    }
    Ok(up)
}

async fn read(mut mp: Multipart) -> Result<Upload, MultipartError> {
    let mut up = Upload::default();
    while let Some(mut field) = mp.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(file_name) = field.file_name().map(clean_filename) {
            let content_type = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            let mut data = Vec::new();
            let mut over = false;
            while let Some(chunk) = field.chunk().await? {
                if over || data.len() + chunk.len() > ATTACHMENT_MAX_BYTES {
                    over = true;
                    data = Vec::new();
                    continue;
                }
                data.extend_from_slice(&chunk);
            }
            match (file_name.is_empty(), data.is_empty(), over) {
                // A file input left empty still sends a nameless, empty part.
                (true, true, false) => {}
                (_, _, true) => up.too_large.push(file_name),
                (_, true, _) => up.empty.push(file_name),
                _ => up.files.push(FileIn {
                    name: if file_name.is_empty() {
                        "archivo".into()
                    } else {
                        file_name
                    },
                    content_type,
                    data,
                }),
            }
        } else {
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await? {
                if value.len() + chunk.len() <= TEXT_FIELD_MAX_BYTES {
                    value.extend_from_slice(&chunk);
                }
            }
            up.fields
                .push((name, String::from_utf8_lossy(&value).into_owned()));
        }
    }
    Ok(up)
}

/// A browser sends the base name, but nothing forces a client to: keep only the last path
/// component, without control characters, within `FILENAME_MAX`.
fn clean_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    base.chars()
        .filter(|c| !c.is_control())
        .take(FILENAME_MAX)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::clean_filename;

    #[test]
    fn filenames_lose_paths_and_controls() {
        assert_eq!(clean_filename("C:\\Users\\x\\informe.pdf"), "informe.pdf");
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\u{0}b.txt"), "ab.txt");
        assert_eq!(clean_filename(""), "");
    }
}
