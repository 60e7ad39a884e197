//! Service errors: the caller's fault (4xx) is kept apart from ours (5xx).

use domain::FieldError;
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Missing, or outside the caller's tenant (answered as 404 so existence does not leak).
    #[error("not found")]
    NotFound,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("unauthorized")]
    Unauthorized,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// A state transition the lifecycle does not allow. `code` is stable (pages say it in the
    /// user's language from it); `message` is the English text the API returns.
    #[error("{message}")]
    State { code: &'static str, message: String },
    #[error("{field} already exists")]
    Conflict { field: &'static str },
    /// Too many failed attempts (login throttling); retry later.
    #[error("too many attempts; retry in {retry_after_seconds} s")]
    RateLimited { retry_after_seconds: i64 },
    #[error(transparent)]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    /// A lifecycle refusal: `ServiceError::state("closed_final", "a closed ticket is final")`.
    pub fn state(code: &'static str, message: impl Into<String>) -> ServiceError {
        ServiceError::State {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Conflict { field } => ServiceError::Conflict { field },
            StoreError::UnknownReference => ServiceError::Invalid(vec![FieldError::new(
                "reference",
                "unknown",
                "refers to an object that does not exist",
            )]),
            other => ServiceError::Store(other),
        }
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        ServiceError::Invalid(vec![e])
    }
}
