//! Property tests of the SLA clock: pause/lowering monotonicity, the 24×7 closed form,
//! business-time walks on random calendars (lunch breaks, holidays, DST dates) and breach
//! independence from observation time.

mod common;

use common::*;
use domain::Priority;
use domain::calendar::BusinessCalendar;
use domain::priority::PerPriority;
use domain::sla::{
    ClockKind, PauseReason, SlaFact, SlaPolicy, Target, counted, counted_back, due_from, evaluate,
};
use jiff::Timestamp;
use proptest::prelude::*;

const US: i64 = 1_000_000;
const ZONES: [&str; 5] = [
    "Europe/Madrid",
    "America/New_York",
    "Australia/Lord_Howe",
    "UTC",
    "Asia/Kathmandu",
];
/// Days around DST changes (EU, US, Lord Howe's 30-minute shift) and a quiet one.
const ANCHORS: [&str; 6] = [
    "2026-03-27T00:00:00Z",
    "2026-10-23T00:00:00Z",
    "2026-03-06T00:00:00Z",
    "2026-10-30T00:00:00Z",
    "2026-04-03T00:00:00Z",
    "2026-06-10T00:00:00Z",
];
const HOLIDAYS: [&str; 10] = [
    "2026-03-27",
    "2026-03-28",
    "2026-03-29",
    "2026-03-30",
    "2026-03-09",
    "2026-10-23",
    "2026-10-26",
    "2026-11-02",
    "2026-04-06",
    "2026-10-05",
];

fn at_us(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).expect("in range")
}

fn instant() -> impl Strategy<Value = i64> {
    (0..ANCHORS.len(), 0..6 * 86_400i64, 0..US)
        .prop_map(|(a, s, u)| ts(ANCHORS[a]).as_microsecond() + s * US + u)
}

fn priority() -> impl Strategy<Value = Priority> {
    (0..4usize).prop_map(|i| Priority::ALL[i])
}

/// Random calendars: 0–3 windows per day on a quarter-hour grid (so lunch breaks, 24:00 ends and
/// windows spanning DST changes all occur), a random zone and holidays near the DST dates, some
/// of them yearly.
fn calendar() -> impl Strategy<Value = BusinessCalendar> {
    let day = prop::collection::vec(0u16..=96, 0..7);
    (
        0..ZONES.len(),
        prop::collection::vec(day, 7),
        prop::collection::vec((0..HOLIDAYS.len(), any::<bool>()), 0..4),
    )
        .prop_map(|(z, days, hol)| {
            let hhmm = |q: u16| format!("{:02}:{:02}", q / 4, (q % 4) * 15);
            let mut weekly: Vec<(&str, Vec<(String, String)>)> = Vec::new();
            for (key, mut bounds) in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .into_iter()
                .zip(days)
            {
                bounds.sort_unstable();
                bounds.dedup();
                let ws = bounds
                    .chunks_exact(2)
                    .map(|c| (hhmm(c[0]), hhmm(c[1])))
                    .collect();
                weekly.push((key, ws));
            }
            if weekly.iter().all(|(_, ws)| ws.is_empty()) {
                weekly[0].1.push(("09:00".into(), "17:00".into()));
            }
            let owned: Vec<(&str, Vec<(&str, &str)>)> = weekly
                .iter()
                .map(|(k, ws)| {
                    (
                        *k,
                        ws.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect(),
                    )
                })
                .collect();
            let refs: Vec<(&str, &[(&str, &str)])> =
                owned.iter().map(|(k, ws)| (*k, ws.as_slice())).collect();
            let holidays: Vec<&str> = hol.iter().map(|(i, _)| HOLIDAYS[*i]).collect();
            let mut spec = spec(ZONES[z], &refs, &holidays);
            // Some holidays repeat every year (written without the year, as the admin form does):
            // every walk below must hold for them as for dated ones.
            for (h, (_, yearly)) in spec.holidays.iter_mut().zip(&hol) {
                if *yearly {
                    h.yearly = true;
                    h.date = h.date[5..].to_string();
                }
            }
            BusinessCalendar::from_spec(&spec).expect("generated spec is valid")
        })
}

