//! Every UI string goes through Fluent (`locales/{es,en}/*.ftl`). Spanish is the default;
//! the locale comes from the user's profile, else `Accept-Language` — never from a global.

use std::{borrow::Cow, collections::HashMap};

use domain::user::Locale;
use fluent_templates::{Loader, fluent_bundle::FluentValue, static_loader};
use jiff::{Timestamp, tz::TimeZone};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "es",
        // Isolation marks (U+2068/9) only matter for mixed-direction scripts; ES/EN need none.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The translator handed to every template: `{{ t.t("key") }}`.
#[derive(Debug, Clone)]
pub struct Tr {
    pub locale: Locale,
    tz: TimeZone,
}

impl Tr {
    pub fn new(locale: Locale, time_zone: &str) -> Self {
        Tr {
            locale,
            tz: TimeZone::get(time_zone).unwrap_or(TimeZone::UTC),
        }
    }

    fn lang(&self) -> fluent_templates::LanguageIdentifier {
        match self.locale {
            Locale::Es => fluent_templates::langid!("es"),
            Locale::En => fluent_templates::langid!("en"),
        }
    }

    /// The message for `key`; a missing key shows itself, loudly, rather than an empty string.
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.lang(), key)
            .unwrap_or_else(|| format!("⟦{key}⟧"))
    }

    /// The message for `key`, or `None` when no locale file has it (callers pick a fallback).
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.lang(), key)
    }

    /// A message with named arguments (whole numbers become Fluent numbers, so plurals work);
    /// `None` when the key is missing.
    pub fn try_t_args(&self, key: &str, args: &[(&str, String)]) -> Option<String> {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.clone()),
                };
                (Cow::Owned(name.to_string()), value)
            })
            .collect();
        LOCALES.try_lookup_with_args(&self.lang(), key, &args)
    }

    /// A message with one argument: `{{ t.t1("due-in", "hours", 3) }}`.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let v = value.to_string();
        let arg = match v.parse::<i64>() {
            Ok(n) => FluentValue::from(n),
            Err(_) => FluentValue::from(v),
        };
        let args: HashMap<Cow<'static, str>, FluentValue> =
            HashMap::from([(Cow::Owned(name.to_string()), arg)]);
        LOCALES
            .try_lookup_with_args(&self.lang(), key, &args)
            .unwrap_or_else(|| format!("⟦{key}⟧"))
    }

    /// An enum value's label: `t.label("priority", "urgent")` → "Urgente".
    pub fn label(&self, group: &str, value: &str) -> String {
        self.t(&format!("{group}-{}", value.replace('_', "-")))
    }

    /// An RFC 3339 instant shown in the user's time zone: `28/11/2026 14:05` / `2026-11-28 14:05`.
    pub fn datetime(&self, rfc3339: &str) -> String {
        match rfc3339.parse::<Timestamp>() {
            Ok(ts) => {
                let z = ts.to_zoned_datetime(self.tz.clone());
                match self.locale {
                    Locale::Es => z.strftime("%d/%m/%Y %H:%M").to_string(),
                    Locale::En => z.strftime("%Y-%m-%d %H:%M").to_string(),
                }
            }
            Err(_) => String::new(),
        }
    }

    /// `datetime` for optional values.
    pub fn datetime_opt(&self, rfc3339: &Option<String>) -> String {
        rfc3339
            .as_deref()
            .map(|s| self.datetime(s))
            .unwrap_or_default()
    }

    /// A duration as "3 h 05 min" / "2 d 4 h", signed (negative = overdue).
    pub fn duration(&self, seconds: i64) -> String {
        let sign = if seconds < 0 { "−" } else { "" };
        let s = seconds.unsigned_abs();
        let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
        if d > 0 {
            format!("{sign}{d} d {h} h")
        } else if h > 0 {
            format!("{sign}{h} h {m:02} min")
        } else {
            format!("{sign}{m} min")
        }
    }
}

/// Picks a locale from an `Accept-Language` header (for pages before sign-in).
pub fn negotiate(accept_language: Option<&str>) -> Locale {
    let Some(h) = accept_language else {
        return Locale::Es;
    };
    let mut best: Option<(f32, Locale)> = None;
    for part in h.split(',') {
        let mut it = part.trim().split(";q=");
        let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = it
            .next()
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let locale = if tag.starts_with("es") {
            Locale::Es
        } else if tag.starts_with("en") {
            Locale::En
        } else {
            continue;
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, locale));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Locale::Es)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_supported() {
        assert_eq!(negotiate(None), Locale::Es);
        assert_eq!(negotiate(Some("en-US,en;q=0.9")), Locale::En);
        assert_eq!(negotiate(Some("fr-FR,en;q=0.5,es;q=0.8")), Locale::Es);
        assert_eq!(negotiate(Some("de")), Locale::Es);
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let keys = |dir: &str| {
            let mut out = std::collections::BTreeSet::new();
            for f in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((k, _)) = line.split_once(" =")
                        && !k.starts_with([' ', '#', '.', '[', '*'])
                        && !k.is_empty()
                    {
                        out.insert(k.trim().to_string());
                    }
                }
            }
            out
        };
        let root = env!("CARGO_MANIFEST_DIR");
        assert_eq!(
            keys(&format!("{root}/locales/es")),
            keys(&format!("{root}/locales/en"))
        );
    }

    #[test]
    fn durations_and_dates() {
        let t = Tr::new(Locale::Es, "America/Argentina/Buenos_Aires");
        assert_eq!(t.duration(3 * 3600 + 5 * 60), "3 h 05 min");
        assert_eq!(t.duration(-90), "−1 min");
        assert_eq!(t.datetime("2026-11-28T17:05:00Z"), "28/11/2026 14:05");
        assert_eq!(t.t("app-name"), "Atiende");
    }
}
