//! Form plumbing shared by the admin screens: field errors placed next to their inputs, and
//! the small parsers that turn text inputs into the use cases' typed inputs.

pub use crate::ui::session::NoFields;

use axum::response::Response;
use service::ServiceError;

use crate::ui::{feedback, i18n::Tr, page};

/// Field errors of one form, already localized. Field names are the use case's
/// (`name`, `spec.weekly.mon[1]`, `targets.low.target_seconds`), so an input shows every error
/// whose field is its own name or starts with it followed by `.` or `[`.
#[derive(Debug, Default, Clone)]
pub struct Errs(pub Vec<(String, String)>);

impl Errs {
    pub fn push(&mut self, field: &str, message: String) {
        self.0.push((field.to_string(), message));
    }

    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// Messages for `field` and its sub-fields, joined; `None` when it is fine.
    pub fn of(&self, field: &str) -> Option<String> {
        let hits: Vec<&str> = self
            .0
            .iter()
            .filter(|(f, _)| {
                f == field
                    || f.strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with(['.', '[']))
            })
            .map(|(_, m)| m.as_str())
            .collect();
        (!hits.is_empty()).then(|| hits.join(" "))
    }

    /// Every message, for the summary at the top of the form (`field: message`).
    pub fn all(&self) -> Vec<String> {
        self.0.iter().map(|(_, m)| m.clone()).collect()
    }

    /// Turns a use case's refusal into field errors; anything else is an error page.
    #[allow(clippy::result_large_err)] // the error is the finished page, built once per request
    pub fn from_service(t: &Tr, e: ServiceError) -> Result<Errs, Response> {
        let mut errs = Errs::default();
        match e {
            ServiceError::Invalid(list) => {
                for f in list {
                    errs.push(&f.field, feedback::field_error(t, &f));
                }
            }
            ServiceError::Conflict { field } => errs.push(field, t.t("admin-err-taken")),
            other => return Err(page::service_error(t, other)),
        }
        Ok(errs)
    }
}

/// An id from a `<select>`: empty = none; garbage = a field error.
pub fn opt_id(errs: &mut Errs, t: &Tr, field: &str, v: &str) -> Option<i64> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse() {
        Ok(id) => Some(id),
        Err(_) => {
            errs.push(field, t.t("admin-err-invalid"));
            None
        }
    }
}

/// A required id from a `<select>` (0 when missing, with a field error).
pub fn req_id(errs: &mut Errs, t: &Tr, field: &str, v: &str) -> i64 {
    opt_id(errs, t, field, v).unwrap_or_else(|| {
        if v.trim().is_empty() {
            errs.push(field, t.t("admin-err-required"));
        }
        0
    })
}

/// A whole number (hours per month, percentages).
pub fn int(errs: &mut Errs, t: &Tr, field: &str, v: &str) -> i64 {
    v.trim().parse().unwrap_or_else(|_| {
        errs.push(field, t.t("admin-err-number"));
        0
    })
}

/// Lines or commas → trimmed non-empty items (contact e-mails).
pub fn items(v: &str) -> Vec<String> {
    v.split(['\n', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_attach_to_fields_and_subfields() {
        let mut e = Errs::default();
        e.push("spec.weekly.mon[1]", "overlap".into());
        e.push("name", "required".into());
        assert_eq!(e.of("spec.weekly.mon").as_deref(), Some("overlap"));
        assert_eq!(e.of("spec.weekly.tue"), None);
        assert_eq!(e.of("nam"), None);
        assert_eq!(e.of("name").as_deref(), Some("required"));
    }
}
