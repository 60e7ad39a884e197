//! The request flow every admin form shares, written once so each screen only says what is
//! its own (which use case, which page):
//!
//! - handlers return `Result<Response, Response>` and bail out with `?` (not an admin, a use
//!   case failing with something other than a refusal → the finished error page);
//! - [`attempt`] runs the use case unless parsing the form already found mistakes and turns a
//!   refusal (`ServiceError::Invalid`/`Conflict`) into field errors for the same form;
//! - [`render_form`] answers 422 while the page shows a form with errors, 200 otherwise.

use std::future::Future;

use askama::Template;
use axum::{http::StatusCode, response::Response};
use service::ServiceError;

use super::{Errs, with_status};
use crate::ui::{i18n::Tr, page};

/// What an admin handler answers: the page, or (through `?`) an error page.
pub type Page = Result<Response, Response>;

/// What became of a submitted form.
pub enum Outcome<T> {
    /// The use case accepted it; `T` is what it returned (the new token, an id…).
    Saved(T),
    /// Typing mistakes or the use case's refusal: show the form again with these messages.
    Rejected(Errs),
}

/// Calls the use case (`call` is only awaited when `errs`, from parsing the form, is empty).
/// A refusal becomes [`Outcome::Rejected`]; any other failure is the error page (`Err`).
#[allow(clippy::result_large_err)] // the error is the finished page, built once per request
pub async fn attempt<T>(
    t: &Tr,
    errs: Errs,
    call: impl Future<Output = Result<T, ServiceError>>,
) -> Result<Outcome<T>, Response> {
    if errs.any() {
        return Ok(Outcome::Rejected(errs));
    }
    match call.await {
        Ok(v) => Ok(Outcome::Saved(v)),
        Err(e) => Errs::from_service(t, e).map(Outcome::Rejected),
    }
}

/// A page holding a form: 422 Unprocessable Entity when `invalid` (the form came back with
/// errors, so scripts and tests can tell a refusal from a fresh form), 200 otherwise.
pub fn render_form(tpl: &impl Template, invalid: bool) -> Response {
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    with_status(page::render(tpl), status)
}

/// `?` for reads inside handlers: a failed use case becomes its error page.
pub trait OrPage<T> {
    #[allow(clippy::result_large_err)] // the error is the finished page, built once per request
    fn or_page(self, t: &Tr) -> Result<T, Response>;
}

impl<T> OrPage<T> for Result<T, ServiceError> {
    fn or_page(self, t: &Tr) -> Result<T, Response> {
        self.map_err(|e| page::service_error(t, e))
    }
}
