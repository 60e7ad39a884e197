//! Multipart forms with files (the portal's new ticket and reply, the console's reply): read
//! them within limits, spooling each file to disk, and check their CSRF token, which
//! `CsrfForm` cannot do for a multipart body.
//!
//! Order of checks: a foreign origin is refused before the body is read; an upload permit is
//! taken (see [`crate::uploads`]) before the body is read; the `_csrf` field is compared
//! (constant time) before anything is written. A file over `ATTACHMENT_MAX_BYTES` is drained,
//! not kept, so the form can come back with the user's text and a clear message; so is a file
//! whose name is not UTF-8 (refused, never replaced by a lossy guess).

use axum::{
    extract::{
        FromRequest, Multipart, Request,
        multipart::{Field, MultipartError, MultipartRejection},
    },
    http::{HeaderMap, StatusCode, header},
    response::Response,
};
use domain::limits::FILENAME_MAX;
use service::{
    ServiceError,
    tickets::{Spool, SpoolError, StagedFile},
};
use tokio::sync::OwnedSemaphorePermit;

use crate::{
    ui::{
        i18n::Tr,
        page,
        session::{Session, constant_time_eq, same_origin},
    },
    uploads::{Uploads, retry_later},
};

/// Text fields are small (a body is at most `BODY_MAX` characters, 4 bytes each at worst).
const TEXT_FIELD_MAX_BYTES: usize = domain::limits::BODY_MAX * 4 + 1024;

/// The extractor for a form that may carry files: the multipart body (or, from a client that
/// sends no files, a URL-encoded one) and the upload gate.
pub struct UploadForm {
    body: Encoded,
    gate: Option<Uploads>,
}

enum Encoded {
    Multipart(Result<Multipart, MultipartRejection>),
    /// `None` when the body could not be read or decoded.
    UrlEncoded(Option<Vec<(String, String)>>),
}

impl<S: Send + Sync> FromRequest<S> for UploadForm {
    type Rejection = std::convert::Infallible;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let gate = req.extensions().get::<Uploads>().cloned();
        let url_encoded = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let body = if url_encoded {
            // Text only: bounded like the text fields of a multipart form, never the file limit.
            let bytes = axum::body::to_bytes(req.into_body(), TEXT_FIELD_MAX_BYTES * 2)
                .await
                .ok();
            Encoded::UrlEncoded(bytes.and_then(|b| serde_urlencoded::from_bytes(&b).ok()))
        } else {
            Encoded::Multipart(Multipart::from_request(req, state).await)
        };
        Ok(UploadForm { body, gate })
    }
}

/// A received file, on disk.
pub struct FileIn {
    pub name: String,
    pub content_type: String,
    pub data: service::tickets::Spooled,
}

#[derive(Default)]
pub struct Upload {
    fields: Vec<(String, String)>,
    pub files: Vec<FileIn>,
    /// Names of files refused for size or emptiness (kept out of `files`).
    pub too_large: Vec<String>,
    pub empty: Vec<String>,
    /// Files whose name is not UTF-8 (shown with replacement characters, never stored).
    pub bad_name: Vec<String>,
    /// Held until the handler is done with the files.
    _permit: Option<OwnedSemaphorePermit>,
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

    /// Files refused while reading (over the per-file limit, empty, or a name that is not
    /// UTF-8), as messages in the user's language.
    pub fn problems(&self, t: &Tr) -> Vec<String> {
        let max = domain::limits::ATTACHMENT_MAX_BYTES / (1024 * 1024);
        let big = self.too_large.iter().map(|n| {
            format!(
                "{} ({max} MiB)",
                t.t1("portal-err-file-too-large", "name", n)
            )
        });
        let empty = self
            .empty
            .iter()
            .map(|n| t.t1("portal-err-file-empty", "name", n));
        let bad = self
            .bad_name
            .iter()
            .map(|n| t.t1("upload-err-file-name", "name", n));
        big.chain(empty).chain(bad).collect()
    }

    /// 413 when a file was over the limit, else 422.
    pub fn problem_status(&self) -> StatusCode {
        if self.too_large.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::PAYLOAD_TOO_LARGE
        }
    }
}

/// The received files as the service takes them (name and size checked again there).
pub fn staged(files: Vec<FileIn>) -> Result<Vec<StagedFile>, ServiceError> {
    files
        .into_iter()
        .map(|f| StagedFile::new(&f.name, &f.content_type, f.data))
        .collect()
}

/// Why reading stopped.
enum ReadError {
    Multipart(MultipartError),
    Spool(std::io::Error),
}

impl From<MultipartError> for ReadError {
    fn from(e: MultipartError) -> Self {
        ReadError::Multipart(e)
    }
}

