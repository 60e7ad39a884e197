//! Business calendar cases: Mon–Fri 09:00–13:00 + 14:00–18:00 Europe/Madrid, holidays, DST
//! weekends (2026-03-29 and 2026-10-25), and `from_spec` validation.

mod common;

use common::*;
use domain::Priority::{High, Low, Medium, Urgent};
use domain::calendar::{BusinessCalendar, CalendarSpec, Holiday};
use domain::sla::{ClockKind, SlaState, counted, counted_back, due_from, evaluate};

#[test]
fn friday_afternoon_ticket_is_due_monday_or_tuesday_after_a_holiday() {
    let policy = business_policy();
    let cal = office(&[]);
    let from = madrid("2026-03-06T16:00"); // Friday
    assert_eq!(
        due_from(&policy, Some(&cal), from, High, &[]),
        madrid("2026-03-09T11:00")
    );
    let cal = office(&["2026-03-09"]);
    assert_eq!(
        due_from(&policy, Some(&cal), from, High, &[]),
        madrid("2026-03-10T11:00")
    );
}

#[test]
fn budget_ending_at_a_window_end_is_due_then() {
    let policy = business_policy();
    let cal = office(&[]);
    let from = madrid("2026-03-06T14:00");
    assert_eq!(
        due_from(&policy, Some(&cal), from, High, &[]),
        madrid("2026-03-06T18:00")
    );
    // 2 h from 11:00 crosses lunch: 11–13 → due 13:00, not 14:00.
    assert_eq!(
        due_from(&policy, Some(&cal), madrid("2026-03-06T11:00"), Urgent, &[]),
        madrid("2026-03-06T13:00")
    );
    // Created during lunch / at night: counting starts at the next window.
    assert_eq!(
        due_from(&policy, Some(&cal), madrid("2026-03-06T13:30"), Urgent, &[]),
        madrid("2026-03-06T16:00")
    );
    assert_eq!(
        due_from(&policy, Some(&cal), madrid("2026-03-05T22:00"), Urgent, &[]),
        madrid("2026-03-06T11:00")
    );
}

#[test]
fn snapshot_on_the_business_clock() {
    let policy = business_policy();
    let cal = office(&[]);
    let facts = [created(madrid("2026-03-06T16:00"), High)];
    let s = evaluate(&policy, Some(&cal), &facts, madrid("2026-03-07T12:00"));
    assert_eq!(
        (s.clock, s.due_at, s.remaining_seconds),
        (ClockKind::Business, madrid("2026-03-09T11:00"), 2 * H)
    );
    assert!(
        !s.clock_running && !s.paused,
        "outside business hours the countdown stops"
    );
    // 75 % of 4 h = 3 h consumed: Fri 16–18 + Mon 09–10.
    assert_eq!(s.warn_at, madrid("2026-03-09T10:00"));
    // 90 % = 3 h 36 min consumed: Fri 16–18 + Mon 09:00–10:36, not over the weekend.
    assert_eq!(s.second_warn_at, madrid("2026-03-09T10:36"));
    let s = evaluate(&policy, Some(&cal), &facts, madrid("2026-03-09T10:30"));
    assert!(s.clock_running);
    assert_eq!(
        (s.state, s.elapsed_seconds),
        (SlaState::Warning, 3 * H + 1800)
    );
    // A pause over the weekend costs nothing; one inside business hours shifts due.
    let facts = [
        created(madrid("2026-03-06T16:00"), High),
        wait(madrid("2026-03-06T17:00")),
        resume(madrid("2026-03-09T09:30")),
    ];
    let s = evaluate(&policy, Some(&cal), &facts, madrid("2026-03-09T10:00"));
    assert_eq!(s.due_at, madrid("2026-03-09T12:30"));
    // Breach at due on the business clock is the instant itself, even at 18:00 on a Friday.
    let facts = [created(madrid("2026-03-06T14:00"), High)];
    let s = evaluate(&policy, Some(&cal), &facts, madrid("2026-03-07T10:00"));
    assert_eq!(s.breached_at, Some(madrid("2026-03-06T18:00")));
    assert_eq!(
        s.remaining_seconds, 0,
        "no business time has passed since due"
    );
}

