//! Knowledge-base vocabulary: an article's category, audience, state, languages and slug.
//!
//! Articles are the provider's, not a client's: one article serves every client (public ones
//! in the portal) and the staff (internal ones). What is per client is what clients do with
//! them (votes, views, deflections), which the service keeps apart.

use serde::{Deserialize, Serialize};

use crate::{FieldError, ticket::text_enum};

text_enum!(
    /// The sections the portal and the console group articles in.
    ArticleCategory { Enrolment = "enrolment", Courses = "courses", Grades = "grades",
                      Users = "users", Activities = "activities", Plugins = "plugins",
                      Accounts = "accounts", Other = "other" }
);

text_enum!(
    /// `public` articles are shown to client admins (once published); `internal` ones only to
    /// staff.
    Visibility { Public = "public", Internal = "internal" }
);

text_enum!(
    /// A `draft` is seen by staff only, whatever its visibility.
    ArticleStatus { Draft = "draft", Published = "published" }
);

text_enum!(
    /// The languages an article may be written in; each is a version of its own.
    ArticleLang { Es = "es", En = "en" }
);

/// Longest slug kept: enough for a title, short enough for a link in a reply.
pub const SLUG_MAX: usize = 80;

/// A URL-safe name for an article from its title: folded words joined by `-`
/// ("¿Cómo matricular alumnos?" → `como-matricular-alumnos`), cut at a word boundary;
/// `articulo` when the title has no letters or digits.
pub fn slugify(title: &str) -> String {
    let folded = crate::search::index_text(title, usize::MAX);
    let mut slug = String::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        if slug.len() + w.len() + 1 > SLUG_MAX {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(w);
    }
    if slug.is_empty() {
        "articulo".into()
    } else {
        slug
    }
}

/// A slug given by the user: lower-case ASCII letters, digits and single `-`, within
/// [`SLUG_MAX`], not only digits (a number in the address is an id).
pub fn parse_slug(s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.len() <= SLUG_MAX
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && !s.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(s.to_string())
    } else {
        Err(FieldError::new(
            "slug",
            "invalid",
            format!(
                "lower-case letters, digits and single hyphens, at most {SLUG_MAX} characters, not only digits"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_folded_words() {
        assert_eq!(
            slugify("¿Cómo matricular alumnos?"),
            "como-matricular-alumnos"
        );
        assert_eq!(slugify("¡¿!"), "articulo");
        assert!(slugify(&"palabra ".repeat(40)).len() <= SLUG_MAX);
        assert!(parse_slug("como-matricular").is_ok());
        for bad in ["", "Mayus", "a--b", "-a", "123", "a b", "ñ"] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
    }
}
