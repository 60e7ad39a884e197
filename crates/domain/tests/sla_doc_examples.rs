//! The worked examples of `docs/sla.md`, one test per example, named after its section.
//!
//! Every due time, state and figure the document states is asserted here against the real
//! clock, so the document cannot drift from the code: change one and this file fails.
//! 24×7 examples use the seed's plan (low 168 h, medium 48 h, high 12 h, urgent 4 h);
//! business-hours examples use the demo's Madrid plan (see [`madrid_plan`]).

mod common;

use common::*;
use domain::Priority::{self, High, Low, Medium, Urgent};
use domain::calendar::BusinessCalendar;
use domain::priority::PerPriority;
use domain::sla::{
    ClockKind, SlaFact, SlaPolicy, SlaSnapshot, SlaState, Target, counted, due_from, evaluate,
};
use jiff::Timestamp;
use jiff::tz::TimeZone;

const MIN: i64 = 60;

/// The seed's 24×7 plan.
fn seed(facts: &[SlaFact], now: Timestamp) -> SlaSnapshot {
    evaluate(&SlaPolicy::seed(), None, facts, now)
}

/// The demo's "Horario laboral Madrid": low 45, medium 18 and high 9 business hours on
/// Mon–Fri 09:00–13:00 + 14:00–18:00 Europe/Madrid; urgent stays on the 24×7 clock (4 h).
fn madrid_plan() -> SlaPolicy {
    let business = |h: i64| Target {
        target_seconds: h * H,
        clock: ClockKind::Business,
    };
    SlaPolicy {
        name: "Horario laboral Madrid".into(),
        targets: PerPriority {
            low: business(45),
            medium: business(18),
            high: business(9),
            urgent: Target {
                target_seconds: 4 * H,
                clock: ClockKind::Calendar,
            },
        },
        warn_percent: 75,
        second_warn_percent: 90,
    }
}

/// The Madrid calendar with the national holidays of December 2026 (Mon 7 and Tue 8).
fn madrid_december() -> BusinessCalendar {
    office(&["2026-12-07", "2026-12-08", "2026-12-25"])
}

/// The civil month (`YYYY-MM`) of an instant in a zone: where compliance counts an outcome.
fn month_in(t: Timestamp, zone: &str) -> String {
    let d = t
        .to_zoned_datetime(TimeZone::get(zone).expect("zone"))
        .date();
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The priority in force at `t` (the last creation or change at or before it).
fn priority_at(facts: &[SlaFact], t: Timestamp) -> Priority {
    let mut p = Low;
    for f in facts {
        match *f {
            SlaFact::Created { at, priority } if at <= t => p = priority,
            SlaFact::PriorityChanged { at, to } if at <= t => p = to,
            _ => {}
        }
    }
    p
}

#[test]
fn due_time_remaining_and_warnings() {
    let facts = [created(ts("2026-03-02T10:00:00Z"), Medium)];
    let s = seed(&facts, ts("2026-03-03T10:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-04T10:00:00Z"));
    assert_eq!(
        (s.target_seconds, s.elapsed_seconds, s.remaining_seconds),
        (48 * H, 24 * H, 24 * H)
    );
    assert_eq!(
        (s.state, s.clock, s.clock_running),
        (SlaState::Ok, ClockKind::Calendar, true)
    );
    // 75 % of 48 h = 36 h after creation.
    assert_eq!(s.warn_at, ts("2026-03-03T22:00:00Z"));
    assert_eq!(seed(&facts, ts("2026-03-03T21:59:59Z")).state, SlaState::Ok);
    assert_eq!(
        seed(&facts, ts("2026-03-03T22:00:00Z")).state,
        SlaState::Warning
    );
    // 90 % (the second notice) = 43 h 12 min elapsed: Wed 05:12.
    let s = seed(&facts, ts("2026-03-04T05:12:00Z"));
    assert_eq!(s.elapsed_seconds * 100, 90 * 48 * H);
    assert_eq!(
        (s.state, s.remaining_seconds),
        (SlaState::Warning, 4 * H + 48 * MIN)
    );
}

#[test]
fn pause_waiting_on_client() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let waiting = [created(t0, Urgent), wait(ts("2026-03-02T11:00:00Z"))];
    // While waiting, due is shown as if the client answered now.
    let s = seed(&waiting, ts("2026-03-02T11:20:00Z"));
    assert_eq!(s.due_at, ts("2026-03-02T14:20:00Z"));
    assert_eq!(
        (s.elapsed_seconds, s.remaining_seconds, s.paused_seconds),
        (H, 3 * H, 20 * MIN)
    );
    assert!(s.paused && !s.clock_running);
    assert_eq!((s.state, s.breached_at), (SlaState::Ok, None));
    // The client answers at 12:30: 1 h 30 min of pause, due 15:30.
    let answered = [
        created(t0, Urgent),
        wait(ts("2026-03-02T11:00:00Z")),
        resume(ts("2026-03-02T12:30:00Z")),
    ];
    let s = seed(&answered, ts("2026-03-02T13:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-02T15:30:00Z"));
    assert_eq!(
        (s.paused_seconds, s.elapsed_seconds, s.remaining_seconds),
        (90 * MIN, 90 * MIN, 150 * MIN)
    );
    assert!(!s.paused && s.clock_running);
    // 75 % of 4 h = 3 h of counted time: 10:00–11:00 and 12:30–14:30.
    assert_eq!(s.warn_at, ts("2026-03-02T14:30:00Z"));
}