fn target(business: bool) -> impl Strategy<Value = Target> {
    (
        prop_oneof![Just(0i64), 60..40 * H, (1..40i64).prop_map(|h| h * H)],
        any::<bool>(),
    )
        .prop_map(move |(s, b)| Target {
            target_seconds: s,
            clock: if business || b {
                ClockKind::Business
            } else {
                ClockKind::Calendar
            },
        })
}

fn policy(business: bool) -> impl Strategy<Value = SlaPolicy> {
    (
        target(business),
        target(business),
        target(business),
        target(business),
        0u8..=100,
    )
        .prop_map(|(low, medium, high, urgent, warn)| SlaPolicy {
            name: "prop".into(),
            targets: PerPriority {
                low,
                medium,
                high,
                urgent,
            },
            warn_percent: warn,
            second_warn_percent: warn.max(90),
        })
}

fn pauses() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((0..5 * 86_400 * US, 1..20 * H * US), 0..4)
}

fn abs_pauses(t0: i64, rel: &[(i64, i64)]) -> Vec<(Timestamp, Timestamp)> {
    rel.iter()
        .map(|&(s, d)| (at_us(t0 + s), at_us(t0 + s + d)))
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Change(Priority),
    Pause(PauseReason),
    Resume,
    Close,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => priority().prop_map(Step::Change),
        2 => Just(Step::Pause(PauseReason::WaitingOnClient)),
        2 => Just(Step::Pause(PauseReason::Resolved)),
        3 => Just(Step::Resume),
        1 => Just(Step::Close),
    ]
}

/// A plausible history: increasing instants (ties included), pauses only started when running
/// (or a reason change while paused), resumes only when paused, nothing after `Closed`.
fn history() -> impl Strategy<Value = Vec<SlaFact>> {
    let gap = prop_oneof![1 => Just(0i64), 4 => 0..30 * H * US];
    (
        instant(),
        priority(),
        prop::collection::vec((gap, step()), 0..9),
    )
        .prop_map(|(t0, p0, steps)| {
            let mut facts = vec![created(at_us(t0), p0)];
            let (mut t, mut paused) = (t0, false);
            for (g, s) in steps {
                t += g;
                let at = at_us(t);
                match s {
                    Step::Change(p) => facts.push(change(at, p)),
                    Step::Pause(reason) => {
                        facts.push(SlaFact::PauseStarted { at, reason });
                        paused = true;
                    }
                    Step::Resume if paused => {
                        facts.push(resume(at));
                        paused = false;
                    }
                    Step::Resume => {}
                    Step::Close => {
                        facts.push(close(at));
                        break;
                    }
                }
            }
            facts
        })
}

fn fact_at(f: &SlaFact) -> Timestamp {
    match *f {
        SlaFact::Created { at, .. }
        | SlaFact::PriorityChanged { at, .. }
        | SlaFact::PauseStarted { at, .. }
        | SlaFact::PauseEnded { at }
        | SlaFact::Closed { at } => at,
    }
}

/// Facts from priority changes and pause intervals (merged first, so no pause ends where another starts).
fn facts_with(
    t0: i64,
    p0: Priority,
    changes: &[(i64, Priority)],
    pauses: &[(i64, i64)],
) -> Vec<SlaFact> {
    let mut merged: Vec<(i64, i64)> = pauses.iter().map(|&(s, d)| (t0 + s, t0 + s + d)).collect();
    merged.sort_unstable();
    let mut norm: Vec<(i64, i64)> = Vec::new();
    for (s, e) in merged {
        match norm.last_mut() {
            Some(last) if last.1 >= s => last.1 = last.1.max(e),
            _ => norm.push((s, e)),
        }
    }
    let mut ev: Vec<(i64, u8, SlaFact)> = changes
        .iter()
        .map(|&(dt, p)| (t0 + dt, 2, change(at_us(t0 + dt), p)))
        .collect();
    for (s, e) in norm {
        ev.push((s, 1, wait(at_us(s))));
        ev.push((e, 0, resume(at_us(e))));
    }
    ev.sort_by_key(|&(t, k, _)| (t, k));
    std::iter::once(created(at_us(t0), p0))
        .chain(ev.into_iter().map(|(_, _, f)| f))
        .collect()
}