#[test]
fn warn_at_lands_on_the_earlier_window_end() {
    // Fri 15:00 + 4 h → Mon 10:00; 3 h consumed exactly at Fri 18:00 (not Mon 09:00).
    let policy = business_policy();
    let cal = office(&[]);
    let s = evaluate(
        &policy,
        Some(&cal),
        &[created(madrid("2026-03-06T15:00"), High)],
        madrid("2026-03-06T15:00"),
    );
    assert_eq!(
        (s.due_at, s.warn_at),
        (madrid("2026-03-09T10:00"), madrid("2026-03-06T18:00"))
    );
}

#[test]
fn is_open_and_open_intervals() {
    let cal = office(&["2026-03-09"]);
    assert!(cal.is_open(madrid("2026-03-06T12:59:59")));
    assert!(!cal.is_open(madrid("2026-03-06T13:00")));
    assert!(cal.is_open(madrid("2026-03-06T14:00")));
    assert!(!cal.is_open(madrid("2026-03-06T18:00")));
    assert!(!cal.is_open(madrid("2026-03-07T10:00")));
    assert!(!cal.is_open(madrid("2026-03-09T10:00")), "holiday");
    assert!(cal.is_open(madrid("2026-03-10T10:00")));
    let got = cal.open_intervals(madrid("2026-03-06T12:00"), madrid("2026-03-10T10:00"));
    let want = vec![
        (madrid("2026-03-06T12:00"), madrid("2026-03-06T13:00")),
        (madrid("2026-03-06T14:00"), madrid("2026-03-06T18:00")),
        (madrid("2026-03-10T09:00"), madrid("2026-03-10T10:00")),
    ];
    assert_eq!(got, want);
}

#[test]
fn dst_weekends_shorten_and_lengthen_whole_day_windows() {
    let policy = business_policy();
    let cal = weekends();
    let c = |from: &str, to: &str| {
        counted(&policy, Some(&cal), Low, madrid(from), madrid(to), &[]) / 1_000_000
    };
    assert_eq!(c("2026-03-28T00:00", "2026-03-30T00:00"), 47 * H);
    assert_eq!(c("2026-10-24T00:00", "2026-10-26T00:00"), 49 * H);
    assert_eq!(c("2026-03-20T00:00", "2026-03-23T00:00"), 48 * H);
    // Saturday's 24:00 window and Sunday's 00:00 window are one continuous stretch: medium's
    // 16 h are 16 real hours across the change.
    let due = due_from(&policy, Some(&cal), madrid("2026-03-28T20:00"), Medium, &[]);
    assert_eq!(due, ts("2026-03-29T11:00:00Z"));
    assert_eq!(due, madrid("2026-03-29T13:00"));
    assert!(cal.is_open(madrid("2026-03-28T23:59:59")) && cal.is_open(madrid("2026-03-29T00:00")));
    let due = due_from(&policy, Some(&cal), madrid("2026-10-24T20:00"), Medium, &[]);
    assert_eq!(due, ts("2026-10-25T10:00:00Z"));
    assert_eq!(due, madrid("2026-10-25T11:00"));
    // Low's 40 h from Saturday 20:00: 4 h + Sunday's 23 h, then 13 h of the next Saturday.
    let due = due_from(&policy, Some(&cal), madrid("2026-03-28T20:00"), Low, &[]);
    assert_eq!(due, madrid("2026-04-04T13:00"));
    // 40 h starting Sunday 2026-03-29 00:00: 23 h that day, then 17 h next Saturday.
    let due = due_from(&policy, Some(&cal), madrid("2026-03-29T00:00"), Low, &[]);
    assert_eq!(due, madrid("2026-04-04T17:00"));
    assert_eq!(
        counted_back(&policy, Some(&cal), due, Low, 40 * H),
        madrid("2026-03-29T00:00")
    );
}

#[test]
fn dst_inside_a_window() {
    let policy = business_policy();
    let early: &[(&str, &str)] = &[("01:00", "04:00")];
    let cal = BusinessCalendar::from_spec(&spec("Europe/Madrid", &[("sun", early)], &[])).unwrap();
    let open = |d: &str| {
        cal.open_intervals(madrid(&format!("{d}T00:00")), madrid(&format!("{d}T12:00")))
            .iter()
            .map(|(a, b)| b.as_second() - a.as_second())
            .sum::<i64>()
    };
    assert_eq!(open("2026-03-22"), 3 * H);
    assert_eq!(open("2026-03-29"), 2 * H, "02:00 → 03:00 skipped");
    assert_eq!(open("2026-10-25"), 4 * H, "02:00–03:00 lived twice");
    // Urgent (2 h) from 01:00 on the spring day: 01:00–02:00 CET + 03:00–04:00 CEST → 04:00.
    assert_eq!(
        due_from(&policy, Some(&cal), madrid("2026-03-29T01:00"), Urgent, &[]),
        madrid("2026-03-29T04:00")
    );
    // On the autumn day the same 2 h end at the second 02:00 (CET), i.e. 01:00 UTC.
    assert_eq!(
        due_from(&policy, Some(&cal), madrid("2026-10-25T01:00"), Urgent, &[]),
        ts("2026-10-25T01:00:00Z")
    );
    assert!(
        cal.is_open(ts("2026-10-25T01:30:00Z")),
        "02:30 CET is inside 01:00–04:00"
    );
}

