//! Validation errors raised while parsing input at the boundary.

/// A value that failed validation, naming the field so the web layer can
/// point the client at it (RFC 9457 `errors[].field`).
///
/// `message` is English prose for API clients; a page never shows it. A page says the same thing
/// in the user's language from `field` + `code` + `args` (the Fluent key `err-{code}` with the
/// args as its variables), so whatever a message tells (a maximum, the allowed values) that the
/// code alone does not, must also be in `args`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    /// Stable machine-readable code (`too_long`, `invalid`, `required`, …).
    pub code: &'static str,
    pub message: String,
    /// Named values the message carries (`max`, `min`, `allowed`, `value`…), in order.
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
            args: Vec::new(),
        }
    }

    /// Adds a named value for the translated message: `.with("max", 200)`.
    pub fn with(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The value of one named argument, if the error carries it.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}
