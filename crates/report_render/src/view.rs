//! The report as worded blocks: every label, number, date and chart already in the reader's
//! language and the client's zone. The HTML renders these blocks and the PDF's Typst template
//! renders the same blocks from JSON, so the two cannot drift apart (a test reads the PDF's
//! text for the HTML's strings). A section with no data is left out, never filled with zeros.

use domain::{Priority, user::Locale};
use jiff::tz::TimeZone;
use serde::Serialize;
use service::reports::model::{CampusFigures, MaintenanceRow, MonthlyReport, Outcomes};

use crate::{
    charts,
    fmt::{self, pct, pct1},
    texts::{code, t, ta},
};

#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// `es` / `en` (the document's language).
    pub lang: &'static str,
    pub title: String,
    pub client: String,
    pub month: String,
    pub period: String,
    pub generated: String,
    pub plans: Option<String>,
    pub partial: Option<String>,
    /// Before the page number in the PDF's footer.
    pub footer: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Stable, for the HTML's `id` and the tests: `compliance`, `breaches`, `pending`…
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Para {
        text: String,
        note: bool,
    },
    /// Label → value pairs.
    Facts {
        items: Vec<Fact>,
    },
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        /// Right-aligned (number) columns.
        numeric: Vec<bool>,
        /// The column that takes the remaining width (a subject), if any.
        wide: Option<usize>,
    },
    Chart {
        /// File name in the PDF's virtual file system (`charts/<id>.svg`).
        file: String,
        title: String,
        #[serde(skip)]
        svg: String,
    },
    /// A heading inside a section (one per campus).
    Sub {
        title: String,
        note: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

impl View {
    /// Every chart of the report: (file name, SVG).
    pub fn charts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .filter_map(|b| match b {
                Block::Chart { file, svg, .. } => Some((file.as_str(), svg.as_str())),
                _ => None,
            })
    }
}

fn fact(label: String, value: String) -> Fact {
    Fact { label, value }
}

fn table(
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: &[bool],
    wide: Option<usize>,
) -> Block {
    Block::Table {
        head,
        rows,
        numeric: numeric.to_vec(),
        wide,
    }
}

fn chart(id: String, title: String, svg: String) -> Block {
    Block::Chart {
        file: format!("charts/{id}.svg"),
        title,
        svg,
    }
}

fn para(text: String) -> Block {
    Block::Para { text, note: false }
}

fn note(text: String) -> Block {
    Block::Para { text, note: true }
}

/// The compliance percentage exactly as the report writes it ("95,5 %", "—").
pub fn compliance_text(l: Locale, o: &Outcomes) -> String {
    pct1(l, o.percent)
}

pub fn build(r: &MonthlyReport, l: Locale) -> View {
    let tz = fmt::zone(&r.client.time_zone);
    let zone_name = tz.iana_name().unwrap_or("UTC").to_string();
    let month = fmt::month(l, &r.month);
    let mut sections = vec![compliance(r, l)];
    sections.extend(breaches(r, l, &tz));
    sections.extend(pending(r, l, &tz));
    sections.push(tickets(r, l));
    sections.extend(resolution(r, l));
    sections.extend(paused(r, l));
    sections.extend(campuses(r, l, &tz));
    sections.extend(hours(r, l));
    sections.extend(quotes(r, l));
    View {
        lang: l.as_str(),
        title: t(l, "report-title"),
        client: r.client.name.clone(),
        period: ta(
            l,
            "report-period",
            &[
                ("from", fmt::day_of(l, &tz, &r.from)),
                // `to` is exclusive: the last day shown is the one before it.
                ("to", last_day(l, &tz, &r.to)),
                ("zone", zone_name),
            ],
        ),
        generated: ta(
            l,
            "report-generated",
            &[("at", fmt::when(l, &tz, &r.generated_at))],
        ),
        plans: (!r.client.plans.is_empty())
            .then(|| ta(l, "report-plans", &[("plans", r.client.plans.join(", "))])),
        partial: r.partial.then(|| t(l, "report-partial")),
        footer: ta(
            l,
            "report-footer",
            &[("client", r.client.name.clone()), ("month", month.clone())],
        ),
        month,
        sections,
    }
}

