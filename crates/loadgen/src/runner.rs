//! The bounded worker pool every phase runs on: a fixed number of workers pull request numbers
//! from a shared counter, so at most `c` requests are in flight and the total is exact.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use crate::{client::Api, stats::Phase};

/// What one request reports back to its phase.
pub(crate) enum Outcome {
    Ok(Option<i64>),
    Err(String),
}

/// Runs `total` requests made by `make(api, i)`, at most `c` in flight; collects ids if asked.
pub(crate) async fn run<F, Fut>(
    name: &'static str,
    total: usize,
    c: usize,
    api: Arc<Api>,
    make: F,
    ids: Option<Arc<Mutex<Vec<i64>>>>,
) -> Phase
where
    F: Fn(Arc<Api>, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Outcome> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let make = Arc::new(make);
    let start = Instant::now();
    let mut workers = Vec::with_capacity(c);
    for _ in 0..c.min(total.max(1)) {
        let (next, make, api, ids) = (next.clone(), make.clone(), api.clone(), ids.clone());
        workers.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut first_error = None;
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let t = Instant::now();
                match make(api.clone(), i).await {
                    Outcome::Ok(id) => {
                        lat.push(t.elapsed());
                        mine.extend(id);
                    }
                    Outcome::Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            if let Some(ids) = ids
                && let Ok(mut v) = ids.lock()
            {
                v.extend(mine);
            }
            (lat, errors, first_error)
        }));
    }
    let mut p = Phase {
        name,
        ok: 0,
        errors: 0,
        first_error: None,
        wall: Duration::ZERO,
        latencies: Vec::with_capacity(total),
    };
    for w in workers {
        match w.await {
            Ok((lat, errors, first)) => {
                p.ok += lat.len();
                p.latencies.extend(lat);
                p.errors += errors;
                if p.first_error.is_none() {
                    p.first_error = first;
                }
            }
            Err(e) => {
                p.errors += 1;
                p.first_error.get_or_insert(format!("worker panicked: {e}"));
            }
        }
    }
    p.wall = start.elapsed();
    p.latencies.sort_unstable();
    p
}
