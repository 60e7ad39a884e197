//! Serving an attachment (API, console and portal alike): always as a download, never
//! rendered in our origin — uploaded HTML or SVG must not run with the user's session.

use axum::{
    body::{Body, Bytes},
    http::{HeaderValue, header},
    response::Response,
};
use service::tickets::{AttachmentBody, AttachmentView};

/// Types a browser could execute or render as a document are served as opaque bytes.
fn safe_content_type(declared: &str) -> HeaderValue {
    let lower = declared.to_ascii_lowercase();
    let active = ["html", "xml", "svg", "javascript", "ecmascript"]
        .iter()
        .any(|k| lower.contains(k));
    if active {
        return HeaderValue::from_static("application/octet-stream");
    }
    HeaderValue::from_str(declared).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

/// `Content-Disposition: attachment` with an ASCII fallback name and the exact UTF-8 name
/// (RFC 6266 `filename*`), so "Planilla año 2026.xlsx" keeps its ñ.
fn disposition(filename: &str) -> Option<HeaderValue> {
    let ascii: String = filename
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\' || *c == ' ')
        .collect();
    let utf8: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}"
    ))
    .ok()
}

/// The file streamed chunk by chunk as the database gives them: one chunk in memory at a time.
/// A chunk that fails to load ends the body early, which the client sees as a broken transfer
/// (`Content-Length` promised more), never as a complete but shorter file.
pub fn attachment_response(meta: &AttachmentView, data: AttachmentBody) -> Response {
    let stream = futures_util::stream::unfold(data, |mut body| async move {
        match body.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok(Bytes::from(chunk)), body)),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, "attachment download failed mid-way");
                Some((Err(e), body))
            }
        }
    });
    let mut res = Response::new(Body::from_stream(stream));
    let h = res.headers_mut();
    if let Ok(len) = u64::try_from(meta.size_bytes) {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    h.insert(header::CONTENT_TYPE, safe_content_type(&meta.content_type));
    if let Some(v) = disposition(&meta.filename) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    res
}

/// A knowledge-base file: raster images are shown in place (an article's screenshots), any
/// other type is a download, and nothing is ever rendered as a document of our origin.
pub fn article_file_response(meta: &service::kb::ArticleFileView, data: Vec<u8>) -> Response {
    let inline = ["image/png", "image/jpeg", "image/gif", "image/webp"]
        .contains(&meta.content_type.to_ascii_lowercase().as_str());
    let mut res = Response::new(Body::from(data));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, safe_content_type(&meta.content_type));
    if !inline && let Some(v) = disposition(&meta.filename) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_types_are_neutralised_and_names_kept() {
        assert_eq!(
            safe_content_type("text/html; charset=utf-8"),
            "application/octet-stream"
        );
        assert_eq!(
            safe_content_type("image/svg+xml"),
            "application/octet-stream"
        );
        assert_eq!(safe_content_type("application/pdf"), "application/pdf");
        let d = disposition("Planilla año \"x\".pdf").unwrap();
        assert_eq!(
            d.to_str().unwrap(),
            "attachment; filename=\"Planilla ao x.pdf\"; filename*=UTF-8''Planilla%20a%C3%B1o%20%22x%22.pdf"
        );
    }
}
