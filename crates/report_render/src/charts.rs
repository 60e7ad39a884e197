//! The report's charts as SVG strings: pure, deterministic functions of already-worded data
//! (labels and value texts come formatted from `view`, so a chart says what the table says).
//! Hand-written (crates.md §SVG charts): four small shapes need no plotting library, and the
//! same string is inlined in the HTML and handed to Typst as an image.
//!
//! Every chart is `role="img"` with a `<title>` (its accessible name); every text is escaped;
//! no data → an explicit "no data" chart, never a division by zero or a `NaN` coordinate.

use std::fmt::Write;

/// Colours that stay apart for the common colour-vision deficiencies, and readable in grey.
const BLUE: &str = "#2b6cb0";
const RED: &str = "#c53030";
const GREEN: &str = "#2f855a";
const AMBER: &str = "#d69e2e";
const GREY: &str = "#cbd5e0";
const INK: &str = "#1a202c";
const MUTED: &str = "#4a5568";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/// `&`, `<`, `>`, `"` and `'` as entities: safe in SVG/HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal: short, stable output, and never `NaN` (callers only pass
/// finite values; this is the last guard).
fn n(v: f64) -> String {
    if v.is_finite() {
        let s = format!("{v:.1}");
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    } else {
        "0".to_string()
    }
}

fn open(out: &mut String, w: f64, h: f64, title: &str) {
    let t = escape(title);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="{FONT}" font-size="12"><title>{t}</title>"#,
        w = n(w),
        h = n(h),
    );
    let _ = write!(
        out,
        r#"<text x="0" y="14" font-size="13" font-weight="bold" fill="{INK}">{t}</text>"#
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, fill: &str, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        n(x),
        n(y),
        escape(s)
    );
}

/// The explicit "no data" chart: same frame, one message, nothing measured.
pub fn no_data(title: &str, message: &str) -> String {
    let (w, h) = (480.0, 80.0);
    let mut out = String::new();
    open(&mut out, w, h, title);
    let _ = write!(
        out,
        r#"<rect class="no-data" x="0.5" y="24.5" width="479" height="50" fill="none" stroke="{GREY}" stroke-dasharray="4 3"/>"#
    );
    text(&mut out, w / 2.0, 54.0, "middle", MUTED, message);
    out.push_str("</svg>");
    out
}

/// One bar of the compliance chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// 0–100; `None` = nothing counted (drawn as an empty dashed slot with "—").
    pub value: Option<f64>,
    /// The value as the tables write it ("95,5 %").
    pub value_text: String,
    /// Under the label ("n = 12").
    pub note: String,
}

/// Compliance per priority: vertical bars on a 0–100 scale with the 100 % reference line.
pub fn compliance(title: &str, bars: &[Bar], reference: &str, no_data_text: &str) -> String {
    if bars.iter().all(|b| b.value.is_none_or(|v| !v.is_finite())) {
        return no_data(title, no_data_text);
    }
    let (w, h) = (480.0, 240.0);
    let (left, right, top, bottom) = (44.0, 470.0, 40.0, 190.0);
    let plot_h = bottom - top;
    let mut out = String::new();
    open(&mut out, w, h, title);
    // Grid at 0/25/50/75 %, the reference at 100 %.
    for q in [0.0, 25.0, 50.0, 75.0] {
        let y = bottom - plot_h * q / 100.0;
        let _ = write!(
            out,
            r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#e2e8f0"/>"##,
            n(left),
            n(right),
            y = n(y)
        );
    }
    let _ = write!(
        out,
        r#"<line class="reference" x1="{}" y1="{t}" x2="{}" y2="{t}" stroke="{GREEN}" stroke-width="1.5" stroke-dasharray="6 3"/>"#,
        n(left),
        n(right),
        t = n(top)
    );
    text(&mut out, left - 4.0, top + 4.0, "end", GREEN, reference);
    text(&mut out, left - 4.0, bottom + 4.0, "end", MUTED, "0");
    let slot = (right - left) / bars.len() as f64;
    let bar_w = (slot * 0.55).min(70.0);
    for (i, b) in bars.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let x = cx - bar_w / 2.0;
        match b.value.filter(|v| v.is_finite()) {
            Some(v) => {
                let v = v.clamp(0.0, 100.0);
                let bh = plot_h * v / 100.0;
                let _ = write!(
                    out,
                    r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{BLUE}"><title>{}: {}</title></rect>"#,
                    n(x),
                    n(bottom - bh),
                    n(bar_w),
                    n(bh),
                    escape(&b.label),
                    escape(&b.value_text)
                );
                // Inside the bar's top when it is tall enough (clear of the 100 % line),
                // above it otherwise.
                if bh >= 22.0 {
                    text(
                        &mut out,
                        cx,
                        bottom - bh + 15.0,
                        "middle",
                        "#ffffff",
                        &b.value_text,
                    );
                } else {
                    text(
                        &mut out,
                        cx,
                        bottom - bh - 5.0,
                        "middle",
                        INK,
                        &b.value_text,
                    );
                }
            }
            None => {
                let _ = write!(
                    out,
                    r#"<rect class="bar-empty" x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{GREY}" stroke-dasharray="4 3"/>"#,
                    n(x + 0.5),
                    n(top + 0.5),
                    n(bar_w - 1.0),
                    n(plot_h - 1.0)
                );
                text(&mut out, cx, bottom - plot_h / 2.0, "middle", MUTED, "—");
            }
        }
        text(&mut out, cx, bottom + 18.0, "middle", INK, &b.label);
        text(&mut out, cx, bottom + 34.0, "middle", MUTED, &b.note);
    }
    out.push_str("</svg>");
    out
}