#[test]
fn raising_the_priority() {
    let t0 = ts("2026-03-02T10:00:00Z");
    // Medium (due Wed 4 Mar 10:00) raised to urgent at 11:00: a fresh 4 h from the raise.
    let facts = [
        created(t0, Medium),
        change(ts("2026-03-02T11:00:00Z"), Urgent),
    ];
    let s = seed(&facts, ts("2026-03-02T11:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-02T15:00:00Z"));
    assert_eq!(
        (
            s.priority,
            s.target_seconds,
            s.elapsed_seconds,
            s.remaining_seconds
        ),
        (Urgent, 4 * H, 0, 4 * H)
    );
    // High (due 22:00) raised to urgent at 20:00: 20:00 + 4 h is later, the 22:00 due stays.
    let facts = [
        created(t0, High),
        change(ts("2026-03-02T20:00:00Z"), Urgent),
    ];
    let s = seed(&facts, ts("2026-03-02T20:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-02T22:00:00Z"));
    assert_eq!(
        (s.elapsed_seconds, s.remaining_seconds, s.state),
        (2 * H, 2 * H, SlaState::Ok)
    );
    // Half of the urgent target is used up: the warning comes at 21:00 (75 %).
    assert_eq!(s.warn_at, ts("2026-03-02T21:00:00Z"));
}

#[test]
fn lowering_the_priority() {
    let t0 = ts("2026-03-02T10:00:00Z");
    // Urgent (due 14:00) lowered to high at 11:00: high's 12 h count from creation.
    let facts = [
        created(t0, Urgent),
        change(ts("2026-03-02T11:00:00Z"), High),
    ];
    let s = seed(&facts, ts("2026-03-02T12:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-02T22:00:00Z"));
    assert_eq!(
        (s.priority, s.elapsed_seconds, s.remaining_seconds, s.state),
        (High, 2 * H, 10 * H, SlaState::Ok)
    );
    // Low created Mon 2 Mar (due Mon 9 Mar 10:00), raised to urgent on Sun 8 Mar 10:00 (due
    // 14:00), lowered to high at 11:00: high from creation would be Mon 2 Mar 22:00, long
    // past, so the lowering keeps 14:00 — it never brings the due time closer.
    let facts = [
        created(t0, Low),
        change(ts("2026-03-08T10:00:00Z"), Urgent),
        change(ts("2026-03-08T11:00:00Z"), High),
    ];
    let s = seed(&facts, ts("2026-03-08T12:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-08T14:00:00Z"));
    assert_eq!(
        (
            s.priority,
            s.remaining_seconds,
            s.elapsed_seconds,
            s.breached_at
        ),
        (High, 2 * H, 10 * H, None)
    );
}

