//! Time entries and the administration-hours bank (issue 19, items 4 and 5): the rules that need
//! no database — a calendar month, the bounds of an entry, a month's balance with or without
//! rollover, and which minutes of a month are overage.
//!
//! Everything is counted in whole minutes (entries are minutes; plans and add-ons are hours
//! turned into minutes), so no sum ever rounds.

use std::fmt;

use jiff::civil::Date;

use crate::FieldError;

/// The most one entry may hold: a whole day.
pub const ENTRY_MINUTES_MAX: i64 = 1440;

/// Consumption at or above this share of the month's hours is warned about.
pub const WARN_PERCENT: i64 = 80;

/// A calendar month (`2026-11`), always read in the client's time zone by the callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i16,
    month: i8,
}

impl Month {
    /// `YYYY-MM` (years 2000–2999: what an entry or an add-on can concern).
    pub fn parse(field: &str, s: &str) -> Result<Month, FieldError> {
        let bad =
            || FieldError::new(field, "month", "expected a month YYYY-MM").with("value", s.trim());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i16 = y.parse().map_err(|_| bad())?;
        let month: i8 = m.parse().map_err(|_| bad())?;
        if !(2000..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    /// The month a civil date falls in.
    pub fn of(d: Date) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).expect("a month's first day exists")
    }

    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// An entry's length: 1 to 1440 minutes.
pub fn check_minutes(field: &str, minutes: i64) -> Result<i64, FieldError> {
    if (1..=ENTRY_MINUTES_MAX).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(FieldError::new(field, "range", "between 1 and 1440")
            .with("min", 1)
            .with("max", ENTRY_MINUTES_MAX))
    }
}

/// An add-on's hours as whole minutes: more than 0, at most 10 000 h, to the minute (1.5 h
/// is 90 minutes; 0.01 h is not a whole minute and is refused rather than rounded).
pub fn addon_minutes(field: &str, hours: f64) -> Result<i64, FieldError> {
    let range = || {
        FieldError::new(field, "range", "more than 0 and at most 10000 hours")
            .with("min", 0)
            .with("max", 10_000)
    };
    if !hours.is_finite() || hours <= 0.0 || hours > 10_000.0 {
        return Err(range());
    }
    let minutes = hours * 60.0;
    let whole = minutes.round();
    if (minutes - whole).abs() > 1e-6 || whole < 1.0 {
        return Err(FieldError::new(
            field,
            "whole_minutes",
            "must be a whole number of minutes (e.g. 1.5 or 0.25)",
        ));
    }
    Ok(whole as i64)
}

/// What one month of one client's bank is made of, before rollover.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthFigures {
    /// The hours of the plans in force that month.
    pub plan_minutes: i64,
    /// The part of `plan_minutes` whose plans roll unused hours over.
    pub rollover_minutes: i64,
    /// The add-ons recorded for that month.
    pub addon_minutes: i64,
    /// Minutes of entries on `admin_hours` tickets worked that month.
    pub used_minutes: i64,
}

/// A month's balance as the API and the pages show it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Balance {
    pub plan_minutes: i64,
    pub addon_minutes: i64,
    /// Unused hours of the month before (rollover plans only).
    pub carried_minutes: i64,
    pub available_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
    /// Used beyond what was available: recorded, never refused, billed apart.
    pub overage_minutes: i64,
    /// Used as a share of available (floor); `None` when nothing was available.
    pub percent_used: Option<i64>,
    /// At or past [`WARN_PERCENT`], or any overage.
    pub warning: bool,
}

/// The balance of a month into which `carried_in` minutes were carried.
pub fn balance(f: &MonthFigures, carried_in: i64) -> Balance {
    let available = f.plan_minutes + f.addon_minutes + carried_in;
    let used = f.used_minutes;
    let percent_used = (available > 0).then(|| used * 100 / available);
    Balance {
        plan_minutes: f.plan_minutes,
        addon_minutes: f.addon_minutes,
        carried_minutes: carried_in,
        available_minutes: available,
        used_minutes: used,
        left_minutes: (available - used).max(0),
        overage_minutes: (used - available).max(0),
        percent_used,
        warning: used > available || (available > 0 && used * 100 >= WARN_PERCENT * available),
    }
}

/// What a month carries into the next one. Carried minutes are used first (they expire at
/// the end of the month they were carried into, so they carry once), then add-ons (bought for
/// their month), then plan hours; what is left of the hours of plans that roll over carries.
pub fn carry_out(f: &MonthFigures, carried_in: i64) -> i64 {
    let b = balance(f, carried_in);
    b.left_minutes.min(f.rollover_minutes)
}

/// The overage of each of a month's entries, in the order they were logged: the entry that
/// runs past the balance carries the part beyond it, every later one all of its minutes.
pub fn overage_by_entry(available: i64, minutes_in_order: &[i64]) -> Vec<i64> {
    let mut used = 0;
    minutes_in_order
        .iter()
        .map(|m| {
            let before = used;
            used += m;
            (used - available.max(before)).clamp(0, *m)
        })
        .collect()
}

