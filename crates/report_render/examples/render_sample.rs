//! Renders the sample report and says how long it took:
//! `cargo run --release -p report_render --example render_sample -- OUT_DIR [es|en]`
//! writes OUT_DIR/monthly-report-sample.{pdf,html}.

use std::time::Instant;

use domain::user::Locale;
use report_render::{html, pdf, sample};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let locale = args
        .next()
        .and_then(|l| Locale::parse(&l))
        .unwrap_or(Locale::Es);
    let r = sample::monthly_report();
    let t0 = Instant::now();
    let first = pdf::render(&r, locale)?;
    let cold = t0.elapsed();
    let t1 = Instant::now();
    let runs = 10;
    for i in 0..runs {
        // A different report each time: Typst memoizes, and re-rendering the same input
        // would only measure its cache.
        let mut other = r.clone();
        other.client.name = format!("{} {i}", r.client.name);
        other.compliance.breaches[0].late_by_minutes += i64::from(i);
        pdf::render(&other, locale)?;
    }
    let warm = t1.elapsed() / runs;
    std::fs::write(out.join("monthly-report-sample.pdf"), &first)?;
    std::fs::write(
        out.join("monthly-report-sample.html"),
        html::standalone(&r, locale),
    )?;
    println!(
        "pdf: {} bytes; first render {:.0} ms (fonts and library loaded), then {:.0} ms each for {runs} other reports (mean)",
        first.len(),
        cold.as_secs_f64() * 1000.0,
        warm.as_secs_f64() * 1000.0
    );
    Ok(())
}
