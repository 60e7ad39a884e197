//! Validation messages in the user's language: a form comes back with these next to the values
//! the user typed, instead of a bare error page.

use domain::FieldError;

use crate::ui::i18n::Tr;

/// "Asunto: es obligatorio." — field label from `portal-field-*`, reason from the error code.
pub(super) fn field_error(t: &Tr, e: &FieldError) -> String {
    let field = match e.field.as_str() {
        f @ ("subject" | "body" | "campus_id" | "category" | "priority" | "file" | "filename") => {
            t.t(&format!("portal-field-{}", f.replace('_', "-")))
        }
        other => other.to_string(),
    };
    let reason = match e.code {
        "required" => t.t("portal-err-required"),
        "too_long" => format!("{} ({})", t.t("portal-err-too-long"), e.message),
        "too_large" => t.t("portal-err-too-large"),
        _ => format!("{} ({})", t.t("portal-err-invalid"), e.message),
    };
    format!("{field}: {reason}")
}

pub(super) fn field_errors(t: &Tr, errs: &[FieldError]) -> Vec<String> {
    errs.iter().map(|e| field_error(t, e)).collect()
}
