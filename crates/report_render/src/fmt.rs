//! Numbers, months, dates and durations as each language writes them: the one place the HTML
//! and the PDF take them from, so a figure reads the same in both.

use domain::user::Locale;
use jiff::{Timestamp, civil::Date, tz::TimeZone};

use crate::texts::{t, ta};

/// A percentage with `decimals` decimals: es "95,5 %", en "95.5%". A non-finite value (never
/// expected) shows as the "no data" dash rather than "NaN %".
pub fn pct(l: Locale, v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let s = format!("{v:.decimals$}");
    match l {
        Locale::Es => format!("{} %", s.replace('.', ",")),
        Locale::En => format!("{s}%"),
    }
}

/// `Some(p)` as [`pct`] with one decimal, `None` as "—".
pub fn pct1(l: Locale, v: Option<f64>) -> String {
    v.map(|v| pct(l, v, 1)).unwrap_or_else(|| "—".to_string())
}

/// "noviembre de 2026" / "November 2026" from `YYYY-MM` (the raw text when malformed).
pub fn month(l: Locale, ym: &str) -> String {
    let parsed = ym.split_once('-').and_then(|(y, m)| {
        let m: u8 = m.parse().ok()?;
        (1..=12).contains(&m).then_some((y.to_string(), m))
    });
    match parsed {
        Some((y, m)) => ta(
            l,
            "report-month-year",
            &[("month", t(l, &format!("month-{m}"))), ("year", y)],
        ),
        None => ym.to_string(),
    }
}

/// The client's zone; UTC when the name is unknown (the report still renders, and the header
/// names the zone used).
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// An instant in the client's zone: es "03/11/2026 14:05", en "2026-11-03 14:05".
pub fn when(l: Locale, tz: &TimeZone, rfc3339: &str) -> String {
    let Ok(ts) = rfc3339.parse::<Timestamp>() else {
        return rfc3339.to_string();
    };
    let z = ts.to_zoned_datetime(tz.clone());
    match l {
        Locale::Es => z.strftime("%d/%m/%Y %H:%M").to_string(),
        Locale::En => z.strftime("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A calendar day (`YYYY-MM-DD`): es "03/11/2026", en "2026-11-03".
pub fn day(l: Locale, ymd: &str) -> String {
    let Ok(d) = ymd.parse::<Date>() else {
        return ymd.to_string();
    };
    match l {
        Locale::Es => d.strftime("%d/%m/%Y").to_string(),
        Locale::En => d.strftime("%Y-%m-%d").to_string(),
    }
}

/// The day an instant falls on in the client's zone, as [`day`] writes it.
pub fn day_of(l: Locale, tz: &TimeZone, rfc3339: &str) -> String {
    match rfc3339.parse::<Timestamp>() {
        Ok(ts) => day(l, &ts.to_zoned_datetime(tz.clone()).date().to_string()),
        Err(_) => rfc3339.to_string(),
    }
}

/// Whole minutes as hours and minutes ("45 min", "12 h", "52 h 05 min"): targets and clocks
/// are in minutes, and days would be ambiguous on a business-hours clock.
pub fn minutes(m: i64) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let m = m.unsigned_abs();
    let (h, r) = (m / 60, m % 60);
    match (h, r) {
        (0, r) => format!("{sign}{r} min"),
        (h, 0) => format!("{sign}{h} h"),
        (h, r) => format!("{sign}{h} h {r:02} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_use_the_language_separator() {
        assert_eq!(pct(Locale::Es, 95.5, 1), "95,5 %");
        assert_eq!(pct(Locale::En, 95.5, 1), "95.5%");
        assert_eq!(pct(Locale::En, 100.0, 1), "100.0%");
        assert_eq!(pct(Locale::Es, 99.957, 2), "99,96 %");
        assert_eq!(pct(Locale::Es, f64::NAN, 1), "—");
        assert_eq!(pct1(Locale::En, None), "—");
    }

    #[test]
    fn months_are_named_in_the_language() {
        assert_eq!(month(Locale::Es, "2026-11"), "noviembre de 2026");
        assert_eq!(month(Locale::En, "2026-11"), "November 2026");
        assert_eq!(month(Locale::En, "2026-13"), "2026-13");
    }

    #[test]
    fn instants_are_shown_in_the_client_zone() {
        let tz = zone("America/Argentina/Buenos_Aires");
        assert_eq!(
            when(Locale::Es, &tz, "2026-11-03T17:05:00Z"),
            "03/11/2026 14:05"
        );
        assert_eq!(
            when(Locale::En, &tz, "2026-11-01T02:00:00Z"),
            "2026-10-31 23:00"
        );
        assert_eq!(
            day_of(Locale::En, &tz, "2026-11-01T02:00:00Z"),
            "2026-10-31"
        );
        assert_eq!(when(Locale::En, &tz, "not a time"), "not a time");
    }

    #[test]
    fn durations_in_hours_and_minutes() {
        assert_eq!(minutes(45), "45 min");
        assert_eq!(minutes(720), "12 h");
        assert_eq!(minutes(3125), "52 h 05 min");
        assert_eq!(minutes(-90), "-1 h 30 min");
    }
}