#[test]
fn business_hours_across_a_weekend_and_a_holiday() {
    let policy = madrid_plan();
    let created_at = madrid("2026-12-04T16:30"); // Friday
    assert_eq!(created_at, ts("2026-12-04T15:30:00Z"));
    // High = 9 business hours: Fri 16:30–18:00 (1 h 30), then Monday 09:00–13:00 and
    // 14:00–17:30 without holidays …
    assert_eq!(
        due_from(&policy, Some(&office(&[])), created_at, High, &[]),
        madrid("2026-12-07T17:30")
    );
    // … and Wednesday when Monday 7 and Tuesday 8 are holidays.
    let cal = madrid_december();
    let facts = [created(created_at, High)];
    let s = evaluate(&policy, Some(&cal), &facts, madrid("2026-12-05T12:00"));
    assert_eq!(s.due_at, madrid("2026-12-09T17:30"));
    assert_eq!(s.due_at, ts("2026-12-09T16:30:00Z"));
    // Saturday noon: the clock is stopped, 7 h 30 min remain.
    assert_eq!(
        (
            s.clock,
            s.clock_running,
            s.paused,
            s.remaining_seconds,
            s.elapsed_seconds
        ),
        (
            ClockKind::Business,
            false,
            false,
            7 * H + 30 * MIN,
            90 * MIN
        )
    );
    // 75 % of 9 h = 6 h 45 min counted: Fri 1 h 30 + Wed 09:00–13:00 + 14:00–15:15.
    assert_eq!(s.warn_at, madrid("2026-12-09T15:15"));
    // During lunch on Wednesday the clock is stopped too.
    let s = evaluate(&policy, Some(&cal), &facts, madrid("2026-12-09T13:30"));
    assert!(!s.clock_running);
    assert_eq!(s.remaining_seconds, 3 * H + 30 * MIN);
    // Medium = 18 business hours from Fri 16:00: 2 + 8 (Wed) + 8 (Thu) ends exactly at
    // Thursday's 18:00, which is the due time (not Friday 09:00).
    assert_eq!(
        due_from(&policy, Some(&cal), madrid("2026-12-04T16:00"), Medium, &[]),
        madrid("2026-12-10T18:00")
    );
    // Urgent stays on the 24×7 clock in this plan: Friday 16:30 + 4 h, weekend or not.
    let s = evaluate(
        &policy,
        Some(&cal),
        &[created(created_at, Urgent)],
        created_at,
    );
    assert_eq!(
        (s.clock, s.due_at),
        (ClockKind::Calendar, madrid("2026-12-04T20:30"))
    );
}

