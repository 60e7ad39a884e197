//! Parsing of a day's `["HH:MM","HH:MM"]` windows (boundary validation of `CalendarSpec`).

use super::{DAY_US, SECOND_US};
use crate::FieldError;

/// Parses one day's windows: each `start < end`, `end` may be `24:00`; the list may come in any
/// order but windows must not overlap (touching is fine: 13:00–14:00 + 14:00–18:00).
pub(super) fn day_windows(key: &str, list: &[[String; 2]]) -> Result<Vec<(i64, i64)>, FieldError> {
    let mut parsed = Vec::with_capacity(list.len());
    for (i, [start, end]) in list.iter().enumerate() {
        let field = || format!("weekly.{key}[{i}]");
        let s = parse_hhmm(start).filter(|&s| s < DAY_US).ok_or_else(|| {
            FieldError::new(
                field(),
                "time_format",
                format!("bad start time {start:?} (expected HH:MM)"),
            )
            .with("value", start)
        })?;
        let e = parse_hhmm(end).ok_or_else(|| {
            FieldError::new(
                field(),
                "time_format",
                format!("bad end time {end:?} (expected HH:MM or 24:00)"),
            )
            .with("value", end)
        })?;
        if e <= s {
            return Err(FieldError::new(
                field(),
                "window_order",
                "the window must end after it starts",
            )
            .with("value", format!("{start}-{end}")));
        }
        parsed.push((s, e, i));
    }
    parsed.sort_unstable();
    for pair in parsed.windows(2) {
        let ((_, prev_end, _), (next_start, _, idx)) = (pair[0], pair[1]);
        if next_start < prev_end {
            return Err(FieldError::new(
                format!("weekly.{key}[{idx}]"),
                "window_overlap",
                "the window overlaps another window of the same day",
            )
            .with("value", format!("{}-{}", list[idx][0], list[idx][1])));
        }
    }
    Ok(parsed.into_iter().map(|(s, e, _)| (s, e)).collect())
}

/// `H:MM` / `HH:MM` → microseconds since local midnight; `24:00` is the only value past 23:59.
fn parse_hhmm(text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    let digits = |s: &str, max_len: usize| -> Option<i64> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (h, m) = (digits(h, 2)?, digits(m, 2).filter(|_| m.len() == 2)?);
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some((h * 3600 + m * 60) * SECOND_US)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hhmm() {
        assert_eq!(parse_hhmm("09:30"), Some((9 * 3600 + 1800) * SECOND_US));
        assert_eq!(parse_hhmm("9:05"), Some((9 * 3600 + 300) * SECOND_US));
        assert_eq!(parse_hhmm("24:00"), Some(DAY_US));
        for bad in [
            "24:01", "25:00", "12:60", "12:5", "1200", "", ":30", "aa:bb", "-1:00", "+9:00",
            "123:00",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }
}
