//! Business calendars: weekly windows + holidays in the calendar's own time zone.
//!
//! CONTRACT (implemented by the SLA helper; signatures are fixed, bodies to write).

use jiff::{Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// Wire/storage form of a calendar (stored as JSON text, accepted by the API).
/// `weekly` keys: "mon".."sun"; each window `["09:00","13:00"]`, end may be `"24:00"`.
/// Holidays are civil dates `YYYY-MM-DD` in the calendar's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    pub time_zone: String,
    pub weekly: std::collections::BTreeMap<String, Vec<[String; 2]>>,
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// A validated calendar. Invariant: every day's windows are sorted, disjoint,
/// non-empty and inside 00:00..=24:00; the time zone resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    pub time_zone: TimeZone,
    // private representation chosen by the implementer
}

impl BusinessCalendar {
    /// Validates a spec; errors name the offending field (`weekly.mon[1]`, `holidays[0]`, `time_zone`).
    pub fn from_spec(spec: &CalendarSpec) -> Result<Self, FieldError> {
        let _ = spec;
        todo!()
    }

    /// Is `t` inside a business window (non-holiday day)?
    pub fn is_open(&self, t: Timestamp) -> bool {
        let _ = t;
        todo!()
    }

    /// The business windows intersecting `[from, to)`, as UTC instant intervals, in order.
    pub fn open_intervals(&self, from: Timestamp, to: Timestamp) -> Vec<(Timestamp, Timestamp)> {
        let _ = (from, to);
        todo!()
    }
}