#[test]
fn daylight_saving_time() {
    // 24×7: 168 real hours. Created Fri 23 Oct 12:00 CEST (10:00 UTC); clocks go back on
    // Sun 25 Oct; due Fri 30 Oct 10:00 UTC, which Madrid's wall clock shows as 11:00 CET.
    let created_at = madrid("2026-10-23T12:00");
    assert_eq!(created_at, ts("2026-10-23T10:00:00Z"));
    let s = seed(&[created(created_at, Low)], created_at);
    assert_eq!(s.due_at, ts("2026-10-30T10:00:00Z"));
    assert_eq!(s.due_at, madrid("2026-10-30T11:00"));
    // Urgent created Sat 28 Mar 23:30 CET: 4 real hours later is 04:30 CEST on Sunday
    // (02:00 → 03:00 skipped), though the wall clock moved 5 hours.
    let created_at = madrid("2026-03-28T23:30");
    let s = seed(&[created(created_at, Urgent)], created_at);
    assert_eq!(s.due_at, ts("2026-03-29T02:30:00Z"));
    assert_eq!(s.due_at, madrid("2026-03-29T04:30"));

    // Business hours follow Madrid's wall clock: high (9 h) created Fri 27 Mar 16:00 CET
    // (15:00 UTC) is due Mon 30 Mar 17:00 CEST (15:00 UTC).
    let policy = madrid_plan();
    let cal = office(&[]);
    let created_at = madrid("2026-03-27T16:00");
    assert_eq!(created_at, ts("2026-03-27T15:00:00Z"));
    let due = due_from(&policy, Some(&cal), created_at, High, &[]);
    assert_eq!(due, madrid("2026-03-30T17:00"));
    assert_eq!(due, ts("2026-03-30T15:00:00Z"));

    // A calendar open all Sunday counts 23 h on 29 Mar and 25 h on 25 Oct.
    let sundays = BusinessCalendar::from_spec(&spec(
        "Europe/Madrid",
        &[("sun", &[("00:00", "24:00")])],
        &[],
    ))
    .expect("valid calendar");
    let day = |d: &str, next: &str| {
        counted(
            &policy,
            Some(&sundays),
            High,
            madrid(&format!("{d}T00:00")),
            madrid(&format!("{next}T00:00")),
            &[],
        )
    };
    assert_eq!(day("2026-03-29", "2026-03-30"), 23 * H * 1_000_000);
    assert_eq!(day("2026-10-25", "2026-10-26"), 25 * H * 1_000_000);
}

#[test]
fn a_breach() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let due = ts("2026-03-02T14:00:00Z");
    let facts = [created(t0, Urgent)];
    // Exactly at the due time: not breached yet (warning, nothing left).
    let s = seed(&facts, due);
    assert_eq!(
        (s.state, s.remaining_seconds, s.breached_at),
        (SlaState::Warning, 0, None)
    );
    // One microsecond later: breached, and the breach instant is the due time itself.
    let s = seed(&facts, ts("2026-03-02T14:00:00.000001Z"));
    assert_eq!((s.state, s.breached_at), (SlaState::Breached, Some(due)));
    let s = seed(&facts, ts("2026-03-02T15:00:00Z"));
    assert_eq!((s.remaining_seconds, s.elapsed_seconds), (-H, 5 * H));

    // Lowered to low at 15:00 (nobody had looked): due moves to Mon 9 Mar 10:00 and the
    // remaining time is positive again, but the breach at 14:00 stays.
    let lowered = [created(t0, Urgent), change(ts("2026-03-02T15:00:00Z"), Low)];
    let s = seed(&lowered, ts("2026-03-02T16:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-09T10:00:00Z"));
    assert!(s.remaining_seconds > 0);
    assert_eq!(
        (s.state, s.breached_at, s.met),
        (SlaState::Breached, Some(due), Some(false))
    );
    // Resolved at 16:00: still breached, never met.
    let resolved = [
        created(t0, Urgent),
        change(ts("2026-03-02T15:00:00Z"), Low),
        resolve(ts("2026-03-02T16:00:00Z")),
    ];
    let s = seed(&resolved, ts("2026-03-02T17:00:00Z"));
    assert_eq!(
        (s.state, s.breached_at, s.met),
        (SlaState::Breached, Some(due), Some(false))
    );

    // Waiting on the client from exactly 14:00 until 16:00: the breach is at 16:00, the first
    // running instant after the due time.
    let waited = [
        created(t0, Urgent),
        wait(due),
        resume(ts("2026-03-02T16:00:00Z")),
    ];
    assert_eq!(seed(&waited, ts("2026-03-02T15:00:00Z")).breached_at, None);
    let s = seed(&waited, ts("2026-03-02T16:00:01Z"));
    assert_eq!(s.breached_at, Some(ts("2026-03-02T16:00:00Z")));
}