fn last_day(l: Locale, tz: &TimeZone, to: &str) -> String {
    match to.parse::<jiff::Timestamp>() {
        Ok(ts) => {
            let d = ts.to_zoned_datetime(tz.clone()).date();
            fmt::day(l, &d.yesterday().unwrap_or(d).to_string())
        }
        Err(_) => to.to_string(),
    }
}

fn prio(l: Locale, p: Priority) -> String {
    code(l, "priority", p.as_str())
}

fn compliance(r: &MonthlyReport, l: Locale) -> Section {
    let c = &r.compliance;
    let mut blocks = Vec::new();
    let total = &c.total;
    blocks.push(para(match total.percent {
        Some(p) => ta(
            l,
            "compliance-total",
            &[
                ("percent", pct(l, p, 1)),
                ("met", total.met.to_string()),
                ("counted", (total.met + total.breached).to_string()),
            ],
        ),
        None => t(l, "compliance-total-none"),
    }));
    let target = |p: Priority| {
        r.resolution
            .iter()
            .find(|x| x.priority == p)
            .map(|x| fmt::minutes(x.target_minutes))
            .unwrap_or_else(|| "—".to_string())
    };
    let rows = c
        .by_priority
        .iter()
        .map(|po| {
            let o = &po.outcomes;
            vec![
                prio(l, po.priority),
                target(po.priority),
                o.met.to_string(),
                o.breached.to_string(),
                o.pending.to_string(),
                compliance_text(l, o),
            ]
        })
        .collect();
    blocks.push(table(
        vec![
            t(l, "col-priority"),
            t(l, "col-target"),
            t(l, "col-met"),
            t(l, "col-breached"),
            t(l, "col-pending"),
            t(l, "col-compliance"),
        ],
        rows,
        &[false, true, true, true, true, true],
        None,
    ));
    let bars: Vec<charts::Bar> = c
        .by_priority
        .iter()
        .map(|po| charts::Bar {
            label: prio(l, po.priority),
            value: po.outcomes.percent,
            value_text: compliance_text(l, &po.outcomes),
            note: ta(
                l,
                "chart-n",
                &[("n", (po.outcomes.met + po.outcomes.breached).to_string())],
            ),
        })
        .collect();
    let title = t(l, "chart-compliance-title");
    let svg = charts::compliance(
        &title,
        &bars,
        &t(l, "chart-compliance-reference"),
        &t(l, "no-data"),
    );
    blocks.push(chart("compliance".into(), title, svg));
    blocks.push(note(t(l, "compliance-rule")));
    Section {
        id: "compliance",
        title: t(l, "compliance-title"),
        blocks,
    }
}

