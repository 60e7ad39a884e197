//! Business calendars: weekly windows + holidays in the calendar's own time zone.
//!
//! Business time is the set of instants whose *local wall-clock time* falls inside a window of a
//! non-holiday day, so a DST change shortens or lengthens a window that spans it. Internally
//! everything is integer microseconds: UTC instants, and "local microseconds" (UTC + offset) in
//! which each day is exactly 24 h long. Between two offset transitions local time is UTC shifted
//! by a constant, so a window maps to one UTC interval per constant-offset segment.

use std::collections::BTreeSet;

use jiff::{Timestamp, civil::Date, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::FieldError;

mod holiday;
mod parse;

pub(crate) const SECOND_US: i64 = 1_000_000;
pub(crate) const DAY_US: i64 = 86_400 * SECOND_US;

/// Day keys of `CalendarSpec::weekly`, Monday first (index = `weekday_index`).
pub const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Wire/storage form of a calendar (stored as JSON text, accepted by the API).
/// `weekly` keys: "mon".."sun"; each window `["09:00","13:00"]`, end may be `"24:00"`.
/// Holidays are civil dates in the calendar's zone (see [`Holiday`] for their two shapes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    pub time_zone: String,
    pub weekly: std::collections::BTreeMap<String, Vec<[String; 2]>>,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
}

pub use holiday::Holiday;

/// A validated calendar. Invariant: every day's windows are sorted, disjoint,
/// non-empty and inside 00:00..=24:00; the time zone resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    pub time_zone: TimeZone,
    /// Per weekday (Monday first): `[start, end)` in microseconds since local midnight.
    windows: [Vec<(i64, i64)>; 7],
    /// Holidays as day numbers (days since 1970-01-01, civil).
    holidays: BTreeSet<i64>,
    /// Yearly holidays as `(month, day)`: every year on that date (29 Feb only in leap years).
    yearly: BTreeSet<(i8, i8)>,
}

impl BusinessCalendar {
    /// Validates a spec; errors name the offending field (`weekly.mon[1]`, `holidays[0]`, `time_zone`).
    ///
    /// Also rejects a calendar with no window at all (`weekly`): business time would never pass.
    pub fn from_spec(spec: &CalendarSpec) -> Result<Self, FieldError> {
        let time_zone = TimeZone::get(spec.time_zone.trim()).map_err(|e| {
            FieldError::new("time_zone", "time_zone", format!("unknown time zone: {e}"))
                .with("value", spec.time_zone.trim())
        })?;
        let mut windows: [Vec<(i64, i64)>; 7] = Default::default();
        for (key, list) in &spec.weekly {
            let Some(idx) = DAY_KEYS.iter().position(|k| k == key) else {
                return Err(FieldError::new(
                    format!("weekly.{key}"),
                    "weekday",
                    "unknown day (expected mon, tue, wed, thu, fri, sat or sun)",
                )
                .with("value", key));
            };
            windows[idx] = parse::day_windows(key, list)?;
        }
        if windows.iter().all(Vec::is_empty) {
            return Err(FieldError::new(
                "weekly",
                "required",
                "at least one business window is required",
            ));
        }
        let mut holidays = BTreeSet::new();
        let mut yearly = BTreeSet::new();
        for (i, h) in spec.holidays.iter().enumerate() {
            let date = h.parse_date(i)?;
            if h.yearly {
                yearly.insert((date.month(), date.day()));
            } else {
                holidays.insert(day_number(date));
            }
        }
        Ok(BusinessCalendar {
            time_zone,
            windows,
            holidays,
            yearly,
        })
    }

    /// Is `t` inside a business window (non-holiday day)?
    pub fn is_open(&self, t: Timestamp) -> bool {
        let utc = t.as_microsecond();
        let local = utc + self.offset_us(t);
        let day = local.div_euclid(DAY_US);
        let tod = local.rem_euclid(DAY_US);
        !self.is_holiday(day)
            && self
                .day_windows(day)
                .iter()
                .any(|&(a, b)| a <= tod && tod < b)
    }

    /// The business time inside `[from, to)`, as UTC instant intervals, in order, clipped to
    /// `[from, to)` and with touching windows merged (a window ending at 24:00 followed by one
    /// starting at 00:00 is one interval), so their lengths sum to the business time in range.
    pub fn open_intervals(&self, from: Timestamp, to: Timestamp) -> Vec<(Timestamp, Timestamp)> {
        let mut out = Vec::new();
        self.intervals_us(from.as_microsecond(), to.as_microsecond(), &mut out);
        out.into_iter()
            .map(|(a, b)| (timestamp_us(a), timestamp_us(b)))
            .collect()
    }

