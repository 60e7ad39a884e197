//! A holiday of a business calendar: a date, an optional name, and whether it repeats every year.
//!
//! Stored specs written before holidays had names hold bare `"YYYY-MM-DD"` strings; those still
//! read (as an unnamed one-off holiday), and an unnamed one-off holiday is written back the same
//! way, so old specs and API clients see no change.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// One closed day. `yearly` repeats it on the same month and day every year; its `date` may then
/// be `MM-DD` (or a full date, whose year says nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Wire", into = "Wire")]
pub struct Holiday {
    /// `YYYY-MM-DD` (or `MM-DD` when yearly) as given; checked by `BusinessCalendar::from_spec`.
    pub date: String,
    pub name: String,
    pub yearly: bool,
}

impl Holiday {
    /// An unnamed one-off holiday (the only kind older specs had).
    pub fn on(date: impl Into<String>) -> Holiday {
        Holiday {
            date: date.into(),
            name: String::new(),
            yearly: false,
        }
    }

    pub(super) fn parse_date(&self, index: usize) -> Result<Date, FieldError> {
        let d = self.date.trim();
        let parsed = if self.yearly && d.len() == 5 {
            // A leap year, so a yearly 29 February is accepted (it closes leap years only).
            format!("2000-{d}").parse()
        } else {
            d.parse()
        };
        parsed.map_err(|_| {
            FieldError::new(
                format!("holidays[{index}]"),
                "date",
                "expected a date YYYY-MM-DD",
            )
            .with("value", self.date.trim())
        })
    }
}

impl From<&str> for Holiday {
    fn from(date: &str) -> Holiday {
        Holiday::on(date)
    }
}

/// The two JSON shapes: `"2026-12-25"` or `{"date": "2026-12-25", "name": "Navidad", "yearly": true}`.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Wire {
    Date(String),
    Full {
        date: String,
        #[serde(default)]
        name: String,
        #[serde(default)]
        yearly: bool,
    },
}

impl From<Wire> for Holiday {
    fn from(w: Wire) -> Holiday {
        match w {
            Wire::Date(date) => Holiday::on(date),
            Wire::Full { date, name, yearly } => Holiday { date, name, yearly },
        }
    }
}

impl From<Holiday> for Wire {
    fn from(h: Holiday) -> Wire {
        if h.name.is_empty() && !h.yearly {
            Wire::Date(h.date)
        } else {
            Wire::Full {
                date: h.date,
                name: h.name,
                yearly: h.yearly,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_new_shapes_read_and_write_back() {
        let hs: Vec<Holiday> = serde_json::from_str(
            r#"["2026-01-06", {"date": "2026-12-25", "name": "Navidad", "yearly": true}, {"date": "2026-05-01"}]"#,
        )
        .unwrap();
        assert_eq!(hs[0], Holiday::on("2026-01-06"));
        assert_eq!(
            hs[1],
            Holiday {
                date: "2026-12-25".into(),
                name: "Navidad".into(),
                yearly: true
            }
        );
        assert_eq!(hs[2], Holiday::on("2026-05-01"));
        assert_eq!(
            serde_json::to_string(&hs).unwrap(),
            r#"["2026-01-06",{"date":"2026-12-25","name":"Navidad","yearly":true},"2026-05-01"]"#
        );
    }
}
