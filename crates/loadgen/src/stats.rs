//! What a phase measured and how it is reported: rate, nearest-rank percentiles, a table for
//! people and JSON for scripts.

use std::time::Duration;

use serde_json::{Value, json};

use crate::Args;

/// The outcome of one phase.
pub(crate) struct Phase {
    pub(crate) name: &'static str,
    pub(crate) ok: usize,
    pub(crate) errors: usize,
    pub(crate) first_error: Option<String>,
    pub(crate) wall: Duration,
    /// Latencies of successful requests, sorted.
    pub(crate) latencies: Vec<Duration>,
}

impl Phase {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    fn pct(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    pub(crate) fn to_json(&self) -> Value {
        let ms = |d: Duration| (d.as_secs_f64() * 1e5).round() / 100.0;
        json!({
            "phase": self.name, "ok": self.ok, "errors": self.errors, "first_error": self.first_error,
            "seconds": (self.wall.as_secs_f64() * 1000.0).round() / 1000.0, "per_second": (self.rate() * 10.0).round() / 10.0,
            "p50_ms": ms(self.pct(50.0)), "p95_ms": ms(self.pct(95.0)), "p99_ms": ms(self.pct(99.0)),
            "max_ms": ms(self.latencies.last().copied().unwrap_or_default()),
        })
    }
}

pub(crate) fn print_table(phases: &[Phase], args: &Args) {
    let tickets = match args.existing_max_id {
        Some(max) => format!("an existing database (ids 1..={max})"),
        None => format!("{} tickets", args.n),
    };
    println!(
        "loadgen: {tickets}, concurrency {}, {} requests per read phase, server {}",
        args.c, args.reads, args.base
    );
    println!();
    println!(
        "{:<16} {:>7} {:>6} {:>9} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "phase", "ok", "errors", "seconds", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    println!("{}", "-".repeat(92));
    for p in phases {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:<16} {:>7} {:>6} {:>9.2} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            p.name,
            p.ok,
            p.errors,
            p.wall.as_secs_f64(),
            p.rate(),
            ms(p.pct(50.0)),
            ms(p.pct(95.0)),
            ms(p.pct(99.0)),
            ms(p.latencies.last().copied().unwrap_or_default()),
        );
    }
    for p in phases.iter().filter(|p| p.errors > 0) {
        println!(
            "first error in {}: {}",
            p.name,
            p.first_error.as_deref().unwrap_or("?")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_rank() {
        let p = Phase {
            name: "x",
            ok: 100,
            errors: 0,
            first_error: None,
            wall: Duration::from_secs(1),
            latencies: (1..=100).map(Duration::from_millis).collect(),
        };
        assert_eq!(p.pct(50.0), Duration::from_millis(50));
        assert_eq!(p.pct(99.0), Duration::from_millis(99));
        assert_eq!(p.pct(100.0), Duration::from_millis(100));
    }
}
