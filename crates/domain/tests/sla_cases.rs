//! Concrete SLA clock cases on the seed's 24×7 policy (urgent 4 h, high 12 h, medium 48 h, low 168 h).

mod common;

use common::*;
use domain::Priority::{High, Low, Medium, Urgent};
use domain::sla::{ClockKind, SlaPolicy, SlaSnapshot, SlaState, evaluate};

fn eval(facts: &[domain::sla::SlaFact], now: &str) -> SlaSnapshot {
    evaluate(&SlaPolicy::seed(), None, facts, ts(now))
}

#[test]
fn urgent_created_at_ten_is_due_at_fourteen() {
    let facts = [created(ts("2026-03-02T10:00:00Z"), Urgent)];
    let s = eval(&facts, "2026-03-02T11:00:00Z");
    assert_eq!(s.due_at, ts("2026-03-02T14:00:00Z"));
    assert_eq!(s.warn_at, ts("2026-03-02T13:00:00Z"));
    // 90 % of 4 h = 3 h 36 min.
    assert_eq!(s.second_warn_at, ts("2026-03-02T13:36:00Z"));
    assert_eq!(
        (s.target_seconds, s.remaining_seconds, s.elapsed_seconds),
        (4 * H, 3 * H, H)
    );
    assert_eq!(s.clock, ClockKind::Calendar);
    assert!(s.clock_running && !s.paused);
    assert_eq!(
        (s.state, s.breached_at, s.met, s.remaining_at_pause_us),
        (SlaState::Ok, None, None, None)
    );
    assert_eq!(eval(&facts, "2026-03-02T12:59:59Z").state, SlaState::Ok);
    assert_eq!(
        eval(&facts, "2026-03-02T13:00:00Z").state,
        SlaState::Warning
    );
}

#[test]
fn pause_and_resume_shift_due_by_the_pause_length() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let paused = [created(t0, Urgent), wait(ts("2026-03-02T11:00:00Z"))];
    // While paused, due_at is shown as if the ticket resumed now.
    let s = eval(&paused, "2026-03-02T11:20:00Z");
    assert_eq!(s.due_at, ts("2026-03-02T14:20:00Z"));
    assert!(s.paused && !s.clock_running);
    assert_eq!(s.paused_seconds, 20 * 60);
    assert_eq!(s.remaining_seconds, 3 * H);
    assert_eq!(s.remaining_at_pause_us, Some(3 * H * 1_000_000));
    assert_eq!(s.met, None);

    let resumed = [
        created(t0, Urgent),
        wait(ts("2026-03-02T11:00:00Z")),
        resume(ts("2026-03-02T11:30:00Z")),
    ];
    let s = eval(&resumed, "2026-03-02T12:00:00Z");
    assert_eq!(s.due_at, ts("2026-03-02T14:30:00Z"));
    assert_eq!(s.warn_at, ts("2026-03-02T13:30:00Z"));
    assert_eq!(
        (s.paused_seconds, s.remaining_seconds),
        (30 * 60, 2 * H + 30 * 60)
    );
    assert!(!s.paused && s.clock_running && s.remaining_at_pause_us.is_none());
}

#[test]
fn raise_takes_the_earlier_due() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let s = eval(
        &[
            created(t0, Medium),
            change(ts("2026-03-02T11:00:00Z"), Urgent),
        ],
        "2026-03-02T11:00:00Z",
    );
    assert_eq!(s.due_at, ts("2026-03-02T15:00:00Z"));
    assert_eq!(
        (s.priority, s.target_seconds, s.elapsed_seconds),
        (Urgent, 4 * H, 0)
    );
    // A raise whose fresh term ends later keeps the earlier due (22:00 < 20:00 + 4 h).
    let s = eval(
        &[
            created(t0, High),
            change(ts("2026-03-02T20:00:00Z"), Urgent),
        ],
        "2026-03-02T20:00:00Z",
    );
    assert_eq!(s.due_at, ts("2026-03-02T22:00:00Z"));
    assert_eq!(
        (s.remaining_seconds, s.elapsed_seconds, s.state),
        (2 * H, 2 * H, SlaState::Ok)
    );
    assert_eq!(s.warn_at, ts("2026-03-02T21:00:00Z"));
}

