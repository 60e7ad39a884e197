//! The report's words (`locales/{es,en}/report.ftl`), one loader for the HTML and the PDF so
//! both read the same.

use std::{borrow::Cow, collections::HashMap};

use domain::user::Locale;
use fluent_templates::{Loader, fluent_bundle::FluentValue, static_loader};

static_loader! {
    static TEXTS = {
        locales: "./locales",
        fallback_language: "es",
        // No Unicode isolation marks: they would end up in the PDF's text and the tests' strings.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn lang(l: Locale) -> fluent_templates::LanguageIdentifier {
    match l {
        Locale::Es => fluent_templates::langid!("es"),
        Locale::En => fluent_templates::langid!("en"),
    }
}

/// A label without values; a missing key shows as `⟦key⟧` (visible, never a panic).
pub fn t(l: Locale, key: &str) -> String {
    TEXTS
        .try_lookup(&lang(l), key)
        .unwrap_or_else(|| format!("⟦{key}⟧"))
}

/// A label with named values.
pub fn ta(l: Locale, key: &str, values: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = values
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
        .collect();
    TEXTS
        .try_lookup_with_args(&lang(l), key, &args)
        .unwrap_or_else(|| format!("⟦{key}⟧"))
}

/// A code (`urgent`, `technical`…) under a prefix, or the code itself when unknown (a new
/// category in the database must not break a report).
pub fn code(l: Locale, prefix: &str, code: &str) -> String {
    TEXTS
        .try_lookup(&lang(l), &format!("{prefix}-{code}"))
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let keys = |s: &str| -> Vec<String> {
            let mut v: Vec<String> = s
                .lines()
                .filter(|l| !l.starts_with('#') && l.contains(" = "))
                .map(|l| l.split(" = ").next().unwrap_or_default().to_string())
                .collect();
            v.sort();
            v
        };
        let es = keys(include_str!("../locales/es/report.ftl"));
        let en = keys(include_str!("../locales/en/report.ftl"));
        assert_eq!(es, en);
        // Every message resolves in both languages, with its variables given.
        for (l, src) in [
            (Locale::Es, include_str!("../locales/es/report.ftl")),
            (Locale::En, include_str!("../locales/en/report.ftl")),
        ] {
            for line in src
                .lines()
                .filter(|l| !l.starts_with('#') && l.contains(" = "))
            {
                let (key, value) = line.split_once(" = ").unwrap_or_default();
                let vars: Vec<(&'static str, String)> = [
                    "month", "year", "from", "to", "zone", "at", "plans", "client", "percent",
                    "met", "counted", "n", "campus", "day", "value", "done", "expected", "days",
                    "version", "since",
                ]
                .into_iter()
                .filter(|v| value.contains(&format!("${v} ")))
                .map(|v| (v, "x".to_string()))
                .collect();
                assert!(!ta(l, key, &vars).starts_with('⟦'), "{key} ({l:?})");
            }
        }
    }
}
