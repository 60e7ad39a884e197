//! The report as HTML: `fragment` (the body, for the portal and the console) and `standalone`
//! (a whole document with the CSS inline, for `atiende report --format html`). Everything
//! from the data is escaped; the charts are inline SVG built by `charts` (escaped there).

use std::fmt::Write;

use domain::user::Locale;
use service::reports::model::MonthlyReport;

use crate::{
    charts::escape,
    view::{self, Block, View},
};

/// The report's styles, every rule scoped under `.report` (serve it beside the fragment).
pub const CSS: &str = include_str!("report.css");

/// The report's body: an `<article class="report">` with its header and sections.
pub fn fragment(report: &MonthlyReport, locale: Locale) -> String {
    render(&view::build(report, locale))
}

/// A whole HTML document (inline CSS, no script, no external resource).
pub fn standalone(report: &MonthlyReport, locale: Locale) -> String {
    let v = view::build(report, locale);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — {client} — {month}</title>\n<style>\n{CSS}\nbody {{ margin: 1.5rem; }}\n</style>\n\
         </head>\n<body>\n{body}</body>\n</html>\n",
        lang = v.lang,
        title = escape(&v.title),
        client = escape(&v.client),
        month = escape(&v.month),
        body = render(&v),
    )
}

fn render(v: &View) -> String {
    let mut o = String::new();
    let _ = writeln!(o, r#"<article class="report" lang="{}">"#, v.lang);
    o.push_str("<header class=\"report-header\">\n");
    let _ = writeln!(o, r#"<p class="report-kicker">{}</p>"#, escape(&v.title));
    let _ = writeln!(o, "<h1>{}</h1>", escape(&v.client));
    let _ = writeln!(o, r#"<p class="report-month">{}</p>"#, escape(&v.month));
    let _ = writeln!(o, r#"<p class="report-meta">{}</p>"#, escape(&v.period));
    if let Some(p) = &v.plans {
        let _ = writeln!(o, r#"<p class="report-meta">{}</p>"#, escape(p));
    }
    let _ = writeln!(o, r#"<p class="report-meta">{}</p>"#, escape(&v.generated));
    if let Some(p) = &v.partial {
        let _ = writeln!(o, r#"<p class="report-partial">{}</p>"#, escape(p));
    }
    o.push_str("</header>\n");
    for s in &v.sections {
        let _ = writeln!(
            o,
            r#"<section class="report-section" id="report-{}" aria-labelledby="report-{}-title">"#,
            s.id, s.id
        );
        let _ = writeln!(
            o,
            r#"<h2 id="report-{}-title">{}</h2>"#,
            s.id,
            escape(&s.title)
        );
        for b in &s.blocks {
            block(&mut o, b, s.id);
        }
        o.push_str("</section>\n");
    }
    o.push_str("</article>\n");
    o
}

/// One block of section `section` (its id names the title that labels the block's tables).
fn block(o: &mut String, b: &Block, section: &str) {
    match b {
        Block::Para { text, note } => {
            let class = if *note { r#" class="report-note""# } else { "" };
            let _ = writeln!(o, "<p{class}>{}</p>", escape(text));
        }
        Block::Facts { items } => {
            o.push_str("<dl class=\"report-facts\">\n");
            for f in items {
                let _ = writeln!(
                    o,
                    "<dt>{}</dt><dd>{}</dd>",
                    escape(&f.label),
                    escape(&f.value)
                );
            }
            o.push_str("</dl>\n");
        }
        Block::Table {
            head,
            rows,
            numeric,
            wide,
        } => {
            let class = |i: usize| {
                if numeric.get(i).copied().unwrap_or(false) {
                    r#" class="num""#
                } else {
                    ""
                }
            };
            // A table with a text column (a subject) takes the width; figures stay compact.
            let table_class = if wide.is_some() {
                " class=\"report-wide\""
            } else {
                ""
            };
            // On a phone the table may scroll sideways inside its wrapper: a keyboard must be
            // able to reach and scroll it too (a focusable region named by its section).
            let _ = write!(
                o,
                "<div class=\"report-table-wrap\" role=\"region\" tabindex=\"0\" \
                 aria-labelledby=\"report-{section}-title\"><table{table_class}>\n<thead><tr>"
            );
            for (i, h) in head.iter().enumerate() {
                let _ = write!(o, r#"<th scope="col"{}>{}</th>"#, class(i), escape(h));
            }
            o.push_str("</tr></thead>\n<tbody>\n");
            for r in rows {
                o.push_str("<tr>");
                for (i, c) in r.iter().enumerate() {
                    // The first column names the row (priority, ticket, date).
                    let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
                    let close = if i == 0 { "th" } else { "td" };
                    let _ = write!(o, "<{tag}{}>{}</{close}>", class(i), escape(c));
                }
                o.push_str("</tr>\n");
            }
            o.push_str("</tbody>\n</table></div>\n");
        }
        Block::Chart { svg, .. } => {
            // The SVG carries its own role="img" and <title>; its texts are escaped.
            let _ = writeln!(o, "<figure class=\"report-chart\">{svg}</figure>");
        }
        Block::Sub { title, note } => {
            let _ = writeln!(o, "<h3>{}</h3>", escape(title));
            if let Some(n) = note {
                let _ = writeln!(o, r#"<p class="report-sub-note">{}</p>"#, escape(n));
            }
        }
    }
}