#[test]
fn lowering_takes_the_later_due_and_never_moves_it_closer() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let s = eval(
        &[
            created(t0, Urgent),
            change(ts("2026-03-02T11:00:00Z"), High),
        ],
        "2026-03-02T12:00:00Z",
    );
    assert_eq!(s.due_at, ts("2026-03-02T22:00:00Z"));
    // low (due Mar 9 10:00) → urgent on Mar 8 10:00 (due 14:00) → high: due(created, high) is
    // Mar 2 22:00, long past; the lowering keeps Mar 8 14:00.
    let facts = [
        created(t0, Low),
        change(ts("2026-03-08T10:00:00Z"), Urgent),
        change(ts("2026-03-08T11:00:00Z"), High),
    ];
    let s = eval(&facts, "2026-03-08T12:00:00Z");
    assert_eq!(s.due_at, ts("2026-03-08T14:00:00Z"));
    assert_eq!(
        (s.priority, s.remaining_seconds, s.elapsed_seconds),
        (High, 2 * H, 10 * H)
    );
    assert_eq!(s.breached_at, None);
}

#[test]
fn breach_is_at_due_at_and_not_before() {
    let facts = [created(ts("2026-03-02T10:00:00Z"), Urgent)];
    let s = eval(&facts, "2026-03-02T14:00:00Z");
    assert_eq!(
        (s.breached_at, s.remaining_seconds, s.state),
        (None, 0, SlaState::Warning)
    );
    let s = eval(&facts, "2026-03-02T14:00:00.000001Z");
    assert_eq!(s.breached_at, Some(ts("2026-03-02T14:00:00Z")));
    assert_eq!(
        (s.state, s.met, s.remaining_seconds),
        (SlaState::Breached, Some(false), -1)
    );
    let s = eval(&facts, "2026-03-02T15:00:00Z");
    assert_eq!((s.remaining_seconds, s.elapsed_seconds), (-H, 5 * H));
}

#[test]
fn paused_exactly_at_due_breaches_at_resume() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let due = ts("2026-03-02T14:00:00Z");
    let resumed_at = ts("2026-03-02T16:00:00Z");
    let mut facts = vec![created(t0, Urgent), wait(due)];
    let s = eval(&facts, "2026-03-02T15:00:00Z");
    assert_eq!(
        (s.breached_at, s.due_at, s.remaining_seconds),
        (None, due, 0)
    );
    facts.push(resume(resumed_at));
    assert_eq!(eval(&facts, "2026-03-02T16:00:00Z").breached_at, None);
    let s = eval(&facts, "2026-03-02T16:00:01Z");
    assert_eq!(s.breached_at, Some(resumed_at));
    assert_eq!(s.remaining_seconds, -1);
    // Resolved exactly at due and reopened at 16:00: met while resolved, breached at the reopen.
    let facts = [created(t0, Urgent), resolve(due), resume(resumed_at)];
    let s = eval(&facts[..2], "2026-03-02T15:00:00Z");
    assert_eq!((s.met, s.state), (Some(true), SlaState::Met));
    let s = eval(&facts, "2026-03-03T09:00:00Z");
    assert_eq!(
        (s.breached_at, s.met, s.state),
        (Some(resumed_at), Some(false), SlaState::Breached)
    );
}

#[test]
fn resolving_exactly_at_due_is_met() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let due = ts("2026-03-02T14:00:00Z");
    let s = eval(&[created(t0, Urgent), resolve(due)], "2026-03-05T10:00:00Z");
    assert_eq!(
        (s.breached_at, s.met, s.state),
        (None, Some(true), SlaState::Met)
    );
    assert!(s.paused && !s.clock_running);
    let s = eval(
        &[
            created(t0, Urgent),
            resolve(due),
            close(ts("2026-03-03T10:00:00Z")),
        ],
        "2026-04-01T00:00:00Z",
    );
    assert_eq!(
        (s.breached_at, s.met, s.state),
        (None, Some(true), SlaState::Met)
    );
}