/// `90` → "1 h 30 min", `45` → "45 min", `120` → "2 h": how pages say minutes.
pub fn format_minutes(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    match (m / 60, m % 60) {
        (0, r) => format!("{sign}{r} min"),
        (h, 0) => format!("{sign}{h} h"),
        (h, r) => format!("{sign}{h} h {r} min"),
    }
}

/// Minutes as decimal hours with two places (`90` → `1.5`), for the API's `*_hours` fields.
pub fn hours_of(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let m = Month::parse("month", "2026-12").unwrap();
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.prev().to_string(), "2026-11");
        assert_eq!(m.next().prev(), m);
        assert_eq!(m.last_day().to_string(), "2026-12-31");
        assert_eq!(
            Month::parse("month", "2028-02").unwrap().last_day().day(),
            29
        );
        for bad in [
            "2026-13",
            "2026-00",
            "26-01",
            "2026-1",
            "2026/01",
            "",
            "1999-12",
            "２０２６-01",
        ] {
            let e = Month::parse("month", bad).unwrap_err();
            assert_eq!((e.field.as_str(), e.code), ("month", "month"), "{bad}");
        }
    }

    #[test]
    fn entry_and_addon_bounds() {
        assert!(check_minutes("minutes", 0).is_err());
        assert!(check_minutes("minutes", 1441).is_err());
        assert_eq!(check_minutes("minutes", 1440), Ok(1440));
        assert_eq!(addon_minutes("hours", 1.5), Ok(90));
        assert_eq!(addon_minutes("hours", 0.1), Ok(6));
        assert_eq!(addon_minutes("hours", 0.25), Ok(15));
        assert_eq!(
            addon_minutes("hours", 0.01).unwrap_err().code,
            "whole_minutes"
        );
        assert_eq!(addon_minutes("hours", 0.0).unwrap_err().code, "range");
        assert_eq!(addon_minutes("hours", -2.0).unwrap_err().code, "range");
        assert_eq!(addon_minutes("hours", 10_000.5).unwrap_err().code, "range");
        assert_eq!(addon_minutes("hours", f64::NAN).unwrap_err().code, "range");
    }

    #[test]
    fn balance_warning_and_overage() {
        let f = |used| MonthFigures {
            plan_minutes: 600,
            rollover_minutes: 0,
            addon_minutes: 0,
            used_minutes: used,
        };
        let b = balance(&f(479), 0);
        assert_eq!(
            (b.left_minutes, b.percent_used, b.warning),
            (121, Some(79), false)
        );
        let b = balance(&f(480), 0);
        assert_eq!((b.percent_used, b.warning), (Some(80), true));
        let b = balance(&f(700), 0);
        assert_eq!(
            (b.left_minutes, b.overage_minutes, b.warning),
            (0, 100, true)
        );
        let none = balance(&MonthFigures::default(), 0);
        assert_eq!((none.percent_used, none.warning), (None, false));
        let over = balance(
            &MonthFigures {
                used_minutes: 30,
                ..MonthFigures::default()
            },
            0,
        );
        assert_eq!((over.overage_minutes, over.warning), (30, true));
    }

    #[test]
    fn rollover_carries_once_and_only_plan_hours() {
        // 10 h plan that rolls over, 2 h add-on, nothing used: the add-on does not carry.
        let quiet = MonthFigures {
            plan_minutes: 600,
            rollover_minutes: 600,
            addon_minutes: 120,
            used_minutes: 0,
        };
        assert_eq!(carry_out(&quiet, 0), 600);
        // Carried hours do not carry again: at most the month's own rollover hours.
        assert_eq!(carry_out(&quiet, 600), 600);
        // Carried hours are used first: 8 h used of 10 carried + 10 own leaves 10 own + 2 carried
        // unused… of which only the own 10 carry.
        let busy = MonthFigures {
            used_minutes: 480,
            addon_minutes: 0,
            ..quiet
        };
        assert_eq!(carry_out(&busy, 600), 600);
        // 15 h used of 10 carried + 10 own: 5 own hours left, they carry.
        let busier = MonthFigures {
            used_minutes: 900,
            ..busy
        };
        assert_eq!(carry_out(&busier, 600), 300);
        // Without rollover nothing carries.
        let plain = MonthFigures {
            rollover_minutes: 0,
            ..quiet
        };
        assert_eq!(carry_out(&plain, 0), 0);
    }

    #[test]
    fn overage_goes_to_the_entries_past_the_balance() {
        assert_eq!(overage_by_entry(100, &[60, 30, 30, 20]), vec![0, 0, 20, 20]);
        assert_eq!(overage_by_entry(0, &[15]), vec![15]);
        assert_eq!(overage_by_entry(500, &[60]), vec![0]);
    }

    #[test]
    fn minutes_read_as_people_say_them() {
        assert_eq!(format_minutes(90), "1 h 30 min");
        assert_eq!(format_minutes(45), "45 min");
        assert_eq!(format_minutes(120), "2 h");
        assert_eq!(hours_of(90), 1.5);
        assert_eq!(hours_of(20), 0.33);
    }
}
