//! A ticket's scope as the API shows and takes it: the kind, the reason code (out of scope
//! only), an optional note, and the scope in plain words. Setting it goes through
//! [`apply_scope`], which also records an agent's decision about the suggestion.

use domain::{
    FieldError,
    scope::{Scope, ScopeReason, parse_scope},
    ticket::ScopeKind,
};
use serde::{Deserialize, Serialize};
use store::tickets::TicketRow;
use utoipa::ToSchema;

use super::suggestion;
use crate::{ServiceError, ServiceResult, tickets::TicketEvent};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScopeView {
    pub kind: ScopeKind,
    /// Why the work is not included (set exactly when `kind` is `out_of_scope`).
    pub reason: Option<ScopeReason>,
    /// The agent's own words about the scope, if any.
    pub note: Option<String>,
    /// The scope in plain words: "Out of scope: campus administration (the administrator's
    /// own tasks: courses, contents, users)".
    pub explanation: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeInput {
    pub kind: ScopeKind,
    /// Required for `out_of_scope`, refused for the other kinds: custom_development,
    /// core_modification, integration, campus_administration, not_hosted, other.
    pub reason: Option<ScopeReason>,
    /// Optional text explaining the scope (any kind).
    pub note: Option<String>,
}

fn corrupt(id: i64, column: &str, value: &str) -> ServiceError {
    ServiceError::Internal(format!(
        "ticket {id}: stored {column} {value:?} is not valid"
    ))
}

/// The stored scope of a ticket.
pub(crate) fn stored_scope(row: &TicketRow) -> ServiceResult<Scope> {
    let kind = ScopeKind::parse(&row.scope).ok_or_else(|| corrupt(row.id, "scope", &row.scope))?;
    let reason = match row.scope_reason.as_deref() {
        None => None,
        Some(r) => Some(ScopeReason::parse(r).ok_or_else(|| corrupt(row.id, "scope_reason", r))?),
    };
    Ok(Scope {
        kind,
        reason,
        note: row.scope_note.clone(),
    })
}

pub(crate) fn scope_view(row: &TicketRow) -> ServiceResult<ScopeView> {
    let s = stored_scope(row)?;
    Ok(ScopeView {
        explanation: s.plain_words(),
        kind: s.kind,
        reason: s.reason,
        note: s.note,
    })
}

/// Sets a ticket's scope (staff, checked by the caller) and returns its events: the change
/// and, while the suggestion is undecided, the decision it amounts to (the same scope as the
/// suggestion accepts it, another overrides it). Errors name `scope.reason` / `scope.note`.
pub(crate) fn apply_scope(
    row: &mut TicketRow,
    input: &ScopeInput,
) -> Result<Vec<TicketEvent>, Vec<FieldError>> {
    let scope = parse_scope(input.kind, input.reason, input.note.as_deref())?;
    row.scope = scope.kind.as_str().into();
    row.scope_reason = scope.reason.map(|r| r.as_str().into());
    row.scope_note = scope.note.clone();
    let mut events = vec![TicketEvent::ScopeChanged {
        scope: scope.kind,
        reason: scope.reason.map(|r| r.as_str().into()),
        note: scope.note.clone(),
    }];
    events.extend(suggestion::decide(row, &scope));
    Ok(events)
}