fn breaches(r: &MonthlyReport, l: Locale, tz: &TimeZone) -> Option<Section> {
    let b = &r.compliance.breaches;
    if b.is_empty() {
        return None;
    }
    // A client with several campuses wants to know which one each breach was about.
    let by_campus = r.campuses.len() > 1;
    let campus = |id: Option<i64>| {
        r.campuses
            .iter()
            .find(|c| Some(c.campus_id) == id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let rows = b
        .iter()
        .map(|x| {
            let mut row = vec![x.number.clone(), x.subject.clone()];
            if by_campus {
                row.push(campus(x.campus_id));
            }
            row.extend([
                prio(l, x.priority),
                fmt::when(l, tz, &x.due_at),
                match (&x.resolved_at, x.still_open) {
                    (Some(at), false) => fmt::when(l, tz, at),
                    _ => t(l, "still-open"),
                },
                fmt::minutes(x.late_by_minutes),
            ]);
            row
        })
        .collect();
    let mut head = vec![t(l, "col-ticket"), t(l, "col-subject")];
    if by_campus {
        head.push(t(l, "col-campus"));
    }
    head.extend([
        t(l, "col-priority"),
        t(l, "col-due"),
        t(l, "col-resolved"),
        t(l, "col-late-by"),
    ]);
    let mut numeric = vec![false; head.len()];
    if let Some(last) = numeric.last_mut() {
        *last = true;
    }
    Some(Section {
        id: "breaches",
        title: t(l, "breaches-title"),
        blocks: vec![table(head, rows, &numeric, Some(1))],
    })
}

fn pending(r: &MonthlyReport, l: Locale, tz: &TimeZone) -> Option<Section> {
    let p = &r.compliance.pending;
    if p.is_empty() {
        return None;
    }
    let rows = p
        .iter()
        .map(|x| {
            vec![
                x.number.clone(),
                x.subject.clone(),
                prio(l, x.priority),
                fmt::when(l, tz, &x.resolved_at),
                fmt::when(l, tz, &x.closes_at),
            ]
        })
        .collect();
    Some(Section {
        id: "pending",
        title: t(l, "pending-title"),
        blocks: vec![
            note(t(l, "pending-intro")),
            table(
                vec![
                    t(l, "col-ticket"),
                    t(l, "col-subject"),
                    t(l, "col-priority"),
                    t(l, "col-resolved-at"),
                    t(l, "col-closes-at"),
                ],
                rows,
                &[false, false, false, false, false],
                Some(1),
            ),
        ],
    })
}

fn tickets(r: &MonthlyReport, l: Locale) -> Section {
    let tk = &r.tickets;
    let mut blocks = vec![Block::Facts {
        items: vec![
            fact(t(l, "tickets-opened"), tk.opened.to_string()),
            fact(t(l, "tickets-resolved"), tk.resolved.to_string()),
            fact(t(l, "tickets-closed"), tk.closed.to_string()),
            fact(t(l, "tickets-open-at-end"), tk.open_at_end.to_string()),
        ],
    }];
    let count_head = |first: &str| {
        vec![
            t(l, first),
            t(l, "col-opened"),
            t(l, "col-resolved-count"),
            t(l, "col-closed"),
        ]
    };
    let count_rows = |rows: &[service::reports::model::CountRow], prefix: &str| {
        rows.iter()
            .map(|c| {
                vec![
                    code(l, prefix, &c.key),
                    c.opened.to_string(),
                    c.resolved.to_string(),
                    c.closed.to_string(),
                ]
            })
            .collect::<Vec<_>>()
    };
    if !tk.by_priority.is_empty() {
        blocks.push(table(
            count_head("col-priority"),
            count_rows(&tk.by_priority, "priority"),
            &[false, true, true, true],
            None,
        ));
    }
    if !tk.by_category.is_empty() {
        blocks.push(table(
            count_head("col-category"),
            count_rows(&tk.by_category, "category"),
            &[false, true, true, true],
            None,
        ));
        let title = t(l, "chart-categories-title");
        let data: Vec<(String, i64)> = tk
            .by_category
            .iter()
            .map(|c| (code(l, "category", &c.key), c.opened))
            .collect();
        let svg = charts::counts(&title, &data, &t(l, "no-data"));
        blocks.push(chart("categories".into(), title, svg));
    }
    Section {
        id: "tickets",
        title: t(l, "tickets-title"),
        blocks,
    }
}

fn resolution(r: &MonthlyReport, l: Locale) -> Option<Section> {
    if r.resolution.is_empty() {
        return None;
    }
    let opt = |m: Option<i64>| m.map(fmt::minutes).unwrap_or_else(|| "—".to_string());
    let rows = r
        .resolution
        .iter()
        .map(|x| {
            vec![
                prio(l, x.priority),
                fmt::minutes(x.target_minutes),
                x.resolved.to_string(),
                opt(x.median_minutes),
                opt(x.p90_minutes),
                x.within_target.to_string(),
            ]
        })
        .collect();
    Some(Section {
        id: "resolution",
        title: t(l, "resolution-title"),
        blocks: vec![
            note(t(l, "resolution-intro")),
            table(
                vec![
                    t(l, "col-priority"),
                    t(l, "col-target"),
                    t(l, "col-resolved-n"),
                    t(l, "col-median"),
                    t(l, "col-p90"),
                    t(l, "col-within"),
                ],
                rows,
                &[false, true, true, true, true, true],
                None,
            ),
        ],
    })
}

fn paused(r: &MonthlyReport, l: Locale) -> Option<Section> {
    let p = &r.paused;
    if p.tickets == 0 && p.waiting_on_client_minutes == 0 {
        return None;
    }
    Some(Section {
        id: "paused",
        title: t(l, "paused-title"),
        blocks: vec![Block::Facts {
            items: vec![
                fact(
                    t(l, "paused-minutes"),
                    fmt::minutes(p.waiting_on_client_minutes),
                ),
                fact(t(l, "paused-tickets"), p.tickets.to_string()),
            ],
        }],
    })
}

fn campuses(r: &MonthlyReport, l: Locale, tz: &TimeZone) -> Option<Section> {
    if r.campuses.is_empty() {
        return None;
    }
    let mut blocks = Vec::new();
    for c in &r.campuses {
        campus(&mut blocks, c, l, tz);
    }
    Some(Section {
        id: "campuses",
        title: t(l, "campuses-title"),
        blocks,
    })
}

fn maintenance_table(rows: &[MaintenanceRow], l: Locale, tz: &TimeZone) -> Block {
    table(
        vec![t(l, "col-when"), t(l, "col-kind"), t(l, "col-summary")],
        rows.iter()
            .map(|m| {
                vec![
                    fmt::when(l, tz, &m.at),
                    code(l, "maintenance", &m.kind),
                    m.summary.clone(),
                ]
            })
            .collect(),
        &[false, false, false],
        Some(2),
    )
}

fn campus(blocks: &mut Vec<Block>, c: &CampusFigures, l: Locale, tz: &TimeZone) {
    let hosting = t(
        l,
        if c.hosted_by_us {
            "campus-hosted"
        } else {
            "campus-not-hosted"
        },
    );
    blocks.push(Block::Sub {
        title: c.name.clone(),
        note: Some(format!("{} · {hosting}", c.url)),
    });
    if let Some(u) = &c.uptime {
        blocks.push(Block::Facts {
            items: vec![
                fact(
                    t(l, "uptime-percent"),
                    u.percent
                        .map(|p| pct(l, p, 2))
                        .unwrap_or_else(|| t(l, "uptime-none")),
                ),
                fact(t(l, "uptime-probes"), u.probes.to_string()),
                fact(t(l, "uptime-down"), fmt::minutes(u.down_minutes)),
            ],
        });
        let title = ta(l, "chart-uptime-title", &[("campus", c.name.clone())]);
        let days: Vec<(Option<f64>, String)> = u
            .days
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let value = v.map(|v| pct(l, v, 2)).unwrap_or_else(|| t(l, "no-data"));
                (
                    *v,
                    ta(
                        l,
                        "chart-uptime-day",
                        &[("day", (i + 1).to_string()), ("value", value)],
                    ),
                )
            })
            .collect();
        let legend = charts::StripLegend {
            good: t(l, "chart-uptime-legend-good"),
            fair: t(l, "chart-uptime-legend-fair"),
            bad: t(l, "chart-uptime-legend-bad"),
            none: t(l, "chart-uptime-legend-none"),
        };
        let svg = charts::uptime_strip(&title, &days, &legend, &t(l, "no-data"));
        blocks.push(chart(format!("uptime-{}", c.campus_id), title, svg));
        if !u.outages.is_empty() {
            blocks.push(Block::Sub {
                title: t(l, "outages-title"),
                note: None,
            });
            blocks.push(table(
                vec![
                    t(l, "col-outage-start"),
                    t(l, "col-outage-end"),
                    t(l, "col-outage-minutes"),
                    t(l, "col-outage-ticket"),
                ],
                u.outages
                    .iter()
                    .map(|o| {
                        vec![
                            fmt::when(l, tz, &o.started_at),
                            o.ended_at
                                .as_deref()
                                .map(|e| fmt::when(l, tz, e))
                                .unwrap_or_else(|| t(l, "outage-ongoing")),
                            fmt::minutes(o.minutes),
                            o.ticket_number.clone().unwrap_or_default(),
                        ]
                    })
                    .collect(),
                &[false, false, true, false],
                None,
            ));
        }
    }
    if let Some(b) = &c.backups {
        let mut items = vec![fact(
            t(l, "backups-title"),
            ta(
                l,
                "backups-done",
                &[
                    ("done", b.done.to_string()),
                    ("expected", b.expected.to_string()),
                ],
            ),
        )];
        if !b.missed.is_empty() {
            let days: Vec<String> = b.missed.iter().map(|d| fmt::day(l, d)).collect();
            items.push(fact(
                String::new(),
                ta(l, "backups-missed", &[("days", days.join(", "))]),
            ));
        }
        blocks.push(Block::Facts { items });
    }
    if !c.updates.is_empty() {
        blocks.push(Block::Sub {
            title: t(l, "updates-title"),
            note: None,
        });
        blocks.push(maintenance_table(&c.updates, l, tz));
    }
    if !c.upgrades.is_empty() {
        blocks.push(Block::Sub {
            title: t(l, "upgrades-title"),
            note: None,
        });
        blocks.push(maintenance_table(&c.upgrades, l, tz));
    }
    let u = &c.upgrade;
    let since = fmt::day(l, &u.eligible_since);
    let mut standing = Vec::new();
    if !u.platform_version.is_empty() {
        standing.push(ta(
            l,
            "upgrade-version",
            &[("version", u.platform_version.clone())],
        ));
    }
    if !u.eligible_since.is_empty() {
        let key = if u.eligible {
            "upgrade-eligible"
        } else {
            "upgrade-not-yet"
        };
        standing.push(ta(l, key, &[("since", since)]));
    }
    if !standing.is_empty() {
        blocks.push(para(standing.join(" ")));
    }
}

