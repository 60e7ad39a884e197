//! How many uploads are received at once, and where they are spooled.
//!
//! Every upload (API raw body, portal and console forms) first takes a permit; each one
//! streams to a temporary file, so memory is bounded by the permits × one write buffer, not by
//! what clients send. An upload beyond the permits waits (its body is not read meanwhile, so
//! the client is simply held back by TCP); after `wait` without a permit it is refused with
//! 503 and `Retry-After`, which HTTP clients and browsers treat as "try again shortly".

use std::{path::PathBuf, sync::Arc, time::Duration};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// The `Retry-After` given with a 503 (seconds).
pub const RETRY_AFTER_SECONDS: u64 = 5;

#[derive(Debug, Clone)]
pub struct UploadConfig {
    /// Uploads received at once (at least 1).
    pub concurrency: usize,
    /// How long an upload waits for a permit before 503.
    pub wait: Duration,
    /// Where the temporary files are made (unlinked at once; created when missing).
    pub dir: PathBuf,
}

impl Default for UploadConfig {
    fn default() -> Self {
        UploadConfig {
            concurrency: 4,
            wait: Duration::from_secs(30),
            dir: std::env::temp_dir().join("atiende-uploads"),
        }
    }
}

/// The shared gate, handed to handlers as an `Extension`.
#[derive(Debug, Clone)]
pub struct Uploads {
    permits: Arc<Semaphore>,
    wait: Duration,
    pub dir: Arc<PathBuf>,
}

/// No permit came within the configured wait.
#[derive(Debug)]
pub struct Busy;

impl Uploads {
    pub fn new(c: &UploadConfig) -> Uploads {
        Uploads {
            permits: Arc::new(Semaphore::new(c.concurrency.max(1))),
            wait: c.wait,
            dir: Arc::new(c.dir.clone()),
        }
    }

    /// A permit to receive one request's files; hold it until they are stored.
    pub async fn admit(&self) -> Result<OwnedSemaphorePermit, Busy> {
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(p)) => Ok(p),
            _ => Err(Busy),
        }
    }
}

/// Adds `Retry-After` to a 503.
pub fn retry_later(mut res: Response) -> Response {
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    res
}

impl IntoResponse for Busy {
    fn into_response(self) -> Response {
        retry_later(
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                format!("too many uploads in progress; retry in {RETRY_AFTER_SECONDS} s"),
            )
            .into_response(),
        )
    }
}
