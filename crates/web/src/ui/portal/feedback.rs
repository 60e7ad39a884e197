//! Validation messages in the user's language: a form comes back with these next to the values
//! the user typed, instead of a bare error page. The translation is shared with the console
//! and admin forms (`crate::ui::feedback`).

pub(super) use crate::ui::feedback::field_errors;
