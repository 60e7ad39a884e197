//! The contract as pages show it, in the reader's language:
//! - [`CoverageBlock`]: what one campus gets of its plan (`templates/contract/_coverage.html`,
//!   with the block named `cov` and `t` in scope) — the admin campus and client pages, the
//!   console campus page and the portal campus page all include the same partial;
//! - [`scope_words`]: a ticket's scope in plain words ("Fuera del abono: administración del
//!   campus (…)"), for the client in the portal and for staff in the console;
//! - [`SuggestionPanel`]: the scope Atiende suggested, why, and the agent's decision (console,
//!   `templates/contract/_suggestion.html`);
//! - the history lines of scope changes and suggestion decisions.

use domain::{
    contract::Coverage,
    scope::ScopeReason,
    scope_suggestion::{Decision, SuggestedClass},
    ticket::ScopeKind,
};
use serde_json::Value;
use service::{
    Actor, Service, ServiceResult,
    contract::{CampusCoverage, ScopeSuggestionView, ScopeView},
};

use super::i18n::Tr;

/// One service of a campus's contract.
pub struct CoverageLine {
    pub service: &'static str,
    pub label: String,
    pub included: bool,
    /// `included`, `not_in_plan`, `not_hosted` (a `data-` attribute for tests and styling).
    pub status: &'static str,
    pub status_label: String,
    /// Why not, when not included.
    pub why: String,
}

pub struct CoverageBlock {
    pub campus_id: i64,
    pub url: String,
    /// The heading names the campus (the client page lists several).
    pub show_url: bool,
    pub hosted: bool,
    /// "Plan: Abono mensual · 10 h de administración por mes".
    pub plan_line: String,
    pub lines: Vec<CoverageLine>,
}

fn key(code: &str) -> String {
    code.replace('_', "-")
}

impl CoverageBlock {
    pub fn of(t: &Tr, c: &CampusCoverage, show_url: bool) -> CoverageBlock {
        let lines = c
            .services
            .iter()
            .map(|s| {
                let included = s.coverage == Coverage::Included;
                CoverageLine {
                    service: s.service.as_str(),
                    label: t.t(&format!("contract-service-{}", key(s.service.as_str()))),
                    included,
                    status: s.coverage.as_str(),
                    status_label: t.t(if included {
                        "contract-included"
                    } else {
                        "contract-not-included"
                    }),
                    why: match s.coverage {
                        Coverage::Included => String::new(),
                        Coverage::NotInPlan => t.t("contract-why-not-in-plan"),
                        Coverage::NotHosted => t.t("contract-why-not-hosted"),
                    },
                }
            })
            .collect();
        let args = [
            ("plan", c.plan.name.clone()),
            ("hours", c.plan.admin_hours_per_month.to_string()),
        ];
        CoverageBlock {
            campus_id: c.campus_id,
            url: c.url.clone(),
            show_url,
            hosted: c.hosted_by_us,
            plan_line: t
                .try_t_args("contract-plan-line", &args)
                .unwrap_or_default(),
            lines,
        }
    }

    /// One campus's block (404 for a campus the reader may not see).
    pub async fn campus(svc: &Service, a: &Actor, t: &Tr, id: i64) -> ServiceResult<Self> {
        Ok(CoverageBlock::of(
            t,
            &svc.campus_coverage(a, id).await?,
            false,
        ))
    }

    /// A block per campus of a client, each naming its campus.
    pub async fn client(svc: &Service, a: &Actor, t: &Tr, id: i64) -> ServiceResult<Vec<Self>> {
        let c = svc.client_coverage(a, id).await?;
        Ok(c.campuses.iter().map(|c| Self::of(t, c, true)).collect())
    }
}

/// A reason code in words: "administración del campus (tareas del administrador: …)".
fn reason_words(t: &Tr, r: ScopeReason) -> String {
    t.label("scope-reason", r.as_str())
}

/// A scope in plain words, from its kind and reason.
fn kind_words(t: &Tr, kind: ScopeKind, reason: Option<ScopeReason>) -> String {
    match (kind, reason) {
        (ScopeKind::Included, _) => t.t("contract-scope-included"),
        (ScopeKind::AdminHours, _) => t.t("contract-scope-admin-hours"),
        (ScopeKind::OutOfScope, Some(r)) => {
            t.t1("contract-scope-out", "reason", reason_words(t, r))
        }
        (ScopeKind::OutOfScope, None) => t.label("scope", "out_of_scope"),
    }
}

/// A ticket's scope in plain words, with the agent's note when there is one.
pub fn scope_words(t: &Tr, s: &ScopeView) -> String {
    let words = kind_words(t, s.kind, s.reason);
    match &s.note {
        Some(n) => format!("{words}. {n}"),
        None => words,
    }
}

/// The suggestion on the console's ticket page.
pub struct SuggestionPanel {
    /// What accepting it sets, in words.
    pub scope: String,
    /// "Coincide con «crear 40 cursos»: pide tareas del administrador del campus…".
    pub why: String,
    /// Pending: the accept button shows.
    pub pending: bool,
    /// "Aceptada" / "Reemplazada por otro alcance" once decided.
    pub decision: String,
}

impl SuggestionPanel {
    pub fn of(t: &Tr, s: &ScopeSuggestionView) -> SuggestionPanel {
        let rule = t.t(&format!("contract-rule-{}", key(s.rule.as_str())));
        SuggestionPanel {
            scope: kind_words(t, s.kind, s.reason),
            why: match &s.matched {
                Some(m) => t
                    .try_t_args(
                        "contract-why-matched",
                        &[("words", m.clone()), ("rule", rule)],
                    )
                    .unwrap_or_default(),
                None => rule,
            },
            pending: s.decision.is_none(),
            decision: match s.decision {
                None => String::new(),
                Some(d) => t.t(&format!("contract-decision-{}", d.as_str())),
            },
        }
    }
}

fn s<'a>(d: &'a Value, k: &str) -> &'a str {
    d.get(k).and_then(Value::as_str).unwrap_or("")
}

/// A `scope_changed` event: "Fuera de alcance — integración con otros sistemas (nota)". Events
/// before migration 0018 carry free text as `reason`: it is shown as written.
pub fn scope_changed_line(t: &Tr, d: &Value) -> String {
    let mut x = t.label("scope", s(d, "scope"));
    let reason = s(d, "reason");
    match ScopeReason::parse(reason) {
        Some(r) => x.push_str(&format!(" — {}", reason_words(t, r))),
        None if !reason.is_empty() => x.push_str(&format!(" ({reason})")),
        None => {}
    }
    if !s(d, "note").is_empty() {
        x.push_str(&format!(" ({})", s(d, "note")));
    }
    x
}

/// A `scope_suggestion_decided` event: "aceptada: administración del campus (…)".
pub fn suggestion_decided_line(t: &Tr, d: &Value) -> String {
    let suggested = SuggestedClass::parse(s(d, "suggested"))
        .map(|c| {
            let (k, r) = c.scope();
            kind_words(t, k, r)
        })
        .unwrap_or_default();
    let decision = Decision::parse(s(d, "decision"))
        .map(|d| t.t(&format!("contract-decision-{}", d.as_str())))
        .unwrap_or_default();
    format!("{decision}: {suggested}")
}
