//! The SLA badge every page shows (portal, queue, ticket view, dashboard): the state in words
//! and a countdown that `app.js` keeps moving only while the clock runs
//! (`data-running` mirrors `sla.clock_running`). One rule, so a ticket reads the same to the
//! client and to the agent.

use service::tickets::SlaView;

use super::i18n::Tr;

/// Everything `templates/sla_badge.html` needs, already translated.
pub struct SlaBadge {
    /// `sla-ok` … `sla-met`, or `sla-paused` (grey) while nothing counts: paused or closed.
    pub class: String,
    /// The state, plus why the countdown stands still ("En plazo · En pausa").
    pub label: String,
    /// The state alone, for the `title`.
    pub state_label: String,
    pub state: &'static str,
    pub remaining: i64,
    pub target: i64,
    pub running: bool,
    /// Server-rendered countdown text (the format `app.js` writes).
    pub text: String,
}

impl SlaBadge {
    /// `closed`: the ticket is final, so a clock that is neither met nor breached has stopped.
    pub fn of(t: &Tr, sla: &SlaView, closed: bool) -> SlaBadge {
        let state = sla.state.as_str();
        let state_label = t.label("sla-state", state);
        let still = state != "met" && (sla.paused || closed);
        let why = if state == "met" {
            None
        } else if sla.paused {
            Some(t.t("sla-paused"))
        } else if closed || !sla.clock_running {
            Some(t.t("sla-stopped"))
        } else {
            None
        };
        SlaBadge {
            class: if still {
                "sla-paused".into()
            } else {
                format!("sla-{state}")
            },
            label: match why {
                Some(w) => format!("{state_label} · {w}"),
                None => state_label.clone(),
            },
            state_label,
            state,
            remaining: sla.remaining_seconds,
            target: sla.target_seconds,
            running: sla.clock_running,
            text: t.duration(sla.remaining_seconds),
        }
    }
}