    fn offset_us(&self, t: Timestamp) -> i64 {
        i64::from(self.time_zone.to_offset(t).seconds()) * SECOND_US
    }

    /// A dated holiday, or a yearly one falling on this day's month and day: both close the
    /// whole day, so the walk treats them alike.
    fn is_holiday(&self, day: i64) -> bool {
        self.holidays.contains(&day)
            || (!self.yearly.is_empty() && self.yearly.contains(&month_day(day)))
    }

    fn day_windows(&self, day: i64) -> &[(i64, i64)] {
        &self.windows[weekday_index(day)]
    }

    /// Appends the business intervals inside `[from, to)` (UTC µs) to `out`, in order, merging
    /// an interval that touches the last one already in `out`.
    pub(crate) fn intervals_us(&self, from: i64, to: i64, out: &mut Vec<(i64, i64)>) {
        let to = to.min(MAX_US);
        let mut t = from.max(MIN_US);
        while t < to {
            let ts = timestamp_us(t);
            let off = self.offset_us(ts);
            let next = self
                .time_zone
                .following(ts)
                .next()
                .map(|tr| tr.timestamp().as_microsecond());
            let seg_end = match next {
                Some(n) if n > t => n.min(to),
                _ => to,
            };
            let mut day = (t + off).div_euclid(DAY_US);
            while day * DAY_US < seg_end + off {
                if !self.is_holiday(day) {
                    let base = day * DAY_US - off;
                    for &(a, b) in self.day_windows(day) {
                        let (s, e) = ((base + a).max(t), (base + b).min(seg_end));
                        if s < e {
                            push_merged(out, s, e);
                        }
                    }
                }
                day += 1;
            }
            t = seg_end;
        }
    }
}

pub(crate) const MIN_US: i64 = -377_705_023_201 * SECOND_US;
pub(crate) const MAX_US: i64 = 253_402_207_201 * SECOND_US - 1;

/// A UTC instant from microseconds, clamped to jiff's range (never panics).
pub(crate) fn timestamp_us(us: i64) -> Timestamp {
    let us = us.clamp(MIN_US, MAX_US);
    Timestamp::from_microsecond(us).unwrap_or(if us < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

pub(crate) fn push_merged(out: &mut Vec<(i64, i64)>, s: i64, e: i64) {
    match out.last_mut() {
        Some(last) if last.1 >= s => last.1 = last.1.max(e),
        _ => out.push((s, e)),
    }
}

/// Monday = 0 … Sunday = 6 for a day number (1970-01-01 was a Thursday).
fn weekday_index(day: i64) -> usize {
    // rem_euclid(7) is in 0..7, so the cast is lossless.
    (day + 3).rem_euclid(7) as usize
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
fn day_number(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month()), i64::from(date.day()));
    let y = i64::from(date.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(month, day)` of a day number (the inverse of `day_number`, H. Hinnant's `civil_from_days`).
fn month_day(day: i64) -> (i8, i8) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    // m is in 1..=12 and d in 1..=31, so both casts are lossless.
    (m as i8, d as i8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_day_inverts_day_number() {
        for s in [
            "1970-01-01",
            "1969-12-31",
            "2000-02-29",
            "2026-12-25",
            "1900-03-01",
            "2400-02-29",
        ] {
            let d: Date = s.parse().unwrap();
            assert_eq!(month_day(day_number(d)), (d.month(), d.day()), "{s}");
        }
    }

    #[test]
    fn day_numbers_and_weekdays() {
        let d = |s: &str| day_number(s.parse().unwrap());
        assert_eq!(d("1970-01-01"), 0);
        assert_eq!(d("1969-12-31"), -1);
        assert_eq!(d("2000-03-01"), 11_017);
        assert_eq!(weekday_index(d("2026-03-29")), 6); // Sunday
        assert_eq!(weekday_index(d("2026-03-30")), 0); // Monday
    }

    #[test]
    fn range_constants_match_jiff() {
        assert_eq!(Timestamp::MIN.as_microsecond(), MIN_US);
        assert_eq!(Timestamp::MAX.as_microsecond(), MAX_US);
        assert_eq!(timestamp_us(i64::MAX).as_microsecond(), MAX_US);
        assert_eq!(timestamp_us(i64::MIN).as_microsecond(), MIN_US);
    }
}
