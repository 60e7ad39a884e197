//! Ticket vocabulary: category, status, scope and the public number.

use serde::{Deserialize, Serialize};

use crate::{FieldError, ids::TicketId, limits};

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),* } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// The seed's help-desk services.
    Category { Functional = "functional", Technical = "technical", Administrative = "administrative",
               Commercial = "commercial", Complaint = "complaint" }
);

text_enum!(
    /// Ticket lifecycle. `WaitingOnClient` and `Resolved` pause the SLA clock; `Closed` is final.
    Status { New = "new", Open = "open", WaitingOnClient = "waiting_on_client",
             Resolved = "resolved", Closed = "closed" }
);

text_enum!(
    /// Contract scope of the work a ticket asks for (seed: custom work is not included).
    ScopeKind { Included = "included", OutOfScope = "out_of_scope", AdminHours = "admin_hours" }
);

impl Status {
    /// Is this a status in which the SLA clock is paused?
    pub fn pauses_clock(self) -> Option<crate::sla::PauseReason> {
        match self {
            Status::WaitingOnClient => Some(crate::sla::PauseReason::WaitingOnClient),
            Status::Resolved => Some(crate::sla::PauseReason::Resolved),
            _ => None,
        }
    }
}

/// The public ticket number `T-0000123`, derived from the global id sequence.
pub fn ticket_number(id: TicketId) -> String {
    format!("T-{:07}", id.0)
}

/// Parses `T-0000123` (or a bare `123`) back to an id.
pub fn parse_ticket_ref(s: &str) -> Option<TicketId> {
    let digits = s.strip_prefix("T-").unwrap_or(s);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(TicketId)
}

/// A trimmed, non-empty, single-line subject of bounded length.
pub fn parse_subject(s: &str) -> Result<String, FieldError> {
    single_line("subject", s, limits::SUBJECT_MAX)
}

/// Multi-line text (bodies, reasons): trimmed, non-empty, at most `max` characters. Line
/// breaks and tabs are text; NUL and every other control character are refused, because
/// PostgreSQL cannot store NUL and the rest only ever arrive by mistake or by malice.
pub fn bounded_text(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    check_chars(field, s, true)?;
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, "required", "must not be empty"));
    }
    if t.chars().count() > max {
        return Err(
            FieldError::new(field, "too_long", format!("at most {max} characters"))
                .with("max", max),
        );
    }
    Ok(t.to_string())
}

/// Single-line text (subjects, names, titles, tags): as [`bounded_text`], and no line break
/// or tab either — these values end up in lists, headers and e-mail subjects.
pub fn single_line(field: &str, s: &str, max: usize) -> Result<String, FieldError> {
    check_chars(field, s, false)?;
    bounded_text(field, s, max)
}

/// Refuses NUL anywhere and any other control character (C0, DEL, C1), except `\n`, `\r`
/// and `\t` when `multiline`. Names the field and the character so the user can find it.
pub fn check_chars(field: &str, s: &str, multiline: bool) -> Result<(), FieldError> {
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    match s.chars().find(|c| c.is_control() && !allowed(*c)) {
        None => Ok(()),
        Some(c) => Err(FieldError::new(
            field,
            "control_character",
            format!(
                "must not contain control characters (found U+{:04X})",
                u32::from(c)
            ),
        )),
    }
}

/// Tags: lower-case, trimmed, unique, bounded.
pub fn parse_tags(tags: &[String]) -> Result<Vec<String>, FieldError> {
    if tags.len() > limits::TAGS_MAX {
        return Err(FieldError::new(
            "tags",
            "too_many",
            format!("at most {} tags", limits::TAGS_MAX),
        )
        .with("max", limits::TAGS_MAX));
    }
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for (i, t) in tags.iter().enumerate() {
        let t = single_line(&format!("tags[{i}]"), t, limits::TAG_MAX)?.to_lowercase();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_round_trip() {
        assert_eq!(ticket_number(TicketId(123)), "T-0000123");
        assert_eq!(parse_ticket_ref("T-0000123"), Some(TicketId(123)));
        assert_eq!(parse_ticket_ref("T-"), None);
        assert_eq!(parse_ticket_ref("T-12a"), None);
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(
            parse_tags(&["Moodle ".into(), "moodle".into()]).unwrap(),
            vec!["moodle"]
        );
        assert!(parse_tags(&["".into()]).is_err());
    }

    #[test]
    fn control_characters() {
        assert!(bounded_text("body", "a\nb\r\n\tc", 100).is_ok());
        for bad in ["a\0b", "a\u{7f}b", "a\u{1b}b", "a\u{85}b"] {
            let e = bounded_text("body", bad, 100).unwrap_err();
            assert_eq!((e.field.as_str(), e.code), ("body", "control_character"));
        }
        for bad in ["a\nb", "a\tb", "a\rb", "a\0b"] {
            assert_eq!(parse_subject(bad).unwrap_err().field, "subject");
        }
        assert!(parse_subject("Sin acceso al aula").is_ok());
    }
}
