//! SLA targets as people say them: a number and a unit ("1 semana", "2 días", "4 h"), stored
//! as seconds. A day is 24 h and a week 168 h of the priority's clock, so on the business clock
//! "1 día" is 24 business hours (the form's hint says so; business targets read best in hours).
//!
//! Also the ordering check: a lower priority with a faster target than a higher one is legal
//! (a contract may say so) but usually a typo, so the screen warns instead of refusing.

use domain::{Priority, priority::PerPriority, sla::Target};

use crate::ui::i18n::Tr;

/// A year bounds typos (the use case refuses more than 366 days).
const MAX_SECONDS: f64 = 366.0 * 86_400.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hours,
    Days,
    Weeks,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::Hours, Unit::Days, Unit::Weeks];

    /// The select's value; anything else (or nothing, as older forms post) is hours.
    pub fn parse(s: &str) -> Unit {
        match s.trim() {
            "days" => Unit::Days,
            "weeks" => Unit::Weeks,
            _ => Unit::Hours,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
        }
    }

    fn seconds_each(self) -> i64 {
        match self {
            Unit::Hours => 3600,
            Unit::Days => 86_400,
            Unit::Weeks => 7 * 86_400,
        }
    }

    /// The option's label key.
    pub fn label_key(&self) -> String {
        format!("admin2-unit-{}", self.as_str())
    }

    /// An amount as typed ("4", "4.5", "4,5") in this unit → whole seconds; `None` unless above
    /// zero and within a year.
    pub fn seconds(self, amount: &str) -> Option<i64> {
        let n: f64 = amount.trim().replace(',', ".").parse().ok()?;
        let s = n * self.seconds_each() as f64;
        (s.is_finite() && (1.0..=MAX_SECONDS).contains(&s)).then(|| s.round() as i64)
    }

    /// Seconds → the largest unit that holds them whole: 604800 → ("1", Weeks); 16200 →
    /// ("4.5", Hours).
    pub fn split(seconds: i64) -> (String, Unit) {
        for u in [Unit::Weeks, Unit::Days, Unit::Hours] {
            if seconds > 0 && seconds % u.seconds_each() == 0 {
                return ((seconds / u.seconds_each()).to_string(), u);
            }
        }
        let h = (seconds as f64 / 3600.0 * 100.0).round() / 100.0;
        (format!("{h}"), Unit::Hours)
    }

    /// "1 semana", "2 días", "4,5 h" for the lists.
    pub fn text(t: &Tr, seconds: i64) -> String {
        let (n, unit) = Unit::split(seconds);
        let key = format!("admin2-amount-{}", unit.as_str());
        t.t1(&key, "n", n)
    }
}

/// One sentence per pair where a lower priority is due sooner than a higher one on the same
/// clock (targets on different clocks are not comparable).
pub fn order_warnings(t: &Tr, targets: &PerPriority<Target>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, lower) in Priority::ALL.iter().enumerate() {
        for higher in &Priority::ALL[i + 1..] {
            let (a, b) = (targets.get(*lower), targets.get(*higher));
            if a.clock == b.clock && a.target_seconds < b.target_seconds {
                let mut args = vec![
                    ("lower", t.label("priority", lower.as_str())),
                    ("higher", t.label("priority", higher.as_str())),
                ];
                args.push(("lower_target", Unit::text(t, a.target_seconds)));
                args.push(("higher_target", Unit::text(t, b.target_seconds)));
                out.push(t.try_t_args("admin2-warn-order", &args).unwrap_or_default());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{sla::ClockKind, user::Locale};

    #[test]
    fn amounts_and_units() {
        assert_eq!(Unit::Hours.seconds("4,5"), Some(16_200));
        assert_eq!(Unit::Days.seconds("2"), Some(172_800));
        assert_eq!(Unit::Weeks.seconds("1"), Some(604_800));
        assert_eq!(Unit::Weeks.seconds("60"), None);
        assert_eq!(Unit::Hours.seconds("0"), None);
        assert_eq!(Unit::Hours.seconds("x"), None);
        assert_eq!(Unit::split(604_800), ("1".to_string(), Unit::Weeks));
        assert_eq!(Unit::split(172_800), ("2".to_string(), Unit::Days));
        assert_eq!(Unit::split(45 * 3600), ("45".to_string(), Unit::Hours));
        assert_eq!(Unit::split(16_200), ("4.5".to_string(), Unit::Hours));
        let es = Tr::new(Locale::Es, "UTC");
        assert_eq!(Unit::text(&es, 604_800), "1 semana");
        assert_eq!(Unit::text(&es, 172_800), "2 días");
    }

    #[test]
    fn a_faster_lower_priority_is_named() {
        let es = Tr::new(Locale::Es, "UTC");
        let cal = |h: i64| Target {
            target_seconds: h * 3600,
            clock: ClockKind::Calendar,
        };
        let fine = PerPriority {
            low: cal(168),
            medium: cal(48),
            high: cal(12),
            urgent: cal(4),
        };
        assert!(order_warnings(&es, &fine).is_empty());
        let odd = PerPriority {
            medium: cal(8),
            ..fine
        };
        let w = order_warnings(&es, &odd);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("Media") && w[0].contains("Alta"), "{w:?}");
    }
}
