//! Walks over counted time: the clock's intervals (all time, or business windows) minus pauses,
//! forwards from an instant or backwards from one. All values are UTC microseconds.

use crate::calendar::{BusinessCalendar, DAY_US, MAX_US, MIN_US};

/// The set of instants a clock counts: `None` = every instant (calendar clock).
pub(crate) type Clock<'a> = Option<&'a BusinessCalendar>;

/// Sorted, merged, non-empty pause intervals `[start, end)` (touching pauses are merged).
pub(crate) fn normalize(pauses: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = pauses.iter().copied().filter(|(s, e)| s < e).collect();
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        crate::calendar::push_merged(&mut out, s, e);
    }
    out
}

/// Business windows are generated in chunks that grow (a week, doubling up to ~a year), so
/// short walks stay cheap and absurd targets still finish in bounded work per year.
const FIRST_CHUNK_US: i64 = 8 * DAY_US;
const MAX_CHUNK_US: i64 = 370 * DAY_US;

/// Counted intervals at or after `from`, in increasing order.
struct Forward<'a> {
    clock: Clock<'a>,
    pauses: &'a [(i64, i64)],
    pi: usize,
    pending: Option<(i64, i64)>,
    buf: std::vec::IntoIter<(i64, i64)>,
    cursor: i64,
    chunk: i64,
}

impl<'a> Forward<'a> {
    fn new(clock: Clock<'a>, from: i64, pauses: &'a [(i64, i64)]) -> Self {
        let buf = match clock {
            None => vec![(from, MAX_US)],
            Some(_) => Vec::new(),
        };
        let cursor = if clock.is_none() { MAX_US } else { from };
        Forward {
            clock,
            pauses,
            pi: 0,
            pending: None,
            buf: buf.into_iter(),
            cursor,
            chunk: FIRST_CHUNK_US,
        }
    }

    fn raw_next(&mut self) -> Option<(i64, i64)> {
        loop {
            if let Some(iv) = self.buf.next() {
                return Some(iv);
            }
            let cal = self.clock?;
            if self.cursor >= MAX_US {
                return None;
            }
            let end = self.cursor.saturating_add(self.chunk).min(MAX_US);
            let mut v = Vec::new();
            cal.intervals_us(self.cursor, end, &mut v);
            self.buf = v.into_iter();
            self.cursor = end;
            self.chunk = (self.chunk * 2).min(MAX_CHUNK_US);
        }
    }
}

impl Iterator for Forward<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        loop {
            let (mut a, b) = match self.pending.take() {
                Some(iv) => iv,
                None => self.raw_next()?,
            };
            while self.pi < self.pauses.len() && self.pauses[self.pi].1 <= a {
                self.pi += 1;
            }
            if let Some(&(ps, pe)) = self.pauses.get(self.pi)
                && ps < b
            {
                if ps <= a {
                    a = pe;
                    if a < b {
                        self.pending = Some((a, b));
                    }
                    continue;
                }
                self.pending = Some((ps, b));
                return Some((a, ps));
            }
            return Some((a, b));
        }
    }
}

/// Counted intervals at or before `until`, in decreasing order.
struct Backward<'a> {
    clock: Clock<'a>,
    pauses: &'a [(i64, i64)],
    pj: usize,
    pending: Option<(i64, i64)>,
    buf: std::iter::Rev<std::vec::IntoIter<(i64, i64)>>,
    cursor: i64,
    chunk: i64,
}

impl<'a> Backward<'a> {
    fn new(clock: Clock<'a>, until: i64, pauses: &'a [(i64, i64)]) -> Self {
        let buf = match clock {
            None => vec![(MIN_US, until)],
            Some(_) => Vec::new(),
        };
        let cursor = if clock.is_none() { MIN_US } else { until };
        let pj = pauses.len();
        Backward {
            clock,
            pauses,
            pj,
            pending: None,
            buf: buf.into_iter().rev(),
            cursor,
            chunk: FIRST_CHUNK_US,
        }
    }