/// Reads and checks a multipart form posted by `s`; any refusal is the page to answer with.
pub async fn accept(
    t: &Tr,
    s: &Session,
    headers: &HeaderMap,
    form: UploadForm,
) -> Result<Upload, Response> {
    let forbidden = || page::error(t, StatusCode::FORBIDDEN, &t.t("error-csrf"));
    if !same_origin(headers) {
        return Err(forbidden());
    }
    let not_multipart =
        || page::error(t, StatusCode::BAD_REQUEST, &t.t("portal-err-not-multipart"));
    let mp = match form.body {
        Encoded::Multipart(mp) => mp.map_err(|_| not_multipart())?,
        Encoded::UrlEncoded(fields) => {
            let up = Upload {
                fields: fields.ok_or_else(not_multipart)?,
                ..Upload::default()
            };
            let sent = up.field("_csrf").unwrap_or_default();
            if !constant_time_eq(sent.as_bytes(), s.0.csrf.as_bytes()) {
                return Err(forbidden());
            }
            return Ok(up);
        }
    };
    let gate = form
        .gate
        .unwrap_or_else(|| Uploads::new(&Default::default()));
    let permit = gate.admit().await.map_err(|_| {
        retry_later(page::error(
            t,
            StatusCode::SERVICE_UNAVAILABLE,
            &t.t("upload-busy"),
        ))
    })?;
    let mut up = read(mp, &gate).await.map_err(|e| match e {
        ReadError::Multipart(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            page::error(t, StatusCode::PAYLOAD_TOO_LARGE, &t.t("error-too-large"))
        }
        ReadError::Multipart(_) => not_multipart(),
        ReadError::Spool(e) => {
            page::service_error(t, ServiceError::Internal(format!("temporary file: {e}")))
        }
    })?;
    let sent = up.field("_csrf").unwrap_or_default();
    if !constant_time_eq(sent.as_bytes(), s.0.csrf.as_bytes()) {
        return Err(forbidden());
    }
    up._permit = Some(permit);
    Ok(up)
}

async fn read(mut mp: Multipart, gate: &Uploads) -> Result<Upload, ReadError> {
    let mut up = Upload::default();
    while let Some(mut field) = mp.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(file_name) = field.file_name().map(clean_filename) {
            let content_type = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            let (data, over) = spool(&mut field, gate).await?;
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
                    data: data.finish().await.map_err(ReadError::Spool)?,
                }),
            }
        } else if let Some(raw) = undecodable_filename(field.headers()) {
            // A file part whose name is not UTF-8: the parser hides the name, not the file.
            while field.chunk().await?.is_some() {}
            up.bad_name.push(clean_filename(&raw));
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

/// Streams one file part to a new spool; `true` when it passed the limit (the rest is drained).
async fn spool(field: &mut Field<'_>, gate: &Uploads) -> Result<(Spool, bool), ReadError> {
    let mut data = Spool::create(&gate.dir).map_err(ReadError::Spool)?;
    let mut over = false;
    while let Some(chunk) = field.chunk().await? {
        if over {
            continue;
        }
        match data.write(&chunk).await {
            Ok(()) => {}
            Err(SpoolError::TooLarge) => over = true,
            Err(SpoolError::Io(e)) => return Err(ReadError::Spool(e)),
        }
    }
    Ok((data, over))
}

/// The raw `filename` of a part's `Content-Disposition` when it is present but not UTF-8
/// (shown lossily in the message), `None` when there is no such parameter.
fn undecodable_filename(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::CONTENT_DISPOSITION)?.as_bytes();
    let at = raw.windows(8).enumerate().find_map(|(i, w)| {
        let before = i.checked_sub(1).map(|j| raw[j]);
        let starts = matches!(before, Some(b';' | b' ' | b'\t'));
        (starts && w.eq_ignore_ascii_case(b"filename")).then_some(i + 8)
    })?;
    let rest = raw[at..].trim_ascii_start().strip_prefix(b"=")?;
    let value = rest.trim_ascii_start();
    let value = value.strip_prefix(b"\"").unwrap_or(value);
    let end = value
        .iter()
        .position(|b| matches!(b, b'"' | b';'))
        .unwrap_or(value.len());
    std::str::from_utf8(&value[..end])
        .is_err()
        .then(|| String::from_utf8_lossy(&value[..end]).into_owned())
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
    use super::*;

    #[test]
    fn filenames_lose_paths_and_controls() {
        assert_eq!(clean_filename("C:\\Users\\x\\informe.pdf"), "informe.pdf");
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\u{0}b.txt"), "ab.txt");
        assert_eq!(clean_filename(""), "");
    }

    #[test]
    fn a_filename_that_is_not_utf8_is_found_in_the_raw_header() {
        let with = |v: &[u8]| {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_DISPOSITION,
                axum::http::HeaderValue::from_bytes(v).unwrap(),
            );
            undecodable_filename(&h)
        };
        assert_eq!(
            with(b"form-data; name=\"files\"; filename=\"a\xffb.txt\"").as_deref(),
            Some("a\u{fffd}b.txt")
        );
        assert_eq!(
            with("form-data; name=\"files\"; filename=\"año.txt\"".as_bytes()),
            None
        );
        assert_eq!(with(b"form-data; name=\"body\""), None);
    }
}
