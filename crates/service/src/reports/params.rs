//! The reports' parameters: parsed at the boundary into types, each error naming the
//! parameter (`client_id`, `month`, `from`, `to`, `group_by`), and the month's instants in
//! the client's time zone.

use domain::{FieldError, hours::Month};
use jiff::{Timestamp, civil::Date, tz::TimeZone};
use serde::Deserialize;
use store::clients::ClientRow;
use utoipa::IntoParams;

use crate::{Actor, Service, ServiceError, ServiceResult, us};

/// `GET /api/v1/reports/monthly?client_id=&month=` (and `.csv`). Strings, so a bad value is
/// refused naming its parameter; an unknown parameter is refused too.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MonthlyQuery {
    /// The client (a client admin: its own; another client answers 404).
    #[param(value_type = i64, required = true)]
    pub client_id: Option<String>,
    /// `YYYY-MM` in the client's time zone; a month that has not started there is refused.
    #[param(value_type = String, required = true, example = "2026-11")]
    pub month: Option<String>,
}

/// A required id parameter.
pub fn id_param(field: &str, raw: Option<&str>) -> Result<i64, FieldError> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty());
    let raw = raw.ok_or_else(|| FieldError::new(field, "required", "is required"))?;
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        FieldError::new(field, "invalid", "expected a positive whole number").with("value", raw)
    })
}

/// A required `YYYY-MM` parameter.
pub fn month_param(field: &str, raw: Option<&str>) -> Result<Month, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Err(FieldError::new(field, "required", "is required")),
        Some(s) => Month::parse(field, s),
    }
}

/// Refuses a month that has not started yet where `today` is.
pub fn not_future(field: &str, m: Month, today: Date) -> Result<Month, FieldError> {
    if m > Month::of(today) {
        return Err(FieldError::new(
            field,
            "future_month",
            "this month has not started yet in the client's time zone",
        )
        .with("value", m));
    }
    Ok(m)
}

/// A month's instants in one zone: `[from, to)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub month: Month,
    pub from: Timestamp,
    pub to: Timestamp,
}

impl Window {
    pub fn of(m: Month, tz: &TimeZone) -> ServiceResult<Window> {
        let start = |d: Date| {
            tz.to_timestamp(d.at(0, 0, 0, 0))
                .map_err(|e| ServiceError::Internal(format!("month start {d}: {e}")))
        };
        Ok(Window {
            month: m,
            from: start(m.first_day())?,
            to: start(m.next().first_day())?,
        })
    }

    pub fn start_us(self) -> i64 {
        us(self.from)
    }

    pub fn stop_us(self) -> i64 {
        us(self.to)
    }

    /// Where "at the month's end" is read: its end, or now while it runs.
    pub fn end_us(self, now: Timestamp) -> i64 {
        us(self.to.min(now))
    }
}

/// The months `first..=last` as windows of `tz` (what the compliance counts take).
pub(crate) fn windows(first: Month, last: Month, tz: &TimeZone) -> ServiceResult<Vec<Window>> {
    let mut out = vec![Window::of(first, tz)?];
    let mut m = first;
    while m < last {
        m = m.next();
        out.push(Window::of(m, tz)?);
    }
    Ok(out)
}

impl Service {
    /// The client a report is about. TENANT: a client admin asking for another client gets
    /// the same 404 as for a client that does not exist.
    pub(crate) async fn report_client(
        &self,
        actor: &Actor,
        client_id: i64,
    ) -> ServiceResult<(ClientRow, TimeZone)> {
        actor.check_client(client_id)?; // TENANT
        let client = store::clients::get_client(&self.db, client_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let tz = crate::stored_zone("client", client.id, &client.time_zone)?;
        Ok((client, tz))
    }

    /// The month of a client's report, checked: well-formed and already started in its zone.
    pub(crate) fn report_month(&self, raw: &str, tz: &TimeZone) -> ServiceResult<Window> {
        let today = self.now().to_zoned_datetime(tz.clone()).date();
        let m = not_future("month", month_param("month", Some(raw))?, today)?;
        Window::of(m, tz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_named_in_errors() {
        assert_eq!(id_param("client_id", Some(" 12 ")), Ok(12));
        for bad in [
            None,
            Some(""),
            Some("x"),
            Some("-3"),
            Some("0"),
            Some("1.5"),
        ] {
            assert_eq!(id_param("client_id", bad).unwrap_err().field, "client_id");
        }
        let e = month_param("from", Some("2026-13")).unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("from", "month"));
        let today: Date = "2026-11-30".parse().unwrap();
        let dec = Month::parse("to", "2026-12").unwrap();
        assert_eq!(
            not_future("to", dec, today).unwrap_err().code,
            "future_month"
        );
        assert!(not_future("to", dec, "2026-12-01".parse().unwrap()).is_ok());
    }

    #[test]
    fn windows_follow_the_zone() {
        let m = Month::parse("month", "2026-03").unwrap();
        let w = Window::of(m, &TimeZone::get("Europe/Madrid").unwrap()).unwrap();
        assert_eq!(w.from.to_string(), "2026-02-28T23:00:00Z");
        // Summer time from 29 March: April starts at 22:00 UTC.
        assert_eq!(w.to.to_string(), "2026-03-31T22:00:00Z");
    }
}