/// Counts as horizontal bars (tickets per category), longest = largest count.
pub fn counts(title: &str, rows: &[(String, i64)], no_data_text: &str) -> String {
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0);
    if max <= 0 {
        return no_data(title, no_data_text);
    }
    let row_h = 24.0;
    let (w, top) = (480.0, 26.0);
    let h = top + row_h * rows.len() as f64 + 6.0;
    let (left, right) = (130.0, 440.0);
    let mut out = String::new();
    open(&mut out, w, h, title);
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let len = (right - left) * (*v).max(0) as f64 / max as f64;
        text(&mut out, left - 6.0, y + 16.0, "end", INK, label);
        let _ = write!(
            out,
            r#"<rect class="bar" x="{}" y="{}" width="{}" height="16" fill="{BLUE}"><title>{}: {v}</title></rect>"#,
            n(left),
            n(y + 4.0),
            n(len),
            escape(label)
        );
        text(
            &mut out,
            left + len + 5.0,
            y + 16.0,
            "start",
            INK,
            &v.to_string(),
        );
    }
    out.push_str("</svg>");
    out
}

/// The legend words of the uptime strip.
#[derive(Debug, Clone, PartialEq)]
pub struct StripLegend {
    pub good: String,
    pub fair: String,
    pub bad: String,
    pub none: String,
}

/// One cell per day: the day's uptime (0–100) or `None` (not monitored that day), and the
/// cell's tooltip ("Día 3: 99,9 %").
pub fn uptime_strip(
    title: &str,
    days: &[(Option<f64>, String)],
    legend: &StripLegend,
    no_data_text: &str,
) -> String {
    if days.is_empty() {
        return no_data(title, no_data_text);
    }
    let (w, h) = (480.0, 96.0);
    let (left, right, top, cell_h) = (0.0, 480.0, 24.0, 28.0);
    let cell_w = (right - left) / days.len() as f64;
    let mut out = String::new();
    open(&mut out, w, h, title);
    for (i, (v, tip)) in days.iter().enumerate() {
        let x = left + cell_w * i as f64;
        let (class, fill, extra) = match v.filter(|v| v.is_finite()) {
            Some(v) if v >= 99.9 => ("day good", GREEN, ""),
            Some(v) if v >= 99.0 => ("day fair", AMBER, ""),
            Some(_) => ("day bad", RED, ""),
            // Not monitored: pale and dashed, so it never reads as "up" or "down".
            None => (
                "day no-data",
                "#edf2f7",
                r##" stroke="#a0aec0" stroke-dasharray="2 2""##,
            ),
        };
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{}" y="{top}" width="{}" height="{cell_h}" fill="{fill}"{extra}><title>{}</title></rect>"#,
            n(x + 0.5),
            n((cell_w - 1.0).max(0.5)),
            escape(tip)
        );
        let d = i + 1;
        if d == 1 || d % 5 == 0 || d == days.len() {
            text(
                &mut out,
                x + cell_w / 2.0,
                top + cell_h + 14.0,
                "middle",
                MUTED,
                &d.to_string(),
            );
        }
    }
    let items = [
        (GREEN, "", &legend.good),
        (AMBER, "", &legend.fair),
        (RED, "", &legend.bad),
        (
            "#edf2f7",
            r##" stroke="#a0aec0" stroke-dasharray="2 2""##,
            &legend.none,
        ),
    ];
    let y = top + cell_h + 24.0;
    for (i, (fill, extra, label)) in items.iter().enumerate() {
        let x = 120.0 * i as f64;
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="12" height="12" fill="{fill}"{extra}/>"#,
            n(x + 0.5),
            n(y)
        );
        text(&mut out, x + 17.0, y + 10.5, "start", INK, label);
    }
    out.push_str("</svg>");
    out
}

