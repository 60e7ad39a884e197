//! Shared fixtures for the SLA/calendar integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use domain::Priority;
use domain::calendar::{BusinessCalendar, CalendarSpec, Holiday};
use domain::priority::PerPriority;
use domain::sla::{ClockKind, PauseReason, SlaFact, SlaPolicy, Target};
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

pub const H: i64 = 3600;

/// A UTC instant from RFC 3339 text.
pub fn ts(s: &str) -> Timestamp {
    s.parse().expect("test timestamp")
}

/// A Europe/Madrid wall-clock time (`2026-03-06T16:00`) as an instant.
pub fn madrid(s: &str) -> Timestamp {
    local("Europe/Madrid", s)
}

pub fn local(zone: &str, s: &str) -> Timestamp {
    let dt: DateTime = s.parse().expect("test datetime");
    TimeZone::get(zone)
        .expect("zone")
        .to_ambiguous_timestamp(dt)
        .compatible()
        .expect("in range")
}

pub fn spec(zone: &str, weekly: &[(&str, &[(&str, &str)])], holidays: &[&str]) -> CalendarSpec {
    let weekly: BTreeMap<String, Vec<[String; 2]>> = weekly
        .iter()
        .map(|(day, ws)| {
            (
                day.to_string(),
                ws.iter()
                    .map(|(a, b)| [a.to_string(), b.to_string()])
                    .collect(),
            )
        })
        .collect();
    CalendarSpec {
        time_zone: zone.to_string(),
        weekly,
        holidays: holidays.iter().map(|h| Holiday::on(*h)).collect(),
    }
}

/// Mon–Fri 09:00–13:00 + 14:00–18:00, Europe/Madrid.
pub fn office(holidays: &[&str]) -> BusinessCalendar {
    let day: &[(&str, &str)] = &[("09:00", "13:00"), ("14:00", "18:00")];
    let weekly = [
        ("mon", day),
        ("tue", day),
        ("wed", day),
        ("thu", day),
        ("fri", day),
    ];
    BusinessCalendar::from_spec(&spec("Europe/Madrid", &weekly, holidays)).expect("valid calendar")
}

/// Weekend-only support, whole days (a window ending 24:00 followed by one starting 00:00).
pub fn weekends() -> BusinessCalendar {
    let day: &[(&str, &str)] = &[("00:00", "24:00")];
    BusinessCalendar::from_spec(&spec("Europe/Madrid", &[("sat", day), ("sun", day)], &[]))
        .expect("valid")
}

/// Every priority on the business clock: low 40 h, medium 16 h, high 4 h, urgent 2 h.
pub fn business_policy() -> SlaPolicy {
    let t = |h: i64| Target {
        target_seconds: h * H,
        clock: ClockKind::Business,
    };
    SlaPolicy {
        name: "Horario laboral".into(),
        targets: PerPriority {
            low: t(40),
            medium: t(16),
            high: t(4),
            urgent: t(2),
        },
        warn_percent: 75,
        second_warn_percent: 90,
    }
}

pub fn created(at: Timestamp, priority: Priority) -> SlaFact {
    SlaFact::Created { at, priority }
}
pub fn change(at: Timestamp, to: Priority) -> SlaFact {
    SlaFact::PriorityChanged { at, to }
}
pub fn wait(at: Timestamp) -> SlaFact {
    SlaFact::PauseStarted {
        at,
        reason: PauseReason::WaitingOnClient,
    }
}
pub fn resolve(at: Timestamp) -> SlaFact {
    SlaFact::PauseStarted {
        at,
        reason: PauseReason::Resolved,
    }
}
pub fn resume(at: Timestamp) -> SlaFact {
    SlaFact::PauseEnded { at }
}
pub fn close(at: Timestamp) -> SlaFact {
    SlaFact::Closed { at }
}
