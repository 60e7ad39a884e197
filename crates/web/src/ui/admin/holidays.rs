//! The holidays box of the calendar form: one holiday per line, a date and an optional name.
//! `2026-04-03 Viernes Santo` closes that day only; `12-25 Navidad` (no year) closes the 25th of
//! December every year. Lines come back the same way when the calendar is edited.

use domain::{FieldError, calendar::Holiday};

use super::Errs;
use crate::ui::{feedback, i18n::Tr};

/// The box's text → holidays; a line whose date does not read is an error on `spec.holidays`.
pub fn parse(t: &Tr, errs: &mut Errs, text: &str) -> Vec<Holiday> {
    let mut out = Vec::new();
    for line in text.lines().flat_map(|l| l.split(';')) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (date, name) = match line.split_once(char::is_whitespace) {
            Some((d, n)) => (d.trim_end_matches(','), n.trim()),
            None => (line.trim_end_matches(','), ""),
        };
        let yearly = date.len() == 5;
        let full = if yearly {
            format!("2000-{date}")
        } else {
            date.to_string()
        };
        if full.parse::<jiff::civil::Date>().is_err() {
            let e = FieldError::new("spec.holidays", "date", "bad date").with("value", date);
            errs.push("spec.holidays", feedback::field_error(t, &e));
            continue;
        }
        out.push(Holiday {
            date: date.to_string(),
            name: name.to_string(),
            yearly,
        });
    }
    out
}

/// Holidays back to the box's lines (a yearly one without its year).
pub fn lines(holidays: &[Holiday]) -> String {
    holidays
        .iter()
        .map(|h| {
            let date = if h.yearly && h.date.len() == 10 {
                &h.date[5..]
            } else {
                h.date.as_str()
            };
            format!("{date} {}", h.name).trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// For the list: "Navidad (25/12, cada año) · 2026-12-08".
pub fn summary(t: &Tr, holidays: &[Holiday]) -> String {
    holidays
        .iter()
        .map(|h| {
            let date = if h.yearly && h.date.len() == 10 {
                &h.date[5..]
            } else {
                h.date.as_str()
            };
            let when = if h.yearly {
                t.t1("admin2-holiday-yearly", "date", date)
            } else {
                date.to_string()
            };
            if h.name.is_empty() {
                when
            } else {
                format!("{} ({when})", h.name)
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::user::Locale;

    #[test]
    fn lines_read_and_write_back() {
        let t = Tr::new(Locale::Es, "UTC");
        let mut e = Errs::default();
        let hs = parse(
            &t,
            &mut e,
            "2026-04-03 Viernes Santo\n12-25 Navidad\n\n2026-12-08",
        );
        assert!(!e.any());
        assert_eq!(hs.len(), 3);
        assert!(!hs[0].yearly && hs[1].yearly && hs[2].name.is_empty());
        assert_eq!(hs[0].name, "Viernes Santo");
        assert_eq!(
            lines(&hs),
            "2026-04-03 Viernes Santo\n12-25 Navidad\n2026-12-08"
        );
        parse(&t, &mut e, "25/12 Navidad\n13-01");
        let msg = e.of("spec.holidays").unwrap();
        assert!(msg.contains("«25/12»") && msg.contains("«13-01»"), "{msg}");
    }
}
