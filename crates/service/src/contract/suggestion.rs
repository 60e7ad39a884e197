//! The scope Atiende suggests when a ticket is opened (every channel: portal, API, mail, and
//! the tickets it opens itself), stored on the ticket with the rule and the client's words that
//! decided it. It never sets the scope: the ticket stays `included` until an agent accepts the
//! suggestion (one action) or sets another scope (an override); either is an event naming who
//! decided what. Only staff see it — client admins get neither the field nor the event.

use domain::{
    scope::Scope,
    scope_suggestion::{Decision, Rule, SuggestedClass, Suggestion, suggest},
    ticket::ScopeKind,
};
use serde::Serialize;
use store::tickets::TicketRow;
use utoipa::ToSchema;

use super::ScopeInput;
use crate::{
    Actor, Service, ServiceError, ServiceResult,
    tickets::{TicketEvent, TicketPatch, TicketView},
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScopeSuggestionView {
    /// `included`, `campus_administration`, `custom_development`, `integration`,
    /// `core_modification` or `not_hosted`.
    pub class: SuggestedClass,
    /// The scope accepting it sets.
    pub kind: ScopeKind,
    pub reason: Option<domain::scope::ScopeReason>,
    /// The rule that decided (`admin_task`, `plugin_install`, `server_not_hosted`…).
    pub rule: Rule,
    /// The client's words the rule matched, as written.
    pub matched: Option<String>,
    /// "Matched «crear 40 cursos»: asks for the campus administrator's own tasks…".
    pub explanation: String,
    /// `accepted` or `overridden` once an agent decided; absent while pending.
    pub decision: Option<Decision>,
}

/// Writes a suggestion into a ticket about to be inserted (public for the benchmark data
/// generator, whose copied tickets get their own words and so their own suggestion).
pub fn store_suggestion(row: &mut TicketRow, s: &Suggestion) {
    let (kind, reason) = s.class.scope();
    row.suggested_scope = Some(kind.as_str().into());
    row.suggested_reason = reason.map(|r| r.as_str().into());
    row.suggestion_rule = Some(s.rule.as_str().into());
    row.suggestion_match = s.matched.clone();
    row.suggestion_decision = None;
}

/// The stored suggestion; `None` on tickets opened before suggestions existed, or whose
/// stored values this version cannot read (then there is nothing sound to accept).
fn stored(row: &TicketRow) -> Option<Suggestion> {
    let kind = ScopeKind::parse(row.suggested_scope.as_deref()?)?;
    let reason = match row.suggested_reason.as_deref() {
        Some(r) => Some(domain::scope::ScopeReason::parse(r)?),
        None => None,
    };
    Some(Suggestion {
        class: SuggestedClass::from_scope(kind, reason)?,
        rule: Rule::parse(row.suggestion_rule.as_deref()?)?,
        matched: row.suggestion_match.clone(),
    })
}

/// The suggestion as staff read it; `None` for anyone else.
pub(crate) fn staff_suggestion(actor: &Actor, row: &TicketRow) -> Option<ScopeSuggestionView> {
    if !actor.is_staff() {
        return None; // TENANT: the suggestion is the provider's internal reading.
    }
    let s = stored(row)?;
    let (kind, reason) = s.class.scope();
    Some(ScopeSuggestionView {
        class: s.class,
        kind,
        reason,
        rule: s.rule,
        explanation: s.explanation(),
        matched: s.matched,
        decision: row.suggestion_decision.as_deref().and_then(Decision::parse),
    })
}

/// The decision a scope set by an agent amounts to, while the suggestion is pending.
pub(super) fn decide(row: &mut TicketRow, scope: &Scope) -> Option<TicketEvent> {
    if row.suggestion_decision.is_some() {
        return None;
    }
    let s = stored(row)?;
    let decision = if s.class.scope() == (scope.kind, scope.reason) {
        Decision::Accepted
    } else {
        Decision::Overridden
    };
    row.suggestion_decision = Some(decision.as_str().into());
    Some(TicketEvent::ScopeSuggestionDecided {
        suggested: s.class,
        rule: s.rule,
        decision,
        internal: true,
    })
}

impl Service {
    /// The suggestion for a ticket being opened on `campus` (its hosting decides `not_hosted`).
    pub(crate) async fn suggest_scope(
        &self,
        campus: Option<i64>,
        subject: &str,
        body: &str,
    ) -> ServiceResult<Suggestion> {
        let hosted = match campus {
            Some(c) => store::clients::get_campus(&self.db, c)
                .await?
                .map(|c| c.hosted_by_us),
            None => None,
        };
        Ok(suggest(subject, body, hosted))
    }

    /// An agent accepts the pending suggestion: the ticket's scope becomes the suggested one,
    /// recorded as a scope change and an `accepted` decision. 409 when there is none to accept
    /// (`no_scope_suggestion`) or it was decided already (`scope_suggestion_decided`).
    pub async fn accept_scope_suggestion(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<TicketView> {
        let (mut tx, mut row, now) = self.begin_change(actor, id).await?; // TENANT: 404 first
        actor.require_staff()?;
        let Some(s) = stored(&row) else {
            return Err(ServiceError::state(
                "no_scope_suggestion",
                "this ticket has no scope suggestion",
            ));
        };
        if row.suggestion_decision.is_some() {
            return Err(ServiceError::state(
                "scope_suggestion_decided",
                "the scope suggestion was already accepted or overridden",
            ));
        }
        let (kind, reason) = s.class.scope();
        let patch = TicketPatch {
            scope: Some(ScopeInput {
                kind,
                reason,
                note: None,
            }),
            ..TicketPatch::default()
        };
        let events = self.apply_patch(actor, &mut row, &patch, now).await?;
        let snap = self
            .record(&mut tx, &mut row, Some(actor.user_id), &events, now)
            .await?;
        tx.commit().await?;
        let suggestion = staff_suggestion(actor, &row);
        let mut view = self.view_from_snapshot(row, &snap).await?;
        view.scope_suggestion = suggestion;
        Ok(view)
    }
}
