//! Serving an attachment (API, console and portal alike): always as a download, never
//! rendered in our origin — uploaded HTML or SVG must not run with the user's session.

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use service::tickets::AttachmentView;

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

pub fn attachment_response(meta: &AttachmentView, data: Vec<u8>) -> Response {
    let mut res = data.into_response();
    let h = res.headers_mut();
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
