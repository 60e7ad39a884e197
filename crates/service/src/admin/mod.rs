//! Administration use cases: clients, campuses, users, calendars, policies, plans, subscriptions.
//! Reads are tenant-scoped; writes need the `admin` role.

pub mod clients;
pub mod deletes;
pub mod policies;
pub mod tokens;
pub mod users;

use domain::FieldError;

/// Collects every field error of an input instead of stopping at the first.
#[derive(Default)]
pub(crate) struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    pub fn finish(self) -> crate::ServiceResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::ServiceError::Invalid(self.0))
        }
    }
}

pub(crate) fn rfc3339(us: i64) -> String {
    crate::ts(us).to_string()
}

/// `YYYY-MM-DD`.
pub(crate) fn parse_date(field: &str, s: &str) -> Result<String, FieldError> {
    s.parse::<jiff::civil::Date>()
        .map(|d| d.to_string())
        .map_err(|_| FieldError::new(field, "date", "expected a date YYYY-MM-DD").with("value", s))
}