    fn raw_next(&mut self) -> Option<(i64, i64)> {
        loop {
            if let Some(iv) = self.buf.next() {
                return Some(iv);
            }
            let cal = self.clock?;
            if self.cursor <= MIN_US {
                return None;
            }
            let start = self.cursor.saturating_sub(self.chunk).max(MIN_US);
            let mut v = Vec::new();
            cal.intervals_us(start, self.cursor, &mut v);
            self.buf = v.into_iter().rev();
            self.cursor = start;
            self.chunk = (self.chunk * 2).min(MAX_CHUNK_US);
        }
    }
}

impl Iterator for Backward<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        loop {
            let (a, mut b) = match self.pending.take() {
                Some(iv) => iv,
                None => self.raw_next()?,
            };
            while self.pj > 0 && self.pauses[self.pj - 1].0 >= b {
                self.pj -= 1;
            }
            if let Some(&(ps, pe)) = self.pj.checked_sub(1).and_then(|j| self.pauses.get(j))
                && pe > a
            {
                if pe >= b {
                    b = ps;
                    if a < b {
                        self.pending = Some((a, b));
                    }
                    continue;
                }
                self.pending = Some((a, pe));
                return Some((pe, b));
            }
            return Some((a, b));
        }
    }
}

/// Earliest instant at which time counted from `from` (minus `pauses`, normalized) reaches
/// `budget`; `MAX_US` if it never does.
pub(crate) fn due_us(clock: Clock<'_>, from: i64, budget: i64, pauses: &[(i64, i64)]) -> i64 {
    if budget <= 0 {
        return from;
    }
    let mut left = budget;
    for (a, b) in Forward::new(clock, from, pauses) {
        if left <= b - a {
            return a + left;
        }
        left -= b - a;
    }
    MAX_US
}

/// Time counted in `[from, to)` minus `pauses` (normalized).
pub(crate) fn counted_us(clock: Clock<'_>, from: i64, to: i64, pauses: &[(i64, i64)]) -> i64 {
    if to <= from {
        return 0;
    }
    let mut sum = 0i64;
    for (a, b) in Forward::new(clock, from, pauses) {
        if a >= to {
            break;
        }
        sum += b.min(to) - a;
    }
    sum
}

/// An instant `x` with `counted(x, until) == budget`: the latest such instant, or with
/// `earliest` the earliest one (a budget ending at a window's start then lands on the previous
/// window's end, as a forward walk would). `MIN_US` if there is not enough counted time.
pub(crate) fn back_us(
    clock: Clock<'_>,
    until: i64,
    budget: i64,
    pauses: &[(i64, i64)],
    earliest: bool,
) -> i64 {
    let mut left = budget.max(0);
    if left == 0 && !earliest {
        return until;
    }
    for (a, b) in Backward::new(clock, until, pauses) {
        if left == 0 {
            return b;
        }
        let len = b - a;
        if left < len || (left == len && !earliest) {
            return b - left;
        }
        left -= len;
    }
    MIN_US
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_merges_and_sorts() {
        assert_eq!(
            normalize(&[(5, 9), (1, 3), (3, 4), (8, 12), (7, 7)]),
            vec![(1, 4), (5, 12)]
        );
    }

    #[test]
    fn calendar_clock_walks() {
        let p = normalize(&[(10, 20), (30, 35)]);
        assert_eq!(due_us(None, 0, 10, &p), 10);
        assert_eq!(due_us(None, 0, 11, &p), 21);
        assert_eq!(due_us(None, 15, 5, &p), 25);
        assert_eq!(due_us(None, 0, 20, &p), 30);
        assert_eq!(due_us(None, 0, 21, &p), 36);
        assert_eq!(counted_us(None, 0, 40, &p), 25);
        assert_eq!(counted_us(None, 12, 33, &p), 10);
        assert_eq!(back_us(None, 36, 21, &p, false), 0);
        assert_eq!(back_us(None, 30, 10, &p, false), 20);
        assert_eq!(back_us(None, 30, 10, &p, true), 10);
        assert_eq!(back_us(None, 20, 0, &p, true), 10);
        assert_eq!(back_us(None, 20, 0, &p, false), 20);
    }
}
