//! Quotes for work the contract does not include: their states, and the values they carry
//! parsed at the boundary — hours as whole minutes, an amount in integer minor units of an
//! ISO 4217 currency (never a float), and a validity date that ends with that day in the
//! client's time zone.

use jiff::{Timestamp, civil::Date, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// Longest description of the quoted work.
pub const DESCRIPTION_MAX: usize = 4000;
/// Most hours one quote may estimate (in minutes).
pub const MINUTES_MAX: i64 = 10_000 * 60;
/// Largest amount in minor units (a hundred thousand million in a two-decimal currency).
pub const AMOUNT_MAX_MINOR: i64 = 10_000_000_000_000;
/// How far ahead a quote may stay valid.
pub const VALIDITY_MAX_DAYS: i64 = 366;

/// Where a quote stands. Only `pending` moves; every other state is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteState {
    /// Sent; the client has not decided yet.
    Pending,
    /// The client accepted it: the work may start.
    Approved,
    /// The client declined it.
    Rejected,
    /// Its validity ended before the client decided.
    Expired,
    /// Staff took it back (or a newer quote replaced it).
    Withdrawn,
}

impl QuoteState {
    pub const ALL: [QuoteState; 5] = [
        QuoteState::Pending,
        QuoteState::Approved,
        QuoteState::Rejected,
        QuoteState::Expired,
        QuoteState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuoteState::Pending => "pending",
            QuoteState::Approved => "approved",
            QuoteState::Rejected => "rejected",
            QuoteState::Expired => "expired",
            QuoteState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<QuoteState> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The circulating currencies of ISO 4217 (funds, metals and test codes left out: nobody is
/// quoted in them), sorted for a binary search.
const CURRENCIES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW",
    "ZWG",
];

/// Currencies without minor units, and those with three decimals (ISO 4217's exponent); every
/// other one has two.
const EXPONENT_0: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];
const EXPONENT_3: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// An ISO 4217 code (`ARS`, `USD`, `EUR`), upper-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency(String);

impl Currency {
    /// Accepts any letter case (`usd` → `USD`); refuses anything that is not a circulating
    /// ISO 4217 code.
    pub fn parse(field: &str, s: &str) -> Result<Currency, FieldError> {
        let code = s.trim().to_ascii_uppercase();
        if code.len() == 3 && CURRENCIES.binary_search(&code.as_str()).is_ok() {
            Ok(Currency(code))
        } else {
            Err(FieldError::new(
                field,
                "currency",
                "not an ISO 4217 currency code (e.g. ARS, USD, EUR)",
            )
            .with("value", s.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal separator (JPY 0, USD 2, KWD 3).
    pub fn exponent(&self) -> u32 {
        exponent(&self.0)
    }
}

/// The minor-unit exponent of a code; unknown codes (never stored) count as two decimals.
pub fn exponent(code: &str) -> u32 {
    if EXPONENT_0.contains(&code) {
        0
    } else if EXPONENT_3.contains(&code) {
        3
    } else {
        2
    }
}

/// An amount in minor units, checked: more than zero and at most [`AMOUNT_MAX_MINOR`].
pub fn check_amount(field: &str, minor: i64) -> Result<i64, FieldError> {
    if minor < 0 {
        Err(FieldError::new(field, "negative", "must not be negative"))
    } else if minor == 0 {
        Err(FieldError::new(field, "positive", "must be more than zero"))
    } else if minor > AMOUNT_MAX_MINOR {
        Err(
            FieldError::new(field, "range", format!("at most {AMOUNT_MAX_MINOR}"))
                .with("min", 1)
                .with("max", AMOUNT_MAX_MINOR),
        )
    } else {
        Ok(minor)
    }
}

/// A decimal amount as typed in a form (`150000`, `150000,50`, `150000.5`) in minor units of
/// a currency with `exponent` decimals. No thousands separator: `1.500` is refused rather
/// than read as 1500 in one language and 1.5 in the other.
pub fn parse_decimal_amount(field: &str, s: &str, exponent: u32) -> Result<i64, FieldError> {
    let bad = || {
        FieldError::new(field, "amount", "a number without thousands separators")
            .with("value", s.trim())
    };
    let (whole, frac) = match s.trim().split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (s.trim(), ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > exponent as usize {
        return Err(bad());
    }
    let scale = 10_i64.pow(exponent);
    let frac_value = format!("{frac:0<width$}", width = exponent as usize);
    let minor = whole
        .parse::<i64>()
        .ok()
        .and_then(|w| w.checked_mul(scale))
        .and_then(|w| w.checked_add(frac_value.parse::<i64>().unwrap_or(0)))
        .ok_or_else(bad)?;
    check_amount(field, minor)
}

/// `1500050` (ARS) → `15000.50`: the plain decimal an API client reads, no grouping.
pub fn decimal_amount(minor: i64, exponent: u32) -> String {
    grouped_amount(minor, exponent, None, '.')
}

/// The amount for people: `group` between thousands, `decimal` before the minor units
/// (`150.000,50` in Spanish, `150,000.50` in English).
pub fn grouped_amount(minor: i64, exponent: u32, group: Option<char>, decimal: char) -> String {
    let scale = 10_i64.pow(exponent);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let (whole, frac) = (abs / scale as u64, abs % scale as u64);
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    for (i, c) in digits.chars().enumerate() {
        if let Some(g) = group
            && i > 0
            && (digits.len() - i) % 3 == 0
        {
            out.push(g);
        }
        out.push(c);
    }
    if exponent > 0 {
        out.push(decimal);
        out.push_str(&format!("{frac:0width$}", width = exponent as usize));
    }
    format!("{sign}{out}")
}

/// Hours as a JSON number (`12`, `2.5`) in whole minutes: more than zero, at most
/// [`MINUTES_MAX`], and a whole number of minutes (`0.01` h is refused, not rounded).
pub fn minutes_from_hours(field: &str, hours: f64) -> Result<i64, FieldError> {
    if !hours.is_finite() {
        return Err(FieldError::new(field, "invalid", "must be a number"));
    }
    if hours < 0.0 {
        return Err(FieldError::new(field, "negative", "must not be negative"));
    }
    if hours == 0.0 {
        return Err(FieldError::new(field, "positive", "must be more than zero"));
    }
    let max_hours = MINUTES_MAX / 60;
    if hours > max_hours as f64 {
        return Err(
            FieldError::new(field, "range", format!("at most {max_hours}"))
                .with("min", 0)
                .with("max", max_hours),
        );
    }
    let minutes = hours * 60.0;
    let whole = minutes.round();
    if (minutes - whole).abs() > 1e-6 {
        return Err(FieldError::new(
            field,
            "whole_minutes",
            "must be a whole number of minutes (e.g. 1.5 or 0.25)",
        ));
    }
    Ok(whole as i64)
}

/// Hours as typed in a form (`12`, `2,5`, `2.5`) in whole minutes (see [`minutes_from_hours`]).
pub fn minutes_from_hours_text(field: &str, s: &str) -> Result<i64, FieldError> {
    let t = s.trim();
    let plain = t.strip_prefix('-').unwrap_or(t);
    let ok = !plain.is_empty()
        && plain
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && plain.bytes().filter(|b| matches!(b, b'.' | b',')).count() <= 1;
    match t.replace(',', ".").parse::<f64>() {
        Ok(h) if ok => minutes_from_hours(field, h),
        _ => Err(FieldError::new(field, "number", "must be a number").with("value", t)),
    }
}

/// `150` minutes → `2.5` hours, for showing (exact for every stored value up to
/// [`MINUTES_MAX`]; never used to compute).
pub fn hours_of(minutes: i64) -> f64 {
    minutes as f64 / 60.0
}

/// When a quote valid until `date` expires: the end of that day in the client's zone (the
/// first instant of the next day, whatever a DST change does to midnight).
pub fn expires_at(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    // A midnight that a DST change skips resolves to the first instant of the day.
    let next = date.tomorrow().ok()?;
    next.to_zoned_datetime(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// A validity date (`YYYY-MM-DD`, the client's calendar): its day must not be over at `now`
/// and must end within [`VALIDITY_MAX_DAYS`]. Returns the date and the expiry instant.
pub fn parse_valid_until(
    field: &str,
    s: &str,
    tz: &TimeZone,
    now: Timestamp,
) -> Result<(Date, Timestamp), FieldError> {
    let date: Date = s.trim().parse().map_err(|_| {
        FieldError::new(field, "date", "expected a date (YYYY-MM-DD)").with("value", s.trim())
    })?;
    let ends = expires_at(date, tz)
        .ok_or_else(|| FieldError::new(field, "date", "expected a date (YYYY-MM-DD)"))?;
    if ends <= now {
        return Err(FieldError::new(
            field,
            "past",
            "that day is already over in the client's time zone",
        )
        .with("value", date));
    }
    let today = now.to_zoned_datetime(tz.clone()).date();
    let latest = today.saturating_add(jiff::Span::new().days(VALIDITY_MAX_DAYS));
    if date > latest {
        return Err(FieldError::new(
            field,
            "too_far",
            format!("at most {VALIDITY_MAX_DAYS} days ahead"),
        )
        .with("max", VALIDITY_MAX_DAYS));
    }
    Ok((date, ends))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_currency_list_is_sorted_and_three_letters() {
        assert!(CURRENCIES.windows(2).all(|w| w[0] < w[1]));
        assert!(CURRENCIES.iter().all(|c| c.len() == 3));
        for c in EXPONENT_0.iter().chain(EXPONENT_3) {
            assert!(CURRENCIES.contains(c), "{c}");
        }
        assert_eq!(
            Currency::parse("currency", " usd ").unwrap().as_str(),
            "USD"
        );
        for bad in ["US", "USDX", "XXX", "ABC", "", "€"] {
            assert_eq!(
                Currency::parse("currency", bad).unwrap_err().code,
                "currency"
            );
        }
        assert_eq!(Currency::parse("c", "JPY").unwrap().exponent(), 0);
        assert_eq!(Currency::parse("c", "KWD").unwrap().exponent(), 3);
        assert_eq!(Currency::parse("c", "ARS").unwrap().exponent(), 2);
    }

    #[test]
    fn amounts_are_integers_both_ways() {
        assert_eq!(parse_decimal_amount("a", "150000,5", 2), Ok(15_000_050));
        assert_eq!(parse_decimal_amount("a", "150000.50", 2), Ok(15_000_050));
        assert_eq!(parse_decimal_amount("a", "12", 0), Ok(12));
        assert_eq!(parse_decimal_amount("a", "0.001", 3), Ok(1));
        for bad in ["1.500,00", "1.500", "12,5", "-3", "", "1e3", "abc"] {
            let e = parse_decimal_amount("a", bad, if bad == "12,5" { 0 } else { 2 }).unwrap_err();
            assert!(matches!(e.code, "amount" | "negative"), "{bad}: {e:?}");
        }
        assert_eq!(
            parse_decimal_amount("a", "0", 2).unwrap_err().code,
            "positive"
        );
        assert_eq!(decimal_amount(15_000_050, 2), "150000.50");
        assert_eq!(decimal_amount(7, 0), "7");
        assert_eq!(grouped_amount(15_000_050, 2, Some('.'), ','), "150.000,50");
        assert_eq!(grouped_amount(100_000, 2, Some(','), '.'), "1,000.00");
        assert_eq!(grouped_amount(1_234_567, 3, Some(','), '.'), "1,234.567");
    }

    #[test]
    fn hours_are_whole_minutes() {
        assert_eq!(minutes_from_hours("h", 2.5), Ok(150));
        assert_eq!(minutes_from_hours("h", 0.25), Ok(15));
        assert_eq!(minutes_from_hours("h", -1.0).unwrap_err().code, "negative");
        assert_eq!(minutes_from_hours("h", 0.0).unwrap_err().code, "positive");
        assert_eq!(
            minutes_from_hours("h", 0.01).unwrap_err().code,
            "whole_minutes"
        );
        assert_eq!(minutes_from_hours("h", 10_001.0).unwrap_err().code, "range");
        assert_eq!(minutes_from_hours_text("h", "2,5"), Ok(150));
        assert_eq!(
            minutes_from_hours_text("h", "-2").unwrap_err().code,
            "negative"
        );
        assert_eq!(
            minutes_from_hours_text("h", "1e2").unwrap_err().code,
            "number"
        );
        assert_eq!(minutes_from_hours_text("h", "").unwrap_err().code, "number");
    }

    #[test]
    fn validity_ends_with_the_day_in_the_clients_zone() {
        let ba = TimeZone::get("America/Argentina/Buenos_Aires").unwrap();
        let now: Timestamp = "2026-11-02T10:00:00Z".parse().unwrap();
        let (d, ends) = parse_valid_until("v", "2026-11-02", &ba, now).unwrap();
        assert_eq!(d.to_string(), "2026-11-02");
        // Midnight in Buenos Aires (UTC−3) is 03:00 UTC.
        assert_eq!(ends.to_string(), "2026-11-03T03:00:00Z");
        assert_eq!(
            parse_valid_until("v", "2026-11-01", &ba, now)
                .unwrap_err()
                .code,
            "past"
        );
        assert_eq!(
            parse_valid_until("v", "02/11/2026", &ba, now)
                .unwrap_err()
                .code,
            "date"
        );
        assert_eq!(
            parse_valid_until("v", "2028-01-01", &ba, now)
                .unwrap_err()
                .code,
            "too_far"
        );
        // Tokyo's 2 November is already over at 10:00 UTC on the 2nd? No: it ends 15:00 UTC.
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let (_, ends) = parse_valid_until("v", "2026-11-02", &tokyo, now).unwrap();
        assert_eq!(ends.to_string(), "2026-11-02T15:00:00Z");
        let later: Timestamp = "2026-11-02T15:00:00Z".parse().unwrap();
        assert_eq!(
            parse_valid_until("v", "2026-11-02", &tokyo, later)
                .unwrap_err()
                .code,
            "past"
        );
        // A zone whose midnight a DST change skips still has an end of day.
        let havana = TimeZone::get("America/Havana").unwrap();
        assert!(expires_at("2026-03-07".parse().unwrap(), &havana).is_some());
    }

    #[test]
    fn states_round_trip() {
        for s in QuoteState::ALL {
            assert_eq!(QuoteState::parse(s.as_str()), Some(s));
        }
    }
}