#[test]
fn a_reopen() {
    let t0 = ts("2026-03-02T10:00:00Z");
    // Urgent, resolved at 12:00 with 2 h left: met, as long as nobody reopens it.
    let resolved = [created(t0, Urgent), resolve(ts("2026-03-02T12:00:00Z"))];
    let s = seed(&resolved, ts("2026-03-02T18:00:00Z"));
    assert_eq!(
        (s.state, s.met, s.remaining_seconds),
        (SlaState::Met, Some(true), 2 * H)
    );
    assert!(s.paused && !s.clock_running);
    // The client reopens it on Tue 3 Mar 09:00: the 21 h resolved count as a pause, the
    // clock runs again with the 2 h it had left, due Tue 11:00; "met" is withdrawn.
    let reopened = [
        created(t0, Urgent),
        resolve(ts("2026-03-02T12:00:00Z")),
        resume(ts("2026-03-03T09:00:00Z")),
    ];
    let s = seed(&reopened, ts("2026-03-03T09:00:00Z"));
    assert_eq!(s.due_at, ts("2026-03-03T11:00:00Z"));
    assert_eq!(
        (s.state, s.met, s.elapsed_seconds, s.paused_seconds),
        (SlaState::Ok, None, 2 * H, 21 * H)
    );
    // Resolved again at 10:30, before 11:00: met.
    let again = [
        created(t0, Urgent),
        resolve(ts("2026-03-02T12:00:00Z")),
        resume(ts("2026-03-03T09:00:00Z")),
        resolve(ts("2026-03-03T10:30:00Z")),
    ];
    let s = seed(&again, ts("2026-03-03T12:00:00Z"));
    assert_eq!(
        (s.state, s.met, s.breached_at),
        (SlaState::Met, Some(true), None)
    );

    // Waiting on the client at 11:00, resolved at 12:00 without an answer, reopened at 13:00:
    // one pause from 11:00 to 13:00, due 16:00.
    let waited = [
        created(t0, Urgent),
        wait(ts("2026-03-02T11:00:00Z")),
        resolve(ts("2026-03-02T12:00:00Z")),
        resume(ts("2026-03-02T13:00:00Z")),
    ];
    let s = seed(&waited, ts("2026-03-02T13:00:00Z"));
    assert_eq!(
        (s.due_at, s.paused_seconds),
        (ts("2026-03-02T16:00:00Z"), 2 * H)
    );
}

#[test]
fn auto_close() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let resolved_at = ts("2026-03-02T20:00:00Z");
    // High (due 22:00) resolved at 20:00 and never confirmed: it closes by itself exactly
    // 168 h after the resolution, Mon 9 Mar 20:00, with its outcome "met".
    let closes_at = resolved_at + jiff::SignedDuration::from_hours(168);
    assert_eq!(closes_at, ts("2026-03-09T20:00:00Z"));
    let facts = [created(t0, High), resolve(resolved_at), close(closes_at)];
    let s = seed(&facts, ts("2026-04-01T00:00:00Z"));
    assert_eq!(
        (s.state, s.met, s.breached_at),
        (SlaState::Met, Some(true), None)
    );
    // Frozen at the close: 2 h were left, 168 h were spent resolved.
    assert_eq!((s.remaining_seconds, s.paused_seconds), (2 * H, 168 * H));
    assert!(!s.clock_running);

    // Resolving exactly at the due time is met.
    let on_time = [created(t0, High), resolve(ts("2026-03-02T22:00:00Z"))];
    let s = seed(&on_time, ts("2026-03-03T00:00:00Z"));
    assert_eq!((s.state, s.breached_at), (SlaState::Met, None));

    // Closed without ever being resolved (a duplicate) at 12:00: no outcome; closed at
    // Tue 3 Mar 09:00, after the due time, it keeps its breach.
    let duplicate = [created(t0, High), close(ts("2026-03-02T12:00:00Z"))];
    let s = seed(&duplicate, ts("2026-04-01T00:00:00Z"));
    assert_eq!((s.state, s.met, s.breached_at), (SlaState::Ok, None, None));
    let late = [created(t0, High), close(ts("2026-03-03T09:00:00Z"))];
    let s = seed(&late, ts("2026-04-01T00:00:00Z"));
    assert_eq!(
        (s.state, s.met, s.breached_at),
        (
            SlaState::Breached,
            Some(false),
            Some(ts("2026-03-02T22:00:00Z"))
        )
    );
}

