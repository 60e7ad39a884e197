//! The queue's time filters (the dashboard's links): creation and resolution ranges, and one
//! weekday × hour of the provider's zone. Each figure of the dashboard counts exactly the
//! tickets its link lists, so these use the same half-open ranges as `store::dashboard`.

use domain::FieldError;
use jiff::{Timestamp, ToSpan, civil::Weekday, tz::TimeZone};
use store::ticket_list::TicketFilter;

use super::read::TicketQuery;
use crate::{Actor, Service, ServiceResult, us};

/// The longest creation range a weekday/hour filter expands (about three years: the
/// dashboard's periods are at most 36 months).
const MAX_SLOT_DAYS: i64 = 1_120;

/// A local weekday and/or hour of the provider's zone.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Slot {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: Option<i8>,
    pub hour: Option<i8>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct TimeFilters {
    pub created: (Option<i64>, Option<i64>),
    pub resolved: (Option<i64>, Option<i64>),
    pub slot: Option<Slot>,
}

fn instant(field: &str, raw: &Option<String>, errors: &mut Vec<FieldError>) -> Option<i64> {
    let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    match raw.parse::<Timestamp>() {
        Ok(t) => Some(us(t)),
        Err(_) => {
            errors.push(
                FieldError::new(field, "invalid", "expected an RFC 3339 instant")
                    .with("value", raw),
            );
            None
        }
    }
}

fn number(
    field: &str,
    raw: &Option<String>,
    range: (i8, i8),
    errors: &mut Vec<FieldError>,
) -> Option<i8> {
    let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    match raw
        .parse::<i8>()
        .ok()
        .filter(|n| (range.0..=range.1).contains(n))
    {
        Some(n) => Some(n),
        None => {
            errors.push(
                FieldError::new(
                    field,
                    "range",
                    format!("a whole number from {} to {}", range.0, range.1),
                )
                .with("value", raw),
            );
            None
        }
    }
}

impl TimeFilters {
    /// Checks the time parameters of `q`, adding one error per bad parameter to `errors`.
    pub(crate) fn parse(q: &TicketQuery, errors: &mut Vec<FieldError>) -> TimeFilters {
        let created = (
            instant("created_from", &q.created_from, errors),
            instant("created_to", &q.created_to, errors),
        );
        let resolved = (
            instant("resolved_from", &q.resolved_from, errors),
            instant("resolved_to", &q.resolved_to, errors),
        );
        let weekday = number("created_weekday", &q.created_weekday, (1, 7), errors);
        let hour = number("created_hour", &q.created_hour, (0, 23), errors);
        let slot = (weekday.is_some() || hour.is_some()).then_some(Slot { weekday, hour });
        if slot.is_some() {
            let field = if weekday.is_some() {
                "created_weekday"
            } else {
                "created_hour"
            };
            match created {
                (Some(from), Some(to)) if to - from > MAX_SLOT_DAYS * 86_400_000_000 => {
                    errors.push(
                        FieldError::new(
                            field,
                            "range_too_long",
                            "created_from..created_to is too long",
                        )
                        .with("max_days", MAX_SLOT_DAYS),
                    );
                }
                (Some(_), Some(_)) => {}
                _ => errors.push(FieldError::new(
                    field,
                    "needs_range",
                    "needs created_from and created_to",
                )),
            }
        }
        TimeFilters {
            created,
            resolved,
            slot,
        }
    }
}

/// The instants of `[from, to)` whose local weekday and hour in `tz` match `slot`, as ranges.
/// A repeated hour (DST ends) is one range over both occurrences; a skipped one is empty.
pub(crate) fn slot_ranges(from_us: i64, to_us: i64, slot: Slot, tz: &TimeZone) -> Vec<(i64, i64)> {
    let (Ok(from), Ok(to)) = (
        Timestamp::from_microsecond(from_us),
        Timestamp::from_microsecond(to_us),
    ) else {
        return Vec::new();
    };
    let mut day = from.to_zoned_datetime(tz.clone()).date();
    let last = to.to_zoned_datetime(tz.clone()).date();
    let mut out = Vec::new();
    while day <= last {
        let wd = day.weekday().to_monday_one_offset();
        if slot.weekday.is_none_or(|w| w == wd) {
            let (h0, h1) = match slot.hour {
                Some(h) => (day.at(h, 0, 0, 0), day.at(h, 0, 0, 0).checked_add(1.hour())),
                None => (day.at(0, 0, 0, 0), day.tomorrow().map(|d| d.at(0, 0, 0, 0))),
            };
            if let (Ok(a), Ok(b)) = (tz.to_timestamp(h0), h1.and_then(|h1| tz.to_timestamp(h1))) {
                let (a, b) = (us(a).max(from_us), us(b).min(to_us));
                if a < b {
                    out.push((a, b));
                }
            }
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    out
}

/// Monday = 1 … Sunday = 7 (ISO), the numbering the API and the dashboard use.
pub(crate) fn weekday_number(w: Weekday) -> i8 {
    w.to_monday_one_offset()
}

impl Service {
    /// The store filter of a queue query: [`TicketQuery::to_filter`], plus the weekday/hour
    /// ranges expanded in the provider's zone (the dashboard's busiest-hours cells).
    pub(crate) async fn queue_filter(
        &self,
        actor: &Actor,
        q: &TicketQuery,
    ) -> ServiceResult<TicketFilter> {
        let mut f = q.to_filter(actor)?;
        if let Some(text) = f.text.take() {
            f.text = Some(text.settle_typing(&self.db).await?);
        }
        let times = TimeFilters::parse(q, &mut Vec::new());
        if let (Some(slot), (Some(from), Some(to))) = (times.slot, times.created) {
            let zone = self.provider_zone().await?;
            f.created_in = slot_ranges(from, to, slot, &zone.tz);
            if f.created_in.is_empty() {
                // No instant matches: an empty range keeps the filter "nothing", not "all".
                f.created_in = vec![(0, 0)];
            }
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        us(s.parse::<Timestamp>().unwrap())
    }

    #[test]
    fn slots_follow_the_local_clock_and_dst() {
        let tz = TimeZone::get("Europe/Madrid").unwrap();
        // Sundays at 02:00 in March 2026: 29 March has no 02:00 (clocks jump to 03:00).
        let r = slot_ranges(
            at("2026-03-01T00:00:00Z"),
            at("2026-04-01T00:00:00Z"),
            Slot {
                weekday: Some(7),
                hour: Some(2),
            },
            &tz,
        );
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(
            r[0],
            (at("2026-03-01T01:00:00Z"), at("2026-03-01T02:00:00Z"))
        );
        // Sunday 25 October 2026: 02:00 happens twice, the range covers both.
        let r = slot_ranges(
            at("2026-10-25T00:00:00Z"),
            at("2026-10-26T00:00:00Z"),
            Slot {
                weekday: Some(7),
                hour: Some(2),
            },
            &tz,
        );
        assert_eq!(
            r,
            vec![(at("2026-10-25T00:00:00Z"), at("2026-10-25T02:00:00Z"))]
        );
        // Clipped to the range.
        let r = slot_ranges(
            at("2026-11-02T10:30:00Z"),
            at("2026-11-03T00:00:00Z"),
            Slot {
                weekday: None,
                hour: Some(10),
            },
            &TimeZone::UTC,
        );
        assert_eq!(
            r,
            vec![(at("2026-11-02T10:30:00Z"), at("2026-11-02T11:00:00Z"))]
        );
    }
}
