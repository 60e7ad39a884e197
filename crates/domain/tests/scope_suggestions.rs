//! The scope suggestion against the table of realistic requests in
//! `tests/data/scope_suggestions.csv` (repository root): prints the accuracy overall, per class
//! and per set (`dev`: the rows the rules were written beside; `holdout`: rows written before
//! the rules and never tuned against), with every misclassified row, and fails below the
//! thresholds. Run with `--no-capture` (nextest: `--success-output immediate`) to read it.

use std::collections::BTreeMap;

use domain::scope_suggestion::{SuggestedClass, suggest};

/// Overall accuracy the suggestion must keep on the whole table.
const MIN_OVERALL: f64 = 0.85;
/// The held-out rows are fewer and unseen: a lower bar, still well above "always included".
const MIN_HOLDOUT: f64 = 0.70;

struct Row {
    line: usize,
    hosted: Option<bool>,
    expected: SuggestedClass,
    subject: String,
    body: String,
    set: String,
}

/// RFC 4180 fields of one line: commas separate, double quotes enclose, `""` is a quote.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn load() -> Vec<Row> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/scope_suggestions.csv"
    );
    let text = std::fs::read_to_string(path).expect("the suggestion table");
    let mut lines = text.lines().enumerate();
    let header = fields(lines.next().expect("a header").1);
    assert_eq!(
        header,
        ["hosted", "expected", "subject", "body", "note", "set"]
    );
    lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let f = fields(l);
            assert_eq!(f.len(), 6, "line {}: {l}", i + 1);
            Row {
                line: i + 1,
                hosted: match f[0].as_str() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    "" => None,
                    other => panic!("line {}: hosted {other:?}", i + 1),
                },
                expected: SuggestedClass::parse(&f[1])
                    .unwrap_or_else(|| panic!("line {}: class {:?}", i + 1, f[1])),
                subject: f[2].clone(),
                body: f[3].clone(),
                set: f[5].clone(),
            }
        })
        .collect()
}

fn pct(hit: usize, all: usize) -> f64 {
    if all == 0 {
        1.0
    } else {
        hit as f64 / all as f64
    }
}

#[test]
fn suggestion_accuracy_on_the_table() {
    let rows = load();
    assert!(rows.len() >= 60, "the table holds at least 60 requests");
    // (hits, total) per class and per set.
    let mut by_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_set: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for r in &rows {
        let s = suggest(&r.subject, &r.body, r.hosted);
        let ok = s.class == r.expected;
        for (map, key) in [
            (&mut by_class, r.expected.as_str()),
            (&mut by_set, r.set.as_str()),
        ] {
            let e = map.entry(key).or_default();
            e.0 += usize::from(ok);
            e.1 += 1;
        }
        if !ok {
            wrong.push(format!(
                "  line {:>3} [{}] {:?} expected {} got {} ({}: {})",
                r.line,
                r.set,
                r.subject,
                r.expected.as_str(),
                s.class.as_str(),
                s.rule.as_str(),
                s.matched.as_deref().unwrap_or("-"),
            ));
        }
    }
    let hits: usize = by_set.values().map(|v| v.0).sum();
    let overall = pct(hits, rows.len());
    println!(
        "scope suggestion: {hits}/{} correct ({:.1} %)",
        rows.len(),
        overall * 100.0
    );
    for (set, (h, n)) in &by_set {
        println!(
            "  set {set:<8} {h:>3}/{n:<3} {:>5.1} %",
            pct(*h, *n) * 100.0
        );
    }
    for (class, (h, n)) in &by_class {
        println!("  {class:<22} {h:>3}/{n:<3} {:>5.1} %", pct(*h, *n) * 100.0);
    }
    println!("misclassified ({}):", wrong.len());
    for w in &wrong {
        println!("{w}");
    }
    assert!(
        overall >= MIN_OVERALL,
        "overall accuracy {overall:.3} < {MIN_OVERALL}"
    );
    let (h, n) = by_set.get("holdout").copied().unwrap_or((0, 0));
    assert!(
        pct(h, n) >= MIN_HOLDOUT,
        "held-out accuracy {h}/{n} < {MIN_HOLDOUT}"
    );
}
