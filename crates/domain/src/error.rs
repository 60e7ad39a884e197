//! Validation errors raised while parsing input at the boundary.

/// A value that failed validation, naming the field so the web layer can
/// point the client at it (RFC 9457 `errors[].field`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    /// Stable machine-readable code (`too_long`, `invalid`, `required`, …).
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}
