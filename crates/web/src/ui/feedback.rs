//! Refusals in the user's language. A `FieldError`'s `message` is English for API clients; a page
//! never prints it. It says the same thing from the error's `field` (a label, `field-*` keys),
//! its `code` (`err-*` keys) and its `args` (the Fluent variables), so portal, console and admin
//! forms all read alike and no English leaks into a Spanish page. A lifecycle refusal
//! (`ServiceError::State`) is said from its code (`state-*` keys).
//!
//! Every page that shows a refusal goes through [`field_error`] / [`service_message`]; new codes
//! and fields need their keys in `locales/*/errors.ftl` (a unit test lists the known ones).

use domain::FieldError;
use service::ServiceError;

use super::i18n::Tr;

/// The field's label in the user's language, or `None` for a field with no label (the
/// message then stands alone). Indices are dropped (`contact_emails[2]` → "Correos de
/// contacto"), a use case's prefix too (`spec.time_zone` → "Huso horario").
pub fn field_label(t: &Tr, field: &str) -> Option<String> {
    let plain: String = {
        let mut out = String::with_capacity(field.len());
        let mut in_index = false;
        for c in field.chars() {
            match c {
                '[' => in_index = true,
                ']' => in_index = false,
                c if !in_index => out.push(c),
                _ => {}
            }
        }
        out
    };
    let plain = plain.strip_prefix("spec.").unwrap_or(&plain);
    let parts: Vec<&str> = plain.split('.').collect();
    match parts.as_slice() {
        ["targets", prio, ..] => Some(t.t1("field-target", "priority", t.label("priority", prio))),
        ["weekly", day] => t.try_t(&format!("admin-day-{day}")),
        _ => t.try_t(&format!("field-{}", plain.replace(['.', '_'], "-"))),
    }
}

/// What is wrong, without the field: "admite como máximo 200 caracteres".
pub fn reason(t: &Tr, e: &FieldError) -> String {
    let key = format!("err-{}", e.code.replace('_', "-"));
    let said = t
        .try_t_args(&key, &e.args)
        // A message whose variables the error did not carry would show `{$max}`: say less.
        .filter(|s| !s.contains("{$"));
    said.or_else(|| t.try_t(&format!("{key}-bare")))
        .unwrap_or_else(|| t.t("err-invalid"))
}

/// "Asunto: es obligatorio." — what a form shows for one error.
pub fn field_error(t: &Tr, e: &FieldError) -> String {
    match field_label(t, &e.field) {
        Some(label) => format!("{label}: {}", reason(t, e)),
        None => capitalize(&reason(t, e)),
    }
}

pub fn field_errors(t: &Tr, errs: &[FieldError]) -> Vec<String> {
    errs.iter().map(|e| field_error(t, e)).collect()
}

/// Like [`field_errors`], for a page whose form labels a field its own way: the label is the
/// area's `{area}-field-*` key when there is one (the console's "Mensaje" for `body`, where
/// the general label is "Texto"), so the refusal names the field the user sees.
pub fn field_errors_in(t: &Tr, area: &str, errs: &[FieldError]) -> Vec<String> {
    errs.iter()
        .map(|e| {
            let own = t.try_t(&format!(
                "{area}-field-{}",
                e.field.replace(['.', '_'], "-")
            ));
            match own {
                Some(label) => format!("{label}: {}", reason(t, e)),
                None => field_error(t, e),
            }
        })
        .collect()
}

/// A lifecycle refusal's text from its code; an unknown code gets a general sentence.
pub fn state_message(t: &Tr, code: &str) -> String {
    t.try_t(&format!("state-{}", code.replace('_', "-")))
        .unwrap_or_else(|| t.t("state-other"))
}