#[test]
fn a_compliance_month() {
    const CLIENT_ZONE: &str = "America/Argentina/Buenos_Aires";
    // Urgent opened Tue 31 Mar 21:30 UTC (18:30 in Buenos Aires): due and breached at
    // Wed 1 Apr 01:30 UTC = Tue 31 Mar 22:30 in Buenos Aires → a March breach, under urgent,
    // although an agent lowers it to medium the next morning.
    let a = [
        created(ts("2026-03-31T21:30:00Z"), Urgent),
        change(ts("2026-04-01T12:00:00Z"), Medium),
        resolve(ts("2026-04-01T14:00:00Z")),
    ];
    let s = seed(&a, ts("2026-04-02T00:00:00Z"));
    let breach = s.breached_at.expect("breached");
    assert_eq!(breach, ts("2026-04-01T01:30:00Z"));
    assert_eq!((s.state, s.priority), (SlaState::Breached, Medium));
    assert_eq!(month_in(breach, CLIENT_ZONE), "2026-03");
    assert_eq!(month_in(breach, "UTC"), "2026-04");
    assert_eq!(priority_at(&a, breach), Urgent);

    // Medium opened Fri 27 Mar 12:00 UTC, resolved Sat 28 Mar 12:00 (due Sun 29 Mar 12:00),
    // never confirmed: it closes by itself on Sat 4 Apr 12:00 UTC → an April "met".
    let b = [
        created(ts("2026-03-27T12:00:00Z"), Medium),
        resolve(ts("2026-03-28T12:00:00Z")),
        close(ts("2026-04-04T12:00:00Z")),
    ];
    let s = seed(&b, ts("2026-04-30T00:00:00Z"));
    assert_eq!(
        (s.state, s.met, s.remaining_seconds),
        (SlaState::Met, Some(true), 24 * H)
    );
    // The `due_at` of a resolved ticket moves on as if it reopened now, and freezes at the
    // close: the 7 days spent resolved push it from Sun 29 Mar to Sun 5 Apr 12:00.
    assert_eq!(s.due_at, ts("2026-04-05T12:00:00Z"));
    assert_eq!(
        due_from(
            &SlaPolicy::seed(),
            None,
            ts("2026-03-27T12:00:00Z"),
            Medium,
            &[]
        ),
        ts("2026-03-29T12:00:00Z")
    );
    assert_eq!(month_in(ts("2026-04-04T12:00:00Z"), CLIENT_ZONE), "2026-04");
    assert_eq!(priority_at(&b, ts("2026-04-04T12:00:00Z")), Medium);
}

#[test]
fn the_sla_object() {
    // The pause example at 11:20, as the API's `sla` object carries it.
    let facts = [
        created(ts("2026-03-02T10:00:00Z"), Urgent),
        wait(ts("2026-03-02T11:00:00Z")),
    ];
    let s = seed(&facts, ts("2026-03-02T11:20:00Z"));
    assert_eq!(SlaPolicy::seed().name, "Abono mensual");
    assert_eq!(format!("{:.6}", s.due_at), "2026-03-02T14:20:00.000000Z");
    assert_eq!(
        (
            s.clock,
            s.target_seconds,
            s.elapsed_seconds,
            s.remaining_seconds
        ),
        (ClockKind::Calendar, 14_400, 3_600, 10_800)
    );
    assert_eq!(
        (
            s.clock_running,
            s.paused,
            s.paused_seconds,
            s.state,
            s.breached_at
        ),
        (false, true, 1_200, SlaState::Ok, None)
    );
}