fn err(spec: &CalendarSpec) -> (String, &'static str) {
    let e = BusinessCalendar::from_spec(spec).expect_err("spec must be rejected");
    (e.field, e.code)
}

#[test]
fn from_spec_rejects_bad_specs_naming_the_field() {
    let ok: &[(&str, &str)] = &[("09:00", "13:00")];
    let z = "Europe/Madrid";
    assert_eq!(
        err(&spec("Mars/Olympus", &[("mon", ok)], &[])).0,
        "time_zone"
    );
    assert_eq!(err(&spec("", &[("mon", ok)], &[])).0, "time_zone");
    assert_eq!(err(&spec(z, &[("monday", ok)], &[])).0, "weekly.monday");
    assert_eq!(
        err(&spec(
            z,
            &[("mon", &[("09:00", "13:00"), ("9h", "18:00")])],
            &[]
        ))
        .0,
        "weekly.mon[1]"
    );
    assert_eq!(
        err(&spec(z, &[("tue", &[("09:00", "25:00")])], &[])).0,
        "weekly.tue[0]"
    );
    assert_eq!(
        err(&spec(z, &[("tue", &[("24:00", "24:00")])], &[])).0,
        "weekly.tue[0]"
    );
    assert_eq!(
        err(&spec(z, &[("wed", &[("13:00", "13:00")])], &[])).0,
        "weekly.wed[0]"
    );
    assert_eq!(
        err(&spec(z, &[("wed", &[("14:00", "09:00")])], &[])).0,
        "weekly.wed[0]"
    );
    assert_eq!(
        err(&spec(
            z,
            &[("thu", &[("12:00", "18:00"), ("09:00", "13:00")])],
            &[]
        ))
        .0,
        "weekly.thu[0]"
    );
    assert_eq!(
        err(&spec(z, &[("mon", ok)], &["2026-01-01", "2026-02-30"])).0,
        "holidays[1]"
    );
    assert_eq!(
        err(&spec(z, &[("mon", ok)], &["06/01/2026"])).0,
        "holidays[0]"
    );
    assert_eq!(
        err(&spec(z, &[("mon", &[])], &[])),
        ("weekly".to_string(), "required")
    );
    // Unsorted but disjoint windows, touching windows and a 24:00 end are fine.
    let fine: &[(&str, &str)] = &[("14:00", "24:00"), ("09:00", "14:00")];
    assert!(BusinessCalendar::from_spec(&spec(z, &[("fri", fine)], &["2026-12-25"])).is_ok());
}

#[test]
fn spec_reads_from_json() {
    let json = r#"{"time_zone":"Europe/Madrid","weekly":{"mon":[["09:00","13:00"],["14:00","18:00"]]},
                  "holidays":["2026-01-06"]}"#;
    let spec: CalendarSpec = serde_json::from_str(json).unwrap();
    let cal = BusinessCalendar::from_spec(&spec).unwrap();
    assert!(cal.is_open(madrid("2026-01-12T09:00")));
    assert!(
        !cal.is_open(
            madrid("2026-01-05T09:00")
                .checked_add(jiff::SignedDuration::from_hours(24))
                .unwrap()
        )
    );
    let no_holidays: CalendarSpec =
        serde_json::from_str(r#"{"time_zone":"UTC","weekly":{}}"#).unwrap();
    assert_eq!(
        BusinessCalendar::from_spec(&no_holidays).unwrap_err().field,
        "weekly"
    );
}

