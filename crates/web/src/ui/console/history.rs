//! The event log read for people: one line per event in the reader's language, and the
//! SLA pause intervals derived from status changes into/out of waiting_on_client/resolved.

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::Value;
use service::tickets::EventView;

use crate::ui::i18n::Tr;

pub struct Line {
    pub at: String,
    pub who: String,
    pub text: String,
}

pub struct Pause {
    pub reason: String,
    pub from: String,
    /// Empty while the pause is still going on.
    pub to: String,
    pub length: String,
}

fn s<'a>(d: &'a Value, k: &str) -> &'a str {
    d.get(k).and_then(Value::as_str).unwrap_or("")
}

/// "Alta → Media" from an event's `from`/`to` enum values.
fn change(t: &Tr, group: &str, d: &Value) -> String {
    format!(
        "{} → {}",
        t.label(group, s(d, "from")),
        t.label(group, s(d, "to"))
    )
}

fn line_text(t: &Tr, e: &EventView, users: &HashMap<i64, String>) -> String {
    let d = &e.data;
    let head = t.t(&format!("event-{}", e.kind.replace('_', "-")));
    let user = |k: &str| {
        d.get(k)
            .and_then(Value::as_i64)
            .map(|id| users.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
            .unwrap_or_else(|| t.t("console-unassigned"))
    };
    let detail = match e.kind.as_str() {
        "created" => format!(
            "{} · {} · {}",
            t.label("priority", s(d, "priority")),
            t.label("category", s(d, "category")),
            s(d, "policy")
        ),
        "priority_changed" => {
            let mut x = change(t, "priority", d);
            if !s(d, "reason").is_empty() {
                x.push_str(&format!(" ({}: {})", t.t("console-reason"), s(d, "reason")));
            }
            x
        }
        "status_changed" => {
            let mut x = change(t, "status", d);
            if d.get("auto").and_then(Value::as_bool) == Some(true) {
                x.push_str(&format!(" ({})", t.t("console-automatic")));
            }
            x
        }
        "category_changed" => change(t, "category", d),
        "scope_changed" => crate::ui::contract::scope_changed_line(t, d),
        "scope_suggestion_decided" => crate::ui::contract::suggestion_decided_line(t, d),
        "assignee_changed" => format!("{} → {}", user("from"), user("to")),
        "tags_changed" => d
            .get("tags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        "subject_changed" => s(d, "subject").to_string(),
        "message_added" => t.t(
            if d.get("internal").and_then(Value::as_bool) == Some(true) {
                "console-internal-note"
            } else {
                "console-public-reply"
            },
        ),
        "attachment_added" => s(d, "filename").to_string(),
        "visibility_changed" => t.t(
            if d.get("staff_only").and_then(Value::as_bool) == Some(true) {
                "maint-event-hidden"
            } else {
                "maint-event-published"
            },
        ),
        k if k.starts_with("quote_") => crate::ui::quotes::history_detail(t, k, d),
        "time_logged" | "time_changed" | "time_removed" => {
            crate::ui::hours_view::time_event(t, d, users)
        }
        _ => String::new(),
    };
    if detail.is_empty() {
        head
    } else {
        format!("{head}: {detail}")
    }
}

pub fn lines(t: &Tr, events: &[EventView], users: &HashMap<i64, String>) -> Vec<Line> {
    events
        .iter()
        .map(|e| Line {
            at: t.datetime(&e.at),
            who: e
                .actor_id
                .map(|id| users.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
                .unwrap_or_else(|| t.t("console-system")),
            text: line_text(t, e, users),
        })
        .collect()
}

fn pausing(status: &str) -> bool {
    matches!(status, "waiting_on_client" | "resolved")
}

/// Pause intervals: a status change into a pausing status opens one, any change out of it
/// (including closing, which freezes the clock for good) ends it. An open one runs until `now`.
pub fn pauses(t: &Tr, events: &[EventView], now: Timestamp) -> Vec<Pause> {
    let mut out = Vec::new();
    let mut open: Option<(String, Timestamp, String)> = None;
    let finish = |(reason, from, at): (String, Timestamp, String),
                  to: Option<(Timestamp, &str)>| {
        let end = to.map(|(ts, _)| ts).unwrap_or(now);
        Pause {
            reason: t.label("status", &reason),
            from: t.datetime(&at),
            to: to.map(|(_, s)| t.datetime(s)).unwrap_or_default(),
            length: t.duration(end.duration_since(from).as_secs()),
        }
    };
    for e in events.iter().filter(|e| e.kind == "status_changed") {
        let Ok(at) = e.at.parse::<Timestamp>() else {
            continue;
        };
        let to = s(&e.data, "to");
        if let Some(p) = open.take_if(|(reason, _, _)| reason != to) {
            out.push(finish(p, Some((at, &e.at))));
        }
        if pausing(to) && open.is_none() {
            open = Some((to.to_string(), at, e.at.clone()));
        }
    }
    if let Some(p) = open {
        out.push(finish(p, None));
    }
    out
}