fn changes() -> impl Strategy<Value = Vec<(i64, Priority)>> {
    prop::collection::vec((0..4 * 86_400 * US, priority()), 0..4).prop_map(|mut v| {
        v.sort_by_key(|c| c.0);
        v
    })
}

fn maybe_cal() -> impl Strategy<Value = Option<BusinessCalendar>> {
    prop_oneof![1 => Just(None), 3 => calendar().prop_map(Some)]
}

/// 64 cases by default (debug CI stays fast); `PROPTEST_CASES=5000` for a deeper run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

const LATER: i64 = 400 * 86_400 * US;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// (1) Adding a pause never makes due_at earlier (each term and the whole fold).
    #[test]
    fn adding_a_pause_never_makes_due_earlier(
        pol in policy(false), cal in maybe_cal(), t0 in instant(), p0 in priority(),
        ch in changes(), base in pauses(), extra in (0..5 * 86_400 * US, 1..20 * H * US),
    ) {
        let cal = cal.as_ref();
        let mut more = base.clone();
        more.push(extra);
        let d1 = due_from(&pol, cal, at_us(t0), p0, &abs_pauses(t0, &base));
        let d2 = due_from(&pol, cal, at_us(t0), p0, &abs_pauses(t0, &more));
        prop_assert!(d2 >= d1);
        let now = at_us(t0 + LATER);
        let s1 = evaluate(&pol, cal, &facts_with(t0, p0, &ch, &base), now);
        let s2 = evaluate(&pol, cal, &facts_with(t0, p0, &ch, &more), now);
        prop_assert!(s2.due_at >= s1.due_at, "{:?} < {:?}", s2.due_at, s1.due_at);
    }

    /// (2) 24×7 without priority changes: due = created + target + paused time.
    #[test]
    fn calendar_clock_due_is_created_plus_target_plus_pauses(
        t0 in instant(), p0 in priority(),
        steps in prop::collection::vec((1..1_000_000i64, 0..30 * H * US), 0..5),
    ) {
        let pol = SlaPolicy::seed();
        let target = pol.targets.get(p0).target_seconds * US;
        // Scale the running gaps so every pause starts before the budget runs out.
        let total: i64 = steps.iter().map(|s| s.0).sum::<i64>() + 1;
        let (mut t, mut ps, mut paused) = (t0, Vec::new(), 0i64);
        for &(g, d) in &steps {
            t += (target - 1) / total * g;
            ps.push((t - t0, d.max(1)));
            t += d.max(1);
            paused += d.max(1);
        }
        let facts = facts_with(t0, p0, &[], &ps);
        let now = at_us(t.max(t0) + 1);
        let s = evaluate(&pol, None, &facts, now);
        prop_assert_eq!(s.due_at, at_us(t0 + target + paused));
        prop_assert_eq!(s.paused_seconds, paused / US);
        prop_assert!(!s.paused && s.breached_at.is_none());
    }

    /// (3) A lowering never makes due_at earlier (and a raise never makes it later).
    #[test]
    fn lowering_never_makes_due_earlier(
        pol in policy(false), cal in maybe_cal(), facts in history(),
        gap in 0..30 * H * US, to in priority(),
    ) {
        let cal = cal.as_ref();
        let mut facts = facts;
        if matches!(facts.last(), Some(SlaFact::Closed { .. })) {
            facts.pop();
        }
        let last = fact_at(facts.last().expect("created"));
        let at = at_us(last.as_microsecond() + gap);
        let now = at_us(at.as_microsecond() + LATER);
        let before = evaluate(&pol, cal, &facts, now);
        facts.push(change(at, to));
        let after = evaluate(&pol, cal, &facts, now);
        if to < before.priority {
            prop_assert!(after.due_at >= before.due_at);
        } else {
            prop_assert!(after.due_at <= before.due_at);
        }
        // A breach recorded before the change survives it.
        prop_assert_eq!(before.breached_at.filter(|b| *b < at), after.breached_at.filter(|b| *b < at));
    }

    /// (4) Business-time walks: counted(from, due_from(from)) == target, due_from is monotone in
    /// `from`, and counted_back inverts due_from where the budget lands inside a window.
    #[test]
    fn business_walks_are_consistent(
        pol in policy(true), cal in calendar(), from in instant(), delta in 0..3 * 86_400 * US,
        p in priority(), ps in pauses(), until in instant(), secs in 0..30 * H,
    ) {
        let cal = Some(&cal);
        let target = pol.targets.get(p).target_seconds * US;
        let pauses = abs_pauses(from, &ps);
        let due = due_from(&pol, cal, at_us(from), p, &pauses);
        prop_assert_eq!(counted(&pol, cal, p, at_us(from), due, &pauses), target);
        let due2 = due_from(&pol, cal, at_us(from + delta), p, &pauses);
        prop_assert!(due2 >= due);
        // Without pauses, walking back the target from due lands where counting starts again.
        let due = due_from(&pol, cal, at_us(from), p, &[]);
        let back = counted_back(&pol, cal, due, p, target / US);
        prop_assert!(back >= at_us(from));
        prop_assert_eq!(counted(&pol, cal, p, back, due, &[]), target);
        prop_assert_eq!(due_from(&pol, cal, back, p, &[]), due);
        // Random `until` and budget: exact count, and inversion when `until` ends counted time.
        let x = counted_back(&pol, cal, at_us(until), p, secs);
        prop_assert_eq!(counted(&pol, cal, p, x, at_us(until), &[]), secs * US);
        let custom = SlaPolicy { targets: PerPriority {
            low: Target { target_seconds: secs, clock: ClockKind::Business }, ..pol.targets }, ..pol.clone() };
        let until_ts = at_us(until);
        if secs > 0 && cal.is_some_and(|c| c.is_open(at_us(until - 1))) {
            prop_assert_eq!(due_from(&custom, cal, x, Priority::Low, &[]), until_ts);
        }
    }

    /// (5) The breach never depends on when anyone looked: evaluating a prefix at the next fact's
    /// instant, or the whole history at any instant, agrees with the full replay.
    #[test]
    fn breach_is_independent_of_observation_time(
        pol in policy(false), cal in maybe_cal(), facts in history(),
        probes in prop::collection::vec(0..12 * 86_400 * US, 1..4),
    ) {
        let cal = cal.as_ref();
        let t0 = fact_at(&facts[0]).as_microsecond();
        let full = evaluate(&pol, cal, &facts, at_us(t0 + LATER));
        for k in 1..facts.len() {
            let tk = fact_at(&facts[k]);
            let prefix = evaluate(&pol, cal, &facts[..k], tk);
            prop_assert_eq!(prefix.breached_at, full.breached_at.filter(|b| *b < tk), "prefix {}", k);
        }
        for dt in probes {
            let x = at_us(t0 + dt);
            let seen = evaluate(&pol, cal, &facts, x);
            prop_assert_eq!(seen.breached_at, full.breached_at.filter(|b| *b < x));
        }
        if let Some(b) = full.breached_at {
            prop_assert!(b >= at_us(t0));
            prop_assert_eq!(full.met, Some(false));
        }
    }

    /// (6) The warning thresholds come in order — first ≤ second ≤ due — and on a business
    /// clock each falls inside (or at the end of) a business window, never at night.
    #[test]
    fn thresholds_are_ordered_and_fall_in_counted_time(
        pol in policy(true), cal in calendar(), facts in history(),
        dt in 0..12 * 86_400 * US,
    ) {
        let t0 = fact_at(&facts[0]).as_microsecond();
        let s = evaluate(&pol, Some(&cal), &facts, at_us(t0 + dt));
        prop_assert!(s.warn_at <= s.second_warn_at, "{:?} > {:?}", s.warn_at, s.second_warn_at);
        prop_assert!(s.second_warn_at <= s.due_at, "{:?} > {:?}", s.second_warn_at, s.due_at);
        if s.clock == domain::sla::ClockKind::Business {
            for th in [s.warn_at, s.second_warn_at] {
                // At the creation instant (clamped) or where counted time passes: inside a
                // window or exactly at its end.
                let created = fact_at(&facts[0]);
                let just_before = th.checked_sub(jiff::SignedDuration::from_micros(1)).unwrap_or(th);
                prop_assert!(
                    th == created || cal.is_open(th) || cal.is_open(just_before),
                    "threshold {:?} outside business hours", th
                );
            }
        }
    }
}
