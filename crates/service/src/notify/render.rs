//! A notification's words in its reader's language (`locales/{es,en}/notify.ftl`), the same
//! for the in-app list and the e-mail.

use std::{borrow::Cow, collections::HashMap};

use domain::user::Locale;
use fluent_templates::{Loader, fluent_bundle::FluentValue, static_loader};
use jiff::{Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

use super::NoticeKind;

static_loader! {
    static TEXTS = {
        locales: "./locales",
        fallback_language: "es",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// What a notification's text needs, stored with it as JSON (so it reads the same later).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct NoticeData {
    pub ticket_id: i64,
    pub number: String,
    pub subject: String,
    pub priority: String,
    pub client: String,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    /// A message's text (a reply, the client's answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    /// RFC 3339: when a resolved ticket closes by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_at: Option<String>,
    /// The threshold reached (75, 90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
}

pub struct Rendered {
    pub title: String,
    pub body: String,
}

fn lang(l: Locale) -> fluent_templates::LanguageIdentifier {
    match l {
        Locale::Es => fluent_templates::langid!("es"),
        Locale::En => fluent_templates::langid!("en"),
    }
}

/// An instant in the reader's zone, with the zone named (a mail is read anywhere).
pub fn when(locale: Locale, tz: &TimeZone, rfc3339: &str) -> String {
    let Ok(t) = rfc3339.parse::<Timestamp>() else {
        return rfc3339.to_string();
    };
    let z = t.to_zoned_datetime(tz.clone());
    let shown = match locale {
        Locale::Es => z.strftime("%d/%m/%Y %H:%M").to_string(),
        Locale::En => z.strftime("%Y-%m-%d %H:%M").to_string(),
    };
    match tz.iana_name() {
        Some(name) => format!("{shown} ({name})"),
        None => shown,
    }
}

/// The title and text of `kind` for a reader, with `link` to the ticket.
pub fn render(
    locale: Locale,
    tz: &TimeZone,
    kind: NoticeKind,
    d: &NoticeData,
    link: &str,
) -> Rendered {
    let l = lang(locale);
    let priority = TEXTS
        .try_lookup(&l, &format!("priority-{}", d.priority))
        .unwrap_or_else(|| d.priority.clone());
    let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
    let mut put = |k: &'static str, v: String| {
        args.insert(Cow::Borrowed(k), FluentValue::from(v));
    };
    put("number", d.number.clone());
    put("subject", d.subject.clone());
    put("priority", priority);
    put("client", d.client.clone());
    put("link", link.to_string());
    put(
        "due",
        d.due_at
            .as_deref()
            .map(|t| when(locale, tz, t))
            .unwrap_or_default(),
    );
    put(
        "close_at",
        d.close_at
            .as_deref()
            .map(|t| when(locale, tz, t))
            .unwrap_or_default(),
    );
    put("body", d.body.clone().unwrap_or_default());
    put("who", d.who.clone().unwrap_or_default());
    put("level", d.level.unwrap_or_default().to_string());
    let key = format!("notice-{}", kind.as_str().replace('_', "-"));
    let text = |suffix: &str| {
        TEXTS
            .try_lookup_with_args(&l, &format!("{key}-{suffix}"), &args)
            .unwrap_or_else(|| format!("⟦{key}-{suffix}⟧"))
    };
    Rendered {
        title: text("title"),
        body: text("body"),
    }
}

/// A month in words, as a reader says it (`noviembre de 2026`, `November 2026`).
pub fn month_words(locale: Locale, m: domain::hours::Month) -> String {
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let d = m.first_day();
    let i = usize::try_from(d.month() - 1).unwrap_or(0).min(11);
    match locale {
        Locale::Es => format!("{} de {}", ES[i], d.year()),
        Locale::En => format!("{} {}", EN[i], d.year()),
    }
}

/// The monthly report's e-mail (the PDF goes attached): its subject and a short summary.
pub fn report_mail(
    locale: Locale,
    client: &str,
    m: domain::hours::Month,
    r: &crate::reports::model::MonthlyReport,
) -> Rendered {
    let l = lang(locale);
    let percent = r.compliance.total.percent.map_or_else(
        || "—".to_string(),
        |p| match locale {
            Locale::Es => format!("{} %", format!("{p:.1}").replace('.', ",")),
            Locale::En => format!("{p:.1}%"),
        },
    );
    let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
    for (k, v) in [
        ("client", client.to_string()),
        ("month", month_words(locale, m)),
        ("percent", percent),
        ("met", r.compliance.total.met.to_string()),
        ("breached", r.compliance.total.breached.to_string()),
        ("opened", r.tickets.opened.to_string()),
        ("resolved", r.tickets.resolved.to_string()),
    ] {
        args.insert(Cow::Borrowed(k), FluentValue::from(v));
    }
    let text = |key: &str| {
        TEXTS
            .try_lookup_with_args(&l, key, &args)
            .unwrap_or_else(|| format!("⟦{key}⟧"))
    };
    Rendered {
        title: text("report-mail-title"),
        body: text("report-mail-body"),
    }
}

/// A text without variables (the auto-replies).
pub fn plain(locale: Locale, key: &str) -> String {
    TEXTS
        .try_lookup(&lang(locale), key)
        .unwrap_or_else(|| format!("⟦{key}⟧"))
}

/// A text with named values (the account e-mails, `locales/*/account.ftl`).
pub fn with_args(locale: Locale, key: &str, values: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = values
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
        .collect();
    TEXTS
        .try_lookup_with_args(&lang(locale), key, &args)
        .unwrap_or_else(|| format!("⟦{key}⟧"))
}

/// The e-mail's closing lines.
pub fn footer(locale: Locale) -> String {
    TEXTS
        .try_lookup(&lang(locale), "mail-footer")
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_in_both_languages_with_its_values() {
        let d = NoticeData {
            ticket_id: 7,
            number: "T-0000007".into(),
            subject: "El campus no carga".into(),
            priority: "urgent".into(),
            client: "Norte".into(),
            due_at: Some("2026-11-02T14:00:00Z".into()),
            body: Some("¿Qué error ven?".into()),
            who: Some("Ana".into()),
            close_at: Some("2026-11-09T14:00:00Z".into()),
            level: Some(75),
        };
        let tz = TimeZone::get("America/Argentina/Buenos_Aires").expect("zone");
        for locale in [Locale::Es, Locale::En] {
            // The monthly report is not about a ticket: its words are `report_mail`'s.
            for kind in NoticeKind::ALL
                .into_iter()
                .filter(|k| *k != NoticeKind::MonthlyReport)
            {
                let r = render(locale, &tz, kind, &d, "http://x/t/7");
                for text in [&r.title, &r.body] {
                    assert!(
                        !text.contains('⟦') && !text.contains("{$"),
                        "{kind:?} {locale:?}: {text}"
                    );
                }
                assert!(
                    r.title.contains("El campus no carga"),
                    "{kind:?} {locale:?}: {}",
                    r.title
                );
            }
            assert!(!footer(locale).is_empty());
            for key in ["auto-reply-admins-only", "auto-reply-too-large"] {
                assert!(!plain(locale, key).contains('⟦'), "{key} {locale:?}");
            }
        }
        let r = render(
            Locale::Es,
            &tz,
            NoticeKind::TicketReceived,
            &d,
            "http://x/t/7",
        );
        assert!(
            r.body.contains("Urgente") && r.body.contains("02/11/2026 11:00"),
            "{}",
            r.body
        );
        let r = render(Locale::En, &tz, NoticeKind::SlaWarning, &d, "http://x/t/7");
        assert!(r.title.contains("75 %"), "{}", r.title);
    }
}