/// What the hours chart shows, worded.
#[derive(Debug, Clone, PartialEq)]
pub struct Hours {
    pub used_minutes: i64,
    pub available_minutes: i64,
    /// "Usadas: 12 h 30 min".
    pub used_text: String,
    pub available_text: String,
    /// The 80 % warning mark's label.
    pub mark_text: String,
    /// Shown only when used > available.
    pub overage_text: String,
}

/// Hours used against available: one bar, the 80 % mark, and any overage past the end in red.
pub fn hours(title: &str, h: &Hours, no_data_text: &str) -> String {
    let used = h.used_minutes.max(0) as f64;
    let avail = h.available_minutes.max(0) as f64;
    let scale_max = used.max(avail);
    if scale_max <= 0.0 {
        return no_data(title, no_data_text);
    }
    let (w, ht) = (480.0, 110.0);
    let (left, right, top, bar_h) = (0.0, 470.0, 34.0, 26.0);
    let px = |m: f64| left + (right - left) * m / scale_max;
    let mut out = String::new();
    open(&mut out, w, ht, title);
    // The available hours as the track…
    let _ = write!(
        out,
        r##"<rect class="available" x="{}" y="{top}" width="{}" height="{bar_h}" fill="#edf2f7" stroke="#a0aec0"/>"##,
        n(left),
        n(px(avail) - left)
    );
    // …the used part inside it…
    let inside = used.min(avail);
    let _ = write!(
        out,
        r#"<rect class="used" x="{}" y="{top}" width="{}" height="{bar_h}" fill="{BLUE}"/>"#,
        n(left),
        n(px(inside) - left)
    );
    // …and what went past it.
    if used > avail {
        let _ = write!(
            out,
            r#"<rect class="overage" x="{}" y="{top}" width="{}" height="{bar_h}" fill="{RED}"/>"#,
            n(px(avail)),
            n(px(used) - px(avail))
        );
    }
    if avail > 0.0 {
        let x = px(avail * 0.8);
        let _ = write!(
            out,
            r#"<line class="mark" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{AMBER}" stroke-width="2"/>"#,
            n(top - 6.0),
            n(top + bar_h + 6.0),
            x = n(x)
        );
        text(
            &mut out,
            px(avail * 0.8),
            top - 9.0,
            "middle",
            MUTED,
            &h.mark_text,
        );
    }
    let y = top + bar_h + 24.0;
    text(&mut out, left, y, "start", INK, &h.used_text);
    // The available label under the track's end, unless that end is too close to the used
    // label on the left to share the line.
    let avail_x = if px(avail) > 250.0 { px(avail) } else { right };
    text(&mut out, avail_x, y, "end", INK, &h.available_text);
    if used > avail {
        text(&mut out, right, y + 18.0, "end", RED, &h.overage_text);
    }
    out.push_str("</svg>");
    out
}

/// One month of the trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// Under the axis ("nov").
    pub label: String,
    /// 0–100; `None` = no outcome that month (a gap in the line, "—").
    pub value: Option<f64>,
    /// The value as the table writes it, with the month ("2026-11: 95,5 %").
    pub value_text: String,
}

