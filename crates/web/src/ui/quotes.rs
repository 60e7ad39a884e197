//! What the console and the portal both say about quotes: one quote as lines of text, refusals
//! in the reader's language, and the history lines of the quote events.
//!
//! Labels and reasons come from `locales/*/quotes.ftl` first (`quote-field-*`, `quote-err-*`),
//! then from the shared tables (`feedback`), so no key of another area is redefined here.

use domain::quote::QuoteState;
use serde_json::Value;
use service::{
    ServiceError,
    quotes::{QuoteView, text},
};

use super::{feedback, i18n::Tr};

/// One quote, ready to print.
pub struct QuoteLine {
    pub id: i64,
    /// `pending`, `approved`… (also the element's `data-state`).
    pub state: &'static str,
    pub state_label: String,
    /// The badge's colour class (shared SLA colours: no stylesheet of its own).
    pub badge: &'static str,
    pub description: String,
    pub hours: String,
    pub amount: String,
    pub valid_until: String,
    /// "Enviado el 02/11/2026 10:00 por Ana" (the sender named for staff only).
    pub sent: String,
    /// "Aprobado el … por …", "Venció el …", empty while pending.
    pub decided: String,
    pub reason: String,
    pub pending: bool,
}

impl QuoteLine {
    pub fn of(t: &Tr, q: &QuoteView) -> QuoteLine {
        let state = q.state.as_str();
        let mut sent = t.t1("quote-sent-on", "at", t.datetime(&q.created_at));
        if let Some(who) = &q.created_by_name {
            sent.push_str(&format!(" · {who}"));
        }
        let decided = match (&q.decided_at, q.state) {
            (Some(at), s) if s != QuoteState::Pending => {
                let mut x = t.t1(
                    &format!("quote-decided-{}", state.replace('_', "-")),
                    "at",
                    t.datetime(at),
                );
                if let Some(who) = &q.decided_by_name {
                    x.push_str(&format!(" · {who}"));
                }
                if let Some(n) = q.replaced_by {
                    x.push_str(&format!(" · {}", t.t1("quote-replaced-by", "id", n)));
                }
                x
            }
            _ => String::new(),
        };
        QuoteLine {
            id: q.id,
            state,
            state_label: t.label("quote-state", state),
            badge: match q.state {
                QuoteState::Pending => "sla-warning",
                QuoteState::Approved => "sla-ok",
                QuoteState::Rejected => "sla-breached",
                QuoteState::Expired | QuoteState::Withdrawn => "sla-paused",
            },
            description: q.description.clone(),
            hours: text::hours(q.minutes),
            amount: text::amount(t.locale, q.amount_minor, &q.currency),
            valid_until: text::date(t.locale, &q.valid_until),
            sent,
            decided,
            reason: q.reason.clone().unwrap_or_default(),
            pending: q.state == QuoteState::Pending,
        }
    }
}

/// A refusal as sentences in the reader's language: each field error "Label: reason", or the
/// lifecycle rule; `None` for errors that are not the user's to fix (error pages).
pub fn explain(t: &Tr, e: &ServiceError) -> Option<Vec<String>> {
    match e {
        ServiceError::Invalid(errs) => Some(
            errs.iter()
                .map(|f| {
                    let key = f.field.replace(['.', '_'], "-");
                    let label = t
                        .try_t(&format!("quote-field-{key}"))
                        .or_else(|| feedback::field_label(t, &f.field));
                    let reason = t
                        .try_t_args(&format!("quote-err-{}", f.code.replace('_', "-")), &f.args)
                        .filter(|s| !s.contains("{$"))
                        .unwrap_or_else(|| feedback::reason(t, f));
                    match label {
                        Some(l) => format!("{l}: {reason}"),
                        None => reason,
                    }
                })
                .collect(),
        ),
        other => feedback::service_message(t, other).map(|m| vec![m]),
    }
}

fn s<'a>(d: &'a Value, k: &str) -> &'a str {
    d.get(k).and_then(Value::as_str).unwrap_or("")
}

fn id(d: &Value, k: &str) -> Option<i64> {
    d.get(k).and_then(Value::as_i64)
}

/// The detail of a `quote_*` history line ("#3 · 12 h · ARS 150.000,00 · válido hasta …").
pub fn history_detail(t: &Tr, kind: &str, d: &Value) -> String {
    let quote = id(d, "quote_id")
        .map(|n| format!("#{n}"))
        .unwrap_or_default();
    match kind {
        "quote_sent" => {
            let mut x = format!(
                "{quote} · {} · {} · {}",
                text::hours(id(d, "minutes").unwrap_or(0)),
                text::amount(
                    t.locale,
                    id(d, "amount_minor").unwrap_or(0),
                    s(d, "currency")
                ),
                t.t1(
                    "quote-valid-until-short",
                    "date",
                    text::date(t.locale, s(d, "valid_until"))
                )
            );
            if let Some(n) = id(d, "replaces") {
                x.push_str(&format!(" ({})", t.t1("quote-replaces", "id", n)));
            }
            x
        }
        "quote_rejected" if !s(d, "reason").is_empty() => format!("{quote} ({})", s(d, "reason")),
        "quote_withdrawn" => match id(d, "replaced_by") {
            Some(n) => format!("{quote} ({})", t.t1("quote-replaced-by", "id", n)),
            None => quote,
        },
        _ => quote,
    }
}