/// The user's-language text of a refusal a page shows in place (invalid input, a lifecycle
/// rule, a duplicate, a forbidden action); `None` for errors that are not the user's to fix
/// (not found, internal), which become error pages.
pub fn service_message(t: &Tr, e: &ServiceError) -> Option<String> {
    match e {
        ServiceError::Invalid(errs) => Some(field_errors(t, errs).join(" ")),
        ServiceError::State { code, .. } => Some(state_message(t, code)),
        ServiceError::Conflict { field } => Some(match field_label(t, field) {
            Some(label) => format!("{label}: {}", t.t("err-taken")),
            None => capitalize(&t.t("err-taken")),
        }),
        ServiceError::Forbidden(_) => Some(t.t("error-forbidden")),
        _ => None,
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::user::Locale;

    /// Every code and field the use cases produce, so a missing translation fails here.
    const CODES: &[&str] = &[
        "required",
        "too_long",
        "too_many",
        "too_large",
        "invalid",
        "range",
        "target_range",
        "unknown",
        "immutable",
        "forbidden",
        "requires_calendar",
        "length",
        "taken",
        "email",
        "time_zone",
        "date",
        "weekday",
        "time_format",
        "window_order",
        "window_overlap",
        "url_scheme",
        "path_separator",
        "empty",
        "back_to_new",
        "pick_one",
        "number",
        "hours",
        "window_format",
        "not_of_client",
        "plaintext_password",
        "not_hosted",
        "negative",
        "size",
        "same_version",
        "datetime",
        "not_for_kind",
        "future",
        "end_before_start",
        "not_system",
        "ambiguous",
        "url_credentials",
        "below_interval",
        "month",
        "whole_minutes",
        "too_early",
        "after_today",
        "not_staff",
        "minutes_format",
    ];
    const FIELDS: &[&str] = &[
        "subject",
        "body",
        "campus_id",
        "category",
        "priority",
        "file",
        "filename",
        "content_type",
        "status",
        "assignee_id",
        "client_id",
        "linked_ticket_id",
        "requester_id",
        "tags[0]",
        "priority_reason",
        "scope",
        "scope_reason",
        "name",
        "tax_id",
        "contact_emails[1]",
        "url",
        "platform",
        "platform_version",
        "service_start_date",
        "email",
        "time_zone",
        "locale",
        "role",
        "password",
        "calendar_id",
        "policy_id",
        "plan_id",
        "start_date",
        "warn_percent",
        "second_warn_percent",
        "admin_hours_per_month",
        "spec.time_zone",
        "spec.weekly",
        "spec.weekly.mon[0]",
        "spec.holidays[0]",
        "targets.low.target_seconds",
        "title",
        "reference",
        "id",
        "user_id",
        "assignee",
        "sla_state",
        "limit",
        "cursor",
        "host",
        "port",
        "security",
        "username",
        "folder",
        "from",
        "kind",
        "performed_at",
        "size_bytes",
        "duration_seconds",
        "location",
        "package",
        "from_version",
        "to_version",
        "starts_at",
        "ends_at",
        "description",
        "note",
        "token",
        "staff_only",
        "campus",
        "events",
        "events[2]",
        "keep_previous_hours",
        "enabled",
        "interval_seconds",
        "timeout_seconds",
        "expected_text",
        "latency_threshold_ms",
        "sustain_minutes",
        "failures_to_alert",
        "minutes",
        "work_date",
        "agent_id",
        "hours",
        "month",
        "billable",
        "visible_to_client",
    ];

    #[test]
    fn every_code_and_field_is_translated_in_both_languages() {
        for locale in [Locale::Es, Locale::En] {
            let t = Tr::new(locale, "UTC");
            let args = [
                ("max", "5"),
                ("min", "1"),
                ("max_mb", "25"),
                ("max_days", "366"),
                ("value", "x"),
            ]
            .map(|(n, v)| (n, v.to_string()));
            for code in CODES {
                let key = format!("err-{}", code.replace('_', "-"));
                let said = t.try_t_args(&key, &args);
                assert!(said.is_some_and(|s| !s.contains('{')), "{key} {locale:?}");
            }
            for f in FIELDS {
                assert!(field_label(&t, f).is_some(), "{f} {locale:?}");
            }
        }
    }

    #[test]
    fn messages_carry_their_arguments() {
        let es = Tr::new(Locale::Es, "UTC");
        let en = Tr::new(Locale::En, "UTC");
        let e = FieldError::new("subject", "too_long", "at most 200 characters").with("max", 200);
        assert_eq!(
            field_error(&es, &e),
            "Asunto: admite como máximo 200 caracteres."
        );
        assert_eq!(field_error(&en, &e), "Subject: at most 200 characters.");
        // Without its argument the message says less instead of showing a placeholder.
        let bare = FieldError::new("subject", "too_long", "long");
        assert!(!field_error(&es, &bare).contains('{'));
        let d =
            FieldError::new("spec.holidays[2]", "date", "expected a date").with("value", "31/12");
        assert!(
            field_error(&es, &d).contains("«31/12»"),
            "{}",
            field_error(&es, &d)
        );
        let unknown_code = FieldError::new("name", "brand_new", "whatever");
        assert_eq!(field_error(&en, &unknown_code), "Name: is not valid.");
        assert_eq!(
            state_message(&es, "closed_final"),
            es.t("state-closed-final")
        );
        assert_eq!(state_message(&en, "nope"), en.t("state-other"));
    }
}