/// Compliance per month as a line on a 0–100 scale with the target as a reference line, and a
/// `<desc>` (`description`) saying in words what the line shows; months without outcomes
/// break the line. The table next to it on the page carries the same figures.
pub fn trend(
    title: &str,
    description: &str,
    points: &[TrendPoint],
    target: (f64, &str),
    no_data_text: &str,
) -> String {
    if points
        .iter()
        .all(|p| p.value.is_none_or(|v| !v.is_finite()))
    {
        return no_data(title, no_data_text);
    }
    let (w, h) = (480.0, 220.0);
    let (left, right, top, bottom) = (44.0, 470.0, 32.0, 184.0);
    let plot_h = bottom - top;
    let y_of = |v: f64| bottom - plot_h * v.clamp(0.0, 100.0) / 100.0;
    let mut out = String::new();
    open(&mut out, w, h, title);
    let _ = write!(out, "<desc>{}</desc>", escape(description));
    for q in [0.0, 50.0, 100.0] {
        let _ = write!(
            out,
            r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#e2e8f0"/>"##,
            n(left),
            n(right),
            y = n(y_of(q))
        );
    }
    text(&mut out, left - 4.0, y_of(100.0) + 4.0, "end", MUTED, "100");
    text(&mut out, left - 4.0, y_of(0.0) + 4.0, "end", MUTED, "0");
    let ty = y_of(target.0);
    let _ = write!(
        out,
        r#"<line class="reference" x1="{}" y1="{t}" x2="{}" y2="{t}" stroke="{GREEN}" stroke-width="1.5" stroke-dasharray="6 3"/>"#,
        n(left),
        n(right),
        t = n(ty)
    );
    text(&mut out, right, ty - 4.0, "end", GREEN, target.1);
    let slot = (right - left) / points.len().max(1) as f64;
    let x_of = |i: usize| left + slot * (i as f64 + 0.5);
    // The line: one segment run per stretch of months with a value.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut String| {
        if run.len() > 1 {
            let _ = write!(
                out,
                r#"<polyline class="line" points="{}" fill="none" stroke="{BLUE}" stroke-width="2"/>"#,
                run.join(" ")
            );
        }
        run.clear();
    };
    for (i, p) in points.iter().enumerate() {
        match p.value.filter(|v| v.is_finite()) {
            Some(v) => run.push(format!("{},{}", n(x_of(i)), n(y_of(v)))),
            None => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    for (i, p) in points.iter().enumerate() {
        let x = x_of(i);
        match p.value.filter(|v| v.is_finite()) {
            Some(v) => {
                let _ = write!(
                    out,
                    r#"<circle class="point" cx="{}" cy="{}" r="4" fill="{BLUE}"><title>{}</title></circle>"#,
                    n(x),
                    n(y_of(v)),
                    escape(&p.value_text)
                );
            }
            None => text(&mut out, x, bottom - 6.0, "middle", MUTED, "—"),
        }
        text(&mut out, x, bottom + 18.0, "middle", INK, &p.label);
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(tag: &str, name: &str) -> f64 {
        let key = format!(" {name}=\"");
        let start = tag.find(&key).expect(name) + key.len();
        let end = tag[start..].find('"').expect("closing quote") + start;
        tag[start..end].parse().expect("number")
    }

    fn tags<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
        let key = format!("class=\"{class}\"");
        svg.match_indices(&key)
            .map(|(i, _)| {
                let start = svg[..i].rfind('<').expect("tag start");
                let end = svg[i..].find('>').expect("tag end") + i;
                &svg[start..=end]
            })
            .collect()
    }

    fn bar(label: &str, v: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value: v,
            value_text: v.map(|v| format!("{v}%")).unwrap_or_default(),
            note: "n = 1".into(),
        }
    }

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }

    #[test]
    fn compliance_bars_are_proportional() {
        let svg = compliance(
            "C",
            &[
                bar("U", Some(100.0)),
                bar("H", Some(50.0)),
                bar("M", None),
                bar("L", Some(25.0)),
            ],
            "100%",
            "none",
        );
        well_formed(&svg);
        let hs: Vec<f64> = tags(&svg, "bar")
            .iter()
            .map(|t| attr(t, "height"))
            .collect();
        assert_eq!(hs.len(), 3);
        assert!((hs[0] / hs[1] - 2.0).abs() < 0.01, "{hs:?}");
        assert!((hs[0] / hs[2] - 4.0).abs() < 0.01, "{hs:?}");
        assert_eq!(tags(&svg, "bar-empty").len(), 1);
        assert_eq!(tags(&svg, "reference").len(), 1);
        assert!(svg.contains("n = 1"));
    }

    #[test]
    fn empty_data_gives_an_explicit_no_data_chart() {
        for svg in [
            compliance("C", &[], "100%", "No data"),
            compliance(
                "C",
                &[bar("U", None), bar("H", Some(f64::NAN))],
                "100%",
                "No data",
            ),
            counts("K", &[("a".into(), 0), ("b".into(), 0)], "No data"),
            counts("K", &[], "No data"),
            uptime_strip(
                "U",
                &[],
                &StripLegend {
                    good: "g".into(),
                    fair: "f".into(),
                    bad: "b".into(),
                    none: "n".into(),
                },
                "No data",
            ),
            hours(
                "H",
                &Hours {
                    used_minutes: 0,
                    available_minutes: 0,
                    used_text: String::new(),
                    available_text: String::new(),
                    mark_text: String::new(),
                    overage_text: String::new(),
                },
                "No data",
            ),
        ] {
            well_formed(&svg);
            assert_eq!(tags(&svg, "no-data").len(), 1, "{svg}");
            assert!(svg.contains(">No data<"));
        }
    }

    #[test]
    fn names_are_escaped() {
        let svg = counts("<b>&", &[("<script>alert('x')</script>".into(), 3)], "none");
        well_formed(&svg);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(svg.contains("<title>&lt;b&gt;&amp;</title>"));
    }

    #[test]
    fn count_bars_scale_to_the_largest() {
        let svg = counts(
            "K",
            &[("a".into(), 10), ("b".into(), 5), ("c".into(), 0)],
            "none",
        );
        well_formed(&svg);
        let ws: Vec<f64> = tags(&svg, "bar").iter().map(|t| attr(t, "width")).collect();
        assert_eq!(ws, vec![310.0, 155.0, 0.0]);
    }

    #[test]
    fn uptime_strip_has_a_cell_per_day_and_marks_days_without_data() {
        let mut days: Vec<(Option<f64>, String)> =
            (1..=30).map(|d| (Some(100.0), format!("{d}"))).collect();
        days[4].0 = None;
        days[9].0 = Some(98.0);
        days[10].0 = Some(99.5);
        let legend = StripLegend {
            good: "g".into(),
            fair: "f".into(),
            bad: "b".into(),
            none: "n".into(),
        };
        let svg = uptime_strip("U", &days, &legend, "none");
        well_formed(&svg);
        assert_eq!(svg.matches("class=\"day ").count(), 30);
        assert_eq!(tags(&svg, "day no-data").len(), 1);
        assert_eq!(tags(&svg, "day bad").len(), 1);
        assert_eq!(tags(&svg, "day fair").len(), 1);
        assert_eq!(tags(&svg, "day good").len(), 27);
    }

    #[test]
    fn hours_show_the_mark_and_the_overage() {
        let h = Hours {
            used_minutes: 15 * 60,
            available_minutes: 10 * 60,
            used_text: "used".into(),
            available_text: "avail".into(),
            mark_text: "80%".into(),
            overage_text: "over 5 h".into(),
        };
        let svg = hours("H", &h, "none");
        well_formed(&svg);
        let avail = attr(tags(&svg, "available")[0], "width");
        let over = attr(tags(&svg, "overage")[0], "width");
        assert!((avail / over - 2.0).abs() < 0.01, "{avail} {over}");
        let mark = attr(tags(&svg, "mark")[0], "x1");
        assert!((mark - avail * 0.8).abs() < 0.1);
        assert!(svg.contains("over 5 h"));
        // Under the balance: no overage bar, no overage text.
        let svg = hours(
            "H",
            &Hours {
                used_minutes: 60,
                ..h
            },
            "none",
        );
        assert!(tags(&svg, "overage").is_empty() && !svg.contains("over 5 h"));
    }

    #[test]
    fn trend_draws_points_breaks_gaps_and_the_target() {
        let pts: Vec<TrendPoint> = [Some(100.0), Some(50.0), None, Some(0.0)]
            .iter()
            .enumerate()
            .map(|(i, v)| TrendPoint {
                label: format!("m{i}"),
                value: *v,
                value_text: format!("m{i}: {v:?}"),
            })
            .collect();
        let svg = trend("T", "<desc>", &pts, (95.0, "95 %"), "none");
        well_formed(&svg);
        assert!(svg.contains("<desc>&lt;desc&gt;</desc>"));
        let ys: Vec<f64> = tags(&svg, "point").iter().map(|t| attr(t, "cy")).collect();
        assert_eq!(ys, vec![32.0, 108.0, 184.0]);
        // Two months joined, then the gap, then a lone point: one polyline.
        assert_eq!(tags(&svg, "line").len(), 1);
        let target = attr(tags(&svg, "reference")[0], "y1");
        assert!((target - (184.0 - 152.0 * 0.95)).abs() < 0.1, "{target}");
        let empty: Vec<TrendPoint> = pts
            .iter()
            .map(|p| TrendPoint {
                value: None,
                ..p.clone()
            })
            .collect();
        assert_eq!(
            tags(&trend("T", "d", &empty, (95.0, "95"), "none"), "no-data").len(),
            1
        );
    }
}
