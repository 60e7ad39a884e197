//! Automated accessibility checks with axe-core (Deque; MPL-2.0), run inside the page under
//! test. `scripts/test` installs it with npm into `tests/e2e/node_modules` (see the
//! `package.json` next to this file); it is read from there at test time, never copied into
//! the repository.

use std::{path::PathBuf, sync::OnceLock};

use serde_json::{Value, json};

use crate::browser::Browser;

/// The WCAG 2.0/2.1 A and AA rules: what the issue's "accessible" means in practice.
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

pub fn axe_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/node_modules/axe-core/axe.min.js")
}

/// The axe source, read once per test binary; `None` when it is not installed outside CI
/// (the test is then skipped loudly, as with a missing browser); under `CI=true` it fails.
pub fn axe_source() -> Option<&'static str> {
    static SOURCE: OnceLock<Option<String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| match std::fs::read_to_string(axe_path()) {
            Ok(s) => Some(s),
            Err(e) => {
                let msg = format!(
                    "{} unreadable ({e}): run `npm ci` in crates/atiende/tests/e2e (scripts/test does)",
                    axe_path().display()
                );
                if std::env::var("CI").as_deref() == Ok("true") {
                    panic!("{msg}");
                }
                eprintln!("SKIPPED: {msg}");
                None
            }
        })
        .as_deref()
}

/// Runs axe's WCAG 2.x A/AA rules on the current page: the violations (each with its
/// rule id, impact, help and offending nodes) and how many rules passed.
pub async fn axe_violations(b: &Browser, page_name: &str) -> (Vec<Value>, u64) {
    let source = axe_source().expect("axe-core installed (checked by the test first)");
    b.el("main").await;
    // A new document each navigation: inject axe once per page.
    let present = b.run_js("return typeof window.axe === 'object';").await;
    if present != Value::Bool(true) {
        b.c.execute(source, vec![]).await.expect("inject axe-core");
    }
    let result = b
        .c
        .execute_async(
            r#"const [tags, done] = arguments;
               axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations", "incomplete"]})
                 .then(r => done({ok: true, passes: r.passes.length,
                     review: r.incomplete.map(v => v.id + " ×" + v.nodes.length), violations: r.violations.map(v => ({
                     id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                     nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 160),
                                               summary: n.failureSummary}))}))}))
                 .catch(e => done({ok: false, error: String(e)}));"#,
            vec![json!(TAGS)],
        )
        .await
        .unwrap_or_else(|e| panic!("axe.run on {page_name}: {e}"));
    assert_eq!(result["ok"], true, "axe.run on {page_name}: {result}");
    let passes = result["passes"].as_u64().unwrap_or(0);
    assert!(passes > 0, "axe ran no rule on {page_name}: {result}");
    let review = result["review"].as_array().cloned().unwrap_or_default();
    if !review.is_empty() {
        eprintln!("axe on {page_name}: needs a human look (axe could not decide): {review:?}");
    }
    let violations = result["violations"].as_array().cloned().unwrap_or_default();
    (violations, passes)
}

/// Runs axe on the current page and fails on any serious or critical violation of the WCAG
/// 2.x A/AA rules, listing each one (rule, impact, the offending elements and axe's advice);
/// moderate and minor findings are printed, not fatal.
pub async fn assert_accessible(b: &Browser, page_name: &str) {
    let (violations, passes) = axe_violations(b, page_name).await;
    let path = b.path().await;
    let (fatal, other): (Vec<_>, Vec<_>) = violations
        .iter()
        .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
    eprintln!(
        "axe on {page_name} ({path}): {passes} rules passed, {} serious/critical, {} moderate/minor",
        fatal.len(),
        other.len()
    );
    if !other.is_empty() {
        eprintln!("{}", describe(&other));
    }
    assert!(
        fatal.is_empty(),
        "axe on {page_name} ({path}): {} serious/critical violation(s):\n{}",
        fatal.len(),
        describe(&fatal)
    );
}

fn describe(violations: &[&Value]) -> String {
    let mut out = String::new();
    for v in violations {
        out += &format!(
            "  - {} [{}]: {} ({})\n",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or(""),
            v["helpUrl"].as_str().unwrap_or("")
        );
        for n in v["nodes"].as_array().into_iter().flatten() {
            let target = n["target"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| t.as_str().map_or_else(|| t.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(" >> ");
            out += &format!(
                "      at `{target}`: {}\n",
                n["html"].as_str().unwrap_or("")
            );
            if let Some(s) = n["summary"].as_str() {
                for line in s.lines() {
                    out += &format!("        {line}\n");
                }
            }
        }
    }
    out
}

/// At the current window size (phones), nothing scrolls sideways: not the page, and not a
/// table inside its `.table-wrap` (a scrolled-away SLA column is as good as missing). The
/// failure names the elements past the edge, or the text that overflows its box (a long
/// unbreakable word widens the page while every element stays inside it).
pub async fn assert_no_horizontal_overflow(b: &Browser, page_name: &str) {
    let v = b
        .run_js(
            "const d = document.documentElement; \
             const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') \
               + [...e.classList].map(c => '.' + c).join(''); \
             const wide = [...document.querySelectorAll('body *')] \
               .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1) \
               .slice(0, 5).map(name); \
             const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); \
             for (let t; wide.length < 5 && (t = texts.nextNode());) { \
               const r = document.createRange(); r.selectNodeContents(t); \
               if (r.getBoundingClientRect().right > window.innerWidth + 1) \
                 wide.push('text in ' + name(t.parentElement) + ': ' + t.textContent.trim().slice(0, 60)); } \
             const wraps = [...document.querySelectorAll('.table-wrap')] \
               .filter(w => w.scrollWidth > w.clientWidth + 1) \
               .map(w => name(w.firstElementChild || w) + ': ' + w.scrollWidth + ' px in ' + w.clientWidth); \
             return [d.scrollWidth, window.innerWidth, wide, wraps];",
        )
        .await;
    let (scroll, inner) = (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0));
    assert!(
        scroll <= inner + 1,
        "{page_name} ({}) scrolls sideways at {inner} px: the page is {scroll} px wide; widest: {}",
        b.path().await,
        v[2]
    );
    assert_eq!(
        v[3],
        serde_json::json!([]),
        "{page_name} ({}): tables scroll sideways at {inner} px",
        b.path().await
    );
}

/// A phone in portrait (an iPhone 12–15's CSS viewport).
pub const PHONE: (u32, u32) = (390, 844);
/// The window size `Driver::browser` starts with.
pub const DESKTOP: (u32, u32) = (1280, 900);

/// Checks `path` (already loaded) at phone width: axe again (contrast and target rules
/// depend on the layout) and no horizontal page overflow.
pub async fn check_phone(b: &Browser, name: &str) {
    b.window(PHONE.0, PHONE.1).await;
    let inner = b.run_js("return window.innerWidth;").await;
    let inner = inner.as_u64().unwrap_or(0);
    assert!(
        inner <= u64::from(PHONE.0),
        "the viewport did not shrink to phone width (innerWidth {inner})"
    );
    assert_accessible(b, &format!("{name} (phone)")).await;
    assert_no_horizontal_overflow(b, name).await;
    b.screenshot(&format!("a11y-phone-{}", name.replace(' ', "-")))
        .await;
    b.window(DESKTOP.0, DESKTOP.1).await;
}
