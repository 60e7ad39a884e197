//! The SLA badge as the portal shows it: state label and a countdown that `app.js` keeps
//! moving only while the clock runs (`data-running` mirrors `sla.clock_running`).

use service::tickets::{SlaView, projection::SlaStateView};

use crate::ui::i18n::Tr;

/// Everything the badge markup needs, already translated.
pub(super) struct SlaBadge {
    /// `sla-ok` … `sla-met`, or `sla-paused` while the ticket waits (on the client, or resolved).
    pub class: &'static str,
    pub label: String,
    /// The state's own label, for the `title` (a paused ticket may still be breached).
    pub state_label: String,
    pub state: &'static str,
    pub remaining: i64,
    pub running: bool,
    pub target: i64,
    /// Server-rendered countdown text (the same format `app.js` writes).
    pub text: String,
    /// Due instant in the user's zone.
    pub due: String,
}

impl SlaBadge {
    /// `closed`: the ticket is final, so an ok/warning clock is shown as stopped, not paused.
    pub fn of(t: &Tr, sla: &SlaView, closed: bool) -> SlaBadge {
        let state = match sla.state {
            SlaStateView::Ok => "ok",
            SlaStateView::Warning => "warning",
            SlaStateView::Breached => "breached",
            SlaStateView::Met => "met",
        };
        let state_label = t.label("sla-state", state);
        let paused = sla.paused && state != "met";
        let (class, label) = if closed && matches!(state, "ok" | "warning") {
            ("sla-paused", t.t("sla-stopped"))
        } else if paused && !closed {
            let label = if state == "breached" {
                format!("{} · {}", t.t("sla-paused"), state_label)
            } else {
                t.t("sla-paused")
            };
            ("sla-paused", label)
        } else {
            let class = match state {
                "ok" => "sla-ok",
                "warning" => "sla-warning",
                "breached" => "sla-breached",
                _ => "sla-met",
            };
            (class, state_label.clone())
        };
        SlaBadge {
            class,
            label,
            state_label,
            state,
            remaining: sla.remaining_seconds,
            running: sla.clock_running,
            target: sla.target_seconds,
            text: t.duration(sla.remaining_seconds),
            due: t.datetime(&sla.due_at),
        }
    }
}