#[test]
fn counted_back_prefers_the_business_instant() {
    let policy = business_policy();
    let cal = office(&[]);
    let mon10 = madrid("2026-03-09T10:00");
    assert_eq!(
        counted_back(&policy, Some(&cal), mon10, High, H),
        madrid("2026-03-09T09:00")
    );
    assert_eq!(
        counted_back(&policy, Some(&cal), mon10, High, 2 * H),
        madrid("2026-03-06T17:00")
    );
    assert_eq!(counted_back(&policy, Some(&cal), mon10, High, 0), mon10);
    // Whole-day weekend windows merge across midnight into one interval.
    let w = weekends();
    let got = w.open_intervals(madrid("2026-03-27T12:00"), madrid("2026-03-31T00:00"));
    assert_eq!(
        got,
        vec![(madrid("2026-03-28T00:00"), madrid("2026-03-30T00:00"))]
    );
}

/// The office calendar with `yearly` holidays repeating every year and `dated` ones on one date.
fn office_with(yearly: &[&str], dated: &[&str]) -> BusinessCalendar {
    let day: &[(&str, &str)] = &[("09:00", "13:00"), ("14:00", "18:00")];
    let weekly = [
        ("mon", day),
        ("tue", day),
        ("wed", day),
        ("thu", day),
        ("fri", day),
    ];
    let mut s = spec("Europe/Madrid", &weekly, dated);
    for d in yearly {
        s.holidays.push(Holiday {
            date: d.to_string(),
            name: "fiesta".into(),
            yearly: true,
        });
    }
    BusinessCalendar::from_spec(&s).expect("valid calendar")
}

#[test]
fn a_yearly_holiday_closes_the_same_day_every_year() {
    // Typed with the year 2020; 12 October is a Monday in 2026 and a Tuesday in 2027.
    let cal = office_with(&["2020-10-12"], &[]);
    for day in ["2026-10-12", "2027-10-12", "2021-10-12"] {
        assert!(!cal.is_open(madrid(&format!("{day}T10:00"))), "{day}");
    }
    assert!(cal.is_open(madrid("2026-10-13T10:00")));
    assert!(cal.is_open(madrid("2027-10-11T10:00")));
}

#[test]
fn the_walk_treats_yearly_and_dated_holidays_alike() {
    let policy = business_policy();
    let from = madrid("2026-12-24T16:00"); // Thursday; 25 Dec is Friday
    let dated = office(&["2026-12-25"]);
    for yearly in [
        office_with(&["2025-12-25"], &[]),
        office_with(&["2026-12-25"], &[]),
    ] {
        for p in [Low, Medium, High, Urgent] {
            assert_eq!(
                due_from(&policy, Some(&yearly), from, p, &[]),
                due_from(&policy, Some(&dated), from, p, &[]),
                "{p:?}"
            );
        }
        let (a, b) = (madrid("2026-12-20T00:00"), madrid("2027-01-10T00:00"));
        assert_eq!(yearly.open_intervals(a, b), dated.open_intervals(a, b));
    }
    // High = 4 business hours: Thu 16–18 + (Fri closed) Mon 28th 09–11.
    assert_eq!(
        due_from(
            &policy,
            Some(&office_with(&["2000-12-25"], &[])),
            from,
            High,
            &[]
        ),
        madrid("2026-12-28T11:00")
    );
    // A yearly 29 February closes only leap years' 29 February.
    let leap = office_with(&["02-29"], &[]);
    assert!(!leap.is_open(madrid("2028-02-29T10:00")));
    assert!(leap.is_open(madrid("2027-03-01T10:00")));
    assert!(leap.is_open(madrid("2027-02-26T10:00")));
}

#[test]
fn named_and_yearly_holidays_read_from_json_beside_old_bare_dates() {
    let json = r#"{"time_zone":"Europe/Madrid","weekly":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]]},
                  "holidays":["2026-01-06", {"date":"2026-01-13","name":"Fiesta local","yearly":true}]}"#;
    let spec: CalendarSpec = serde_json::from_str(json).unwrap();
    let cal = BusinessCalendar::from_spec(&spec).unwrap();
    assert!(!cal.is_open(madrid("2026-01-13T10:00")));
    assert!(!cal.is_open(madrid("2032-01-13T10:00"))); // a Tuesday again
    assert!(cal.is_open(madrid("2032-01-12T10:00")));
    let bad: CalendarSpec = serde_json::from_str(
        r#"{"time_zone":"UTC","weekly":{"mon":[["09:00","18:00"]]},"holidays":[{"date":"13/01","yearly":true}]}"#,
    )
    .unwrap();
    let e = BusinessCalendar::from_spec(&bad).unwrap_err();
    assert_eq!((e.field.as_str(), e.code), ("holidays[0]", "date"));
}
