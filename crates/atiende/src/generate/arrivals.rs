//! When the copied tickets were opened: more on weekdays and in office hours (in each
//! client's own zone), fewer in January and August (the southern summer holidays and the
//! Spanish August), and slowly more over the years as the provider grew.
//!
//! The span is cut into hours; each hour of each zone gets a weight, and an instant is drawn
//! by the cumulative weights (then anywhere within its hour). Copies of the templates are
//! written one batch at a time (copies.rs); batch k takes the k-th of equal shares of the
//! span, earliest first, so the copies' ids follow time from batch to batch.

use std::collections::HashMap;

use jiff::{Timestamp, civil::Weekday, tz::TimeZone};
use rand::{Rng, rngs::StdRng};

const HOUR_US: i64 = 3_600_000_000;

pub struct Arrivals {
    start_us: i64,
    /// Per zone: the cumulative weight at the end of each hour of the span.
    cdf: HashMap<&'static str, Vec<f64>>,
    /// The same over every zone, weighted by its clients: cuts the batches' windows.
    mix: Vec<f64>,
}

/// A stretch of whole hours of the span, `[from, to)`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    from: usize,
    to: usize,
}

impl Arrivals {
    /// `zones`: each zone with its number of clients.
    pub fn new(
        start: Timestamp,
        end: Timestamp,
        zones: &HashMap<&'static str, usize>,
    ) -> anyhow::Result<Arrivals> {
        let start_us = start.as_microsecond();
        let hours = usize::try_from((end.as_microsecond() - start_us) / HOUR_US)?.max(1);
        let mut cdf = HashMap::new();
        let mut mix = vec![0.0; hours];
        for (&zone, &clients) in zones {
            let tz = TimeZone::get(zone)?;
            let mut sum = 0.0;
            let mut c = Vec::with_capacity(hours);
            for (h, m) in mix.iter_mut().enumerate() {
                let at = Timestamp::from_microsecond(start_us + h as i64 * HOUR_US)?;
                let growth = 0.6 + 0.4 * h as f64 / hours as f64;
                let w = growth * weight(&tz.to_datetime(at));
                sum += w;
                c.push(sum);
                *m += sum * clients as f64;
            }
            cdf.insert(zone, c);
        }
        Ok(Arrivals { start_us, cdf, mix })
    }

    /// The k-th of `n` windows holding equal shares of all arrivals, earliest first.
    pub fn window(&self, k: u64, n: u64) -> Window {
        let total = self.mix.last().copied().unwrap_or(0.0);
        let at = |q: u64| {
            let share = total * q as f64 / n.max(1) as f64;
            self.mix.partition_point(|c| *c < share)
        };
        let hours = self.mix.len();
        let from = at(k).min(hours - 1);
        let to = at(k + 1).clamp(from + 1, hours);
        Window { from, to }
    }

    /// An instant (µs) within `w` for a client in `zone`, by that zone's weights.
    pub fn instant(&self, zone: &str, w: Window, rng: &mut StdRng) -> i64 {
        let hour = match self.cdf.get(zone) {
            Some(c) => {
                let below = if w.from == 0 { 0.0 } else { c[w.from - 1] };
                let u = rng.random_range(below..=c[w.to - 1]);
                c.partition_point(|x| *x < u).clamp(w.from, w.to - 1)
            }
            None => rng.random_range(w.from..w.to),
        };
        self.start_us + hour as i64 * HOUR_US + rng.random_range(0..HOUR_US)
    }
}

/// How busy an hour is, in the client's local time.
fn weight(local: &jiff::civil::DateTime) -> f64 {
    let month = match local.month() {
        1 => 0.45,
        8 => 0.6,
        2 | 12 => 0.8,
        7 => 0.85,
        _ => 1.0,
    };
    let day = match local.weekday() {
        Weekday::Monday => 1.15,
        Weekday::Tuesday => 1.1,
        Weekday::Wednesday => 1.05,
        Weekday::Thursday => 1.0,
        Weekday::Friday => 0.85,
        Weekday::Saturday => 0.2,
        Weekday::Sunday => 0.12,
    };
    let hour = match local.hour() {
        0..=6 => 0.03,
        7 => 0.2,
        8 => 0.6,
        9..=12 | 15..=17 => 1.0,
        13 => 0.7,
        14 => 0.8,
        18 => 0.7,
        19 => 0.45,
        20 | 21 => 0.3,
        _ => 0.12,
    };
    month * day * hour
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn office_hours_and_weekdays_get_most_tickets() {
        let end: Timestamp = "2026-01-01T00:00:00Z".parse().expect("end");
        let start = end
            .checked_sub(jiff::SignedDuration::from_hours(365 * 24))
            .expect("start");
        let zone = "America/Argentina/Buenos_Aires";
        let a = Arrivals::new(start, end, &HashMap::from([(zone, 1)])).expect("arrivals");
        let tz = TimeZone::get(zone).expect("zone");
        let mut rng = StdRng::seed_from_u64(1);
        let (mut office, mut weekend, mut january, mut n) = (0, 0, 0, 0);
        for k in 0..50 {
            let w = a.window(k, 50);
            for _ in 0..200 {
                let at = Timestamp::from_microsecond(a.instant(zone, w, &mut rng)).expect("t");
                let local = tz.to_datetime(at);
                office += usize::from((9..18).contains(&local.hour()));
                weekend += usize::from(matches!(
                    local.weekday(),
                    Weekday::Saturday | Weekday::Sunday
                ));
                january += usize::from(local.month() == 1);
                n += 1;
            }
        }
        assert!(office * 100 / n > 60, "office hours: {office}/{n}");
        assert!(weekend * 100 / n < 10, "weekends: {weekend}/{n}");
        assert!(january * 100 / n < 6, "january: {january}/{n}");
    }
}
