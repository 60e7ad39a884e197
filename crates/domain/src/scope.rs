//! A ticket's contract scope as agents set it: `included`, `out_of_scope` with a reason code
//! (the seed's exclusions: custom programming, core changes, integrations with other systems,
//! the campus administrator's own tasks; plus what only hosted campuses get), or
//! `admin_hours` (paid from the client's administration hours). A free-text note may explain
//! any of them.

use serde::{Deserialize, Serialize};

use crate::{FieldError, limits, ticket::ScopeKind, ticket::bounded_text, ticket::text_enum};

text_enum!(
    /// Why work is out of the subscription.
    ScopeReason {
        CustomDevelopment = "custom_development",
        CoreModification = "core_modification",
        Integration = "integration",
        CampusAdministration = "campus_administration",
        NotHosted = "not_hosted",
        Other = "other",
    }
);

impl ScopeReason {
    /// The reason in plain words (English, like the API's other prose; pages say it in the
    /// reader's language).
    pub fn plain_words(self) -> &'static str {
        match self {
            ScopeReason::CustomDevelopment => "custom development (programming built to order)",
            ScopeReason::CoreModification => "a modification of the platform's core",
            ScopeReason::Integration => "an integration with another system",
            ScopeReason::CampusAdministration => {
                "campus administration (the administrator's own tasks: courses, contents, users)"
            }
            ScopeReason::NotHosted => "the service is only for campuses hosted on our servers",
            ScopeReason::Other => "other work the subscription does not include",
        }
    }
}

/// A checked scope: a reason exactly when out of scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub kind: ScopeKind,
    pub reason: Option<ScopeReason>,
    pub note: Option<String>,
}

impl Scope {
    /// The scope in plain words: "Out of scope: an integration with another system".
    pub fn plain_words(&self) -> String {
        match (self.kind, self.reason) {
            (ScopeKind::Included, _) => "Included in the subscription".into(),
            (ScopeKind::AdminHours, _) => "Paid from the campus administration hours".into(),
            (ScopeKind::OutOfScope, Some(r)) => format!("Out of scope: {}", r.plain_words()),
            (ScopeKind::OutOfScope, None) => "Out of scope".into(),
        }
    }
}

/// Checks a scope as submitted. `scope.reason` is required for `out_of_scope` and refused
/// for the other kinds (a reason there would say the opposite of the kind); `scope.note` is
/// optional text. Every error is returned, each naming its field.
pub fn parse_scope(
    kind: ScopeKind,
    reason: Option<ScopeReason>,
    note: Option<&str>,
) -> Result<Scope, Vec<FieldError>> {
    let mut errors = Vec::new();
    match (kind, reason) {
        (ScopeKind::OutOfScope, None) => errors.push(
            FieldError::new(
                "scope.reason",
                "required",
                "out_of_scope needs a reason: one of custom_development, core_modification, \
                 integration, campus_administration, not_hosted, other",
            )
            .with("allowed", allowed()),
        ),
        (ScopeKind::Included | ScopeKind::AdminHours, Some(_)) => errors.push(FieldError::new(
            "scope.reason",
            "reason_not_allowed",
            "only out_of_scope takes a reason (use note to explain)",
        )),
        _ => {}
    }
    let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
        None => None,
        Some(n) => match bounded_text("scope.note", n, limits::REASON_MAX) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    if errors.is_empty() {
        Ok(Scope { kind, reason, note })
    } else {
        Err(errors)
    }
}

fn allowed() -> String {
    ScopeReason::ALL
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_exactly_when_out_of_scope() {
        let ok = parse_scope(
            ScopeKind::OutOfScope,
            Some(ScopeReason::Integration),
            Some("  SIU  "),
        )
        .unwrap();
        assert_eq!(ok.note.as_deref(), Some("SIU"));
        assert_eq!(
            ok.plain_words(),
            "Out of scope: an integration with another system"
        );
        let e = parse_scope(ScopeKind::OutOfScope, None, None).unwrap_err();
        assert_eq!(
            (e[0].field.as_str(), e[0].code),
            ("scope.reason", "required")
        );
        let e = parse_scope(ScopeKind::Included, Some(ScopeReason::Other), None).unwrap_err();
        assert_eq!(e[0].code, "reason_not_allowed");
        let e = parse_scope(ScopeKind::AdminHours, None, Some(&"x".repeat(5000))).unwrap_err();
        assert_eq!((e[0].field.as_str(), e[0].code), ("scope.note", "too_long"));
        assert!(parse_scope(ScopeKind::AdminHours, None, Some("   ")).is_ok());
    }
}