#[test]
fn breach_is_permanent_after_lowering_or_reopen() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let breach = Some(ts("2026-03-02T14:00:00Z"));
    // Nobody looked before the lowering at 15:00: the replay still records 14:00.
    let facts = [created(t0, Urgent), change(ts("2026-03-02T15:00:00Z"), Low)];
    let s = eval(&facts, "2026-03-02T16:00:00Z");
    assert_eq!(s.due_at, ts("2026-03-09T10:00:00Z"));
    assert!(s.remaining_seconds > 0);
    assert_eq!(
        (s.breached_at, s.state, s.met),
        (breach, SlaState::Breached, Some(false))
    );
    // Resolved late, then reopened: still breached, never met.
    let facts = [
        created(t0, Urgent),
        resolve(ts("2026-03-02T14:30:00Z")),
        resume(ts("2026-03-02T15:00:00Z")),
    ];
    assert_eq!(
        eval(&facts[..2], "2026-03-02T14:45:00Z").breached_at,
        breach
    );
    let s = eval(&facts, "2026-03-02T15:30:00Z");
    assert_eq!(
        (s.breached_at, s.state, s.met),
        (breach, SlaState::Breached, Some(false))
    );
}

#[test]
fn closed_freezes_the_snapshot() {
    let t0 = ts("2026-03-02T10:00:00Z");
    // Closed without resolution (duplicate) before due: no outcome, frozen at 12:00.
    let facts = [created(t0, Urgent), close(ts("2026-03-02T12:00:00Z"))];
    let s = eval(&facts, "2026-04-01T00:00:00Z");
    assert_eq!((s.breached_at, s.met, s.state), (None, None, SlaState::Ok));
    assert_eq!(
        (s.remaining_seconds, s.due_at),
        (2 * H, ts("2026-03-02T14:00:00Z"))
    );
    assert!(!s.clock_running && !s.paused);
    // Closing after the due keeps the breach; closing exactly at due is not a breach.
    let s = eval(
        &[created(t0, Urgent), close(ts("2026-03-02T15:00:00Z"))],
        "2026-04-01T00:00:00Z",
    );
    assert_eq!(
        (s.breached_at, s.met),
        (Some(ts("2026-03-02T14:00:00Z")), Some(false))
    );
    let s = eval(
        &[created(t0, Urgent), close(ts("2026-03-02T14:00:00Z"))],
        "2026-04-01T00:00:00Z",
    );
    assert_eq!((s.breached_at, s.met, s.remaining_seconds), (None, None, 0));
    // Resolved then auto-closed: the pause is frozen at the close.
    let facts = [
        created(t0, Urgent),
        resolve(ts("2026-03-02T11:00:00Z")),
        close(ts("2026-03-09T11:00:00Z")),
    ];
    let s = eval(&facts, "2026-05-01T00:00:00Z");
    assert_eq!(
        (s.met, s.paused_seconds, s.remaining_seconds),
        (Some(true), 168 * H, 3 * H)
    );
}

#[test]
fn facts_after_now_are_not_yet_applied() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let facts = [created(t0, Urgent), wait(ts("2026-03-02T12:00:00Z"))];
    let s = eval(&facts, "2026-03-02T11:00:00Z");
    assert!(!s.paused && s.clock_running);
    assert_eq!(s.due_at, ts("2026-03-02T14:00:00Z"));
}

#[test]
fn waiting_then_resolved_is_one_pause_with_the_last_reason() {
    let t0 = ts("2026-03-02T10:00:00Z");
    let facts = [
        created(t0, Urgent),
        wait(ts("2026-03-02T11:00:00Z")),
        resolve(ts("2026-03-02T12:00:00Z")),
    ];
    let s = eval(&facts, "2026-03-02T13:00:00Z");
    assert_eq!(
        (s.paused_seconds, s.met, s.due_at),
        (2 * H, Some(true), ts("2026-03-02T16:00:00Z"))
    );
}

#[test]
fn business_target_without_calendar_counts_real_time() {
    let s = evaluate(
        &business_policy(),
        None,
        &[created(ts("2026-03-07T10:00:00Z"), High)],
        ts("2026-03-07T10:00:00Z"),
    );
    assert_eq!(
        (s.due_at, s.clock),
        (ts("2026-03-07T14:00:00Z"), ClockKind::Calendar)
    );
}
