//! Resolution targets said the way the contract says them: "1 semana", "48 horas",
//! "45 horas hábiles" — a client picks a priority by these words, not by seconds.

use domain::sla::{ClockKind, Target};

use crate::ui::i18n::Tr;

const HOUR: i64 = 3600;
const WEEK: i64 = 168 * HOUR;

/// A target in whole weeks when it is one (24×7 only: a business week is not 168 h),
/// else in hours, else in minutes; business clocks add "hábiles".
pub(super) fn humane(t: &Tr, target: Target) -> String {
    let s = target.target_seconds;
    match target.clock {
        ClockKind::Calendar if s > 0 && s % WEEK == 0 => t.t1("portal-target-weeks", "n", s / WEEK),
        ClockKind::Calendar if s % HOUR == 0 => t.t1("portal-target-hours", "n", s / HOUR),
        ClockKind::Calendar => t.t1("portal-target-minutes", "n", s / 60),
        ClockKind::Business if s % HOUR == 0 => t.t1("portal-target-business-hours", "n", s / HOUR),
        ClockKind::Business => t.t1("portal-target-business-minutes", "n", s / 60),
    }
}

#[cfg(test)]
mod tests {
    use domain::user::Locale;

    use super::*;

    fn target(hours: i64, clock: ClockKind) -> Target {
        Target {
            target_seconds: hours * HOUR,
            clock,
        }
    }

    #[test]
    fn the_seed_plan_in_words() {
        let es = Tr::new(Locale::Es, "UTC");
        let cal = ClockKind::Calendar;
        assert_eq!(humane(&es, target(168, cal)), "1 semana");
        assert_eq!(humane(&es, target(336, cal)), "2 semanas");
        assert_eq!(humane(&es, target(48, cal)), "48 horas");
        assert_eq!(humane(&es, target(1, cal)), "1 hora");
        assert_eq!(
            humane(&es, target(45, ClockKind::Business)),
            "45 horas hábiles"
        );
        let en = Tr::new(Locale::En, "UTC");
        assert_eq!(humane(&en, target(168, cal)), "1 week");
        assert_eq!(humane(&en, target(4, cal)), "4 hours");
        assert_eq!(
            humane(&en, target(45, ClockKind::Business)),
            "45 business hours"
        );
        let half = Target {
            target_seconds: 90 * 60,
            clock: cal,
        };
        assert_eq!(humane(&en, half), "90 minutes");
    }
}
