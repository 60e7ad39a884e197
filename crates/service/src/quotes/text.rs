//! A quote's figures as people read them, the same in the e-mail and on the pages.

use domain::{quote as dq, user::Locale};

/// `ARS 150.000,50` in Spanish, `ARS 150,000.50` in English.
pub fn amount(locale: Locale, minor: i64, currency: &str) -> String {
    let (group, decimal) = match locale {
        Locale::Es => ('.', ','),
        Locale::En => (',', '.'),
    };
    let n = dq::grouped_amount(minor, dq::exponent(currency), Some(group), decimal);
    format!("{currency} {n}")
}

/// `12 h`, `2 h 30 min`, `45 min` (the same in both languages).
pub fn hours(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// A calendar date (`YYYY-MM-DD`) as each language writes it: `30/11/2026`, `2026-11-30`.
pub fn date(locale: Locale, ymd: &str) -> String {
    match (locale, ymd.parse::<jiff::civil::Date>()) {
        (Locale::Es, Ok(d)) => d.strftime("%d/%m/%Y").to_string(),
        _ => ymd.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_in_each_language() {
        assert_eq!(amount(Locale::Es, 15_000_050, "ARS"), "ARS 150.000,50");
        assert_eq!(amount(Locale::En, 15_000_050, "ARS"), "ARS 150,000.50");
        assert_eq!(amount(Locale::En, 1500, "JPY"), "JPY 1,500");
        assert_eq!(hours(150), "2 h 30 min");
        assert_eq!(hours(720), "12 h");
        assert_eq!(hours(45), "45 min");
        assert_eq!(date(Locale::Es, "2026-11-30"), "30/11/2026");
        assert_eq!(date(Locale::En, "2026-11-30"), "2026-11-30");
    }
}