fn hours(r: &MonthlyReport, l: Locale) -> Option<Section> {
    let h = r.hours.as_ref()?;
    let mut items = vec![
        fact(t(l, "hours-available"), fmt::minutes(h.available_minutes)),
        fact(t(l, "hours-used"), fmt::minutes(h.used_minutes)),
        fact(t(l, "hours-left"), fmt::minutes(h.left_minutes)),
    ];
    if h.overage_minutes > 0 {
        items.push(fact(t(l, "hours-overage"), fmt::minutes(h.overage_minutes)));
    }
    if let Some(p) = h.percent_used {
        items.push(fact(t(l, "hours-percent"), pct(l, p as f64, 0)));
    }
    let title = t(l, "chart-hours-title");
    let svg = charts::hours(
        &title,
        &charts::Hours {
            used_minutes: h.used_minutes,
            available_minutes: h.available_minutes,
            used_text: format!("{}: {}", t(l, "hours-used"), fmt::minutes(h.used_minutes)),
            available_text: format!(
                "{}: {}",
                t(l, "hours-available"),
                fmt::minutes(h.available_minutes)
            ),
            mark_text: t(l, "chart-hours-mark"),
            overage_text: format!(
                "{}: {}",
                t(l, "hours-overage"),
                fmt::minutes(h.overage_minutes)
            ),
        },
        &t(l, "no-data"),
    );
    Some(Section {
        id: "hours",
        title: t(l, "hours-title"),
        blocks: vec![Block::Facts { items }, chart("hours".into(), title, svg)],
    })
}

fn quotes(r: &MonthlyReport, l: Locale) -> Option<Section> {
    let q = &r.quotes;
    if q.sent + q.approved + q.rejected + q.expired + q.pending == 0 {
        return None;
    }
    Some(Section {
        id: "quotes",
        title: t(l, "quotes-title"),
        blocks: vec![Block::Facts {
            items: vec![
                fact(t(l, "quotes-sent"), q.sent.to_string()),
                fact(t(l, "quotes-approved"), q.approved.to_string()),
                fact(t(l, "quotes-rejected"), q.rejected.to_string()),
                fact(t(l, "quotes-expired"), q.expired.to_string()),
                fact(t(l, "quotes-pending"), q.pending.to_string()),
            ],
        }],
    })
}
