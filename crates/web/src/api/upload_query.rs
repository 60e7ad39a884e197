//! The `filename` parameter of an upload, decoded from the raw query string.
//!
//! A query is decoded by hand here because the usual form decoder replaces bytes that are not
//! UTF-8 with U+FFFD: the stored name would silently differ from the one sent. A name that is
//! not UTF-8 is refused with 422 naming `filename`.

use axum::http::StatusCode;
use domain::FieldError;

use crate::error::ApiError;

fn invalid(code: &'static str, message: &str) -> ApiError {
    ApiError::field(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
        FieldError::new("filename", code, message),
    )
}

/// The decoded `filename` (`+` is a space, `%XX` a byte); the first one when repeated.
pub fn filename(query: Option<&str>) -> Result<String, ApiError> {
    let raw = query
        .unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| *k == "filename")
        .map(|(_, v)| v)
        .ok_or_else(|| invalid("required", "the file's name is required"))?;
    let spaced = raw.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| invalid("invalid_utf8", "must be UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::filename;

    #[test]
    fn names_decode_exactly_or_are_refused() {
        assert_eq!(filename(Some("filename=a%20b+c.pdf")).unwrap(), "a b c.pdf");
        assert_eq!(
            filename(Some("x=1&filename=a%C3%B1o.txt")).unwrap(),
            "año.txt"
        );
        let e = filename(Some("filename=a%FFb.txt")).unwrap_err();
        assert_eq!(e.errors[0].field, "filename");
        assert_eq!(e.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(filename(None).unwrap_err().errors[0].field, "filename");
    }
}
