//! Checks of an endpoint as submitted: the URL, the description, the events.

use domain::FieldError;

use super::{
    EVENTS,
    views::{DESCRIPTION_MAX, URL_MAX, WebhookInput},
};
use crate::{ServiceError, ServiceResult};

/// A stored event list; `None` when it is not a JSON list of strings.
pub(crate) fn parse_events(s: &str) -> Option<Vec<String>> {
    serde_json::from_str(s).ok()
}

pub(super) fn bad(field: impl Into<String>, code: &'static str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

/// The URL as it will be stored, or why not.
fn check_url(raw: &str, errs: &mut Vec<FieldError>) -> String {
    let u = raw.trim();
    if u.is_empty() {
        errs.push(bad("url", "required", "the endpoint's URL is required"));
        return String::new();
    }
    if u.chars().count() > URL_MAX {
        errs.push(bad("url", "too_long", "at most 2000 characters").with("max", URL_MAX));
        return String::new();
    }
    if u.chars().any(|c| c.is_control() || c.is_whitespace()) {
        errs.push(bad("url", "invalid", "no spaces or control characters"));
        return String::new();
    }
    let parsed = match url::Url::parse(u) {
        Ok(p) => p,
        Err(_) => {
            let lower = u.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                errs.push(bad("url", "invalid", "not a valid URL"));
            } else {
                errs.push(bad(
                    "url",
                    "url_scheme",
                    "must start with http:// or https://",
                ));
            }
            return String::new();
        }
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        errs.push(bad(
            "url",
            "url_scheme",
            "must start with http:// or https://",
        ));
    } else if !parsed.username().is_empty() || parsed.password().is_some() {
        errs.push(bad(
            "url",
            "url_credentials",
            "no user or password in the URL: receivers check the signature instead",
        ));
    } else if parsed.host_str().is_none_or(str::is_empty) {
        errs.push(bad("url", "invalid", "the URL has no host"));
    } else if parsed.fragment().is_some() {
        errs.push(bad("url", "invalid", "a URL fragment (#…) is never sent"));
    }
    u.to_string()
}

/// The events, known and without repeats, in the order of [`EVENTS`].
fn check_events(list: &[String], errs: &mut Vec<FieldError>) -> Vec<String> {
    if list.is_empty() {
        errs.push(bad("events", "required", "choose at least one event"));
    }
    for (i, e) in list.iter().enumerate() {
        if !EVENTS.contains(&e.trim()) {
            errs.push(
                bad(format!("events[{i}]"), "unknown", "not a known event")
                    .with("value", e.chars().take(100).collect::<String>())
                    .with("allowed", EVENTS.join(", ")),
            );
        }
    }
    EVENTS
        .iter()
        .filter(|k| list.iter().any(|e| e.trim() == **k))
        .map(|k| k.to_string())
        .collect()
}

pub(super) fn check(i: &WebhookInput) -> ServiceResult<(String, String, Vec<String>)> {
    let mut errs = Vec::new();
    let url = check_url(&i.url, &mut errs);
    let description = i.description.trim();
    if description.chars().count() > DESCRIPTION_MAX {
        errs.push(
            bad("description", "too_long", "at most 500 characters").with("max", DESCRIPTION_MAX),
        );
    } else if description.chars().any(char::is_control) {
        errs.push(bad("description", "invalid", "no control characters"));
    }
    let events = check_events(&i.events, &mut errs);
    if errs.is_empty() {
        Ok((url, description.to_string(), events))
    } else {
        Err(ServiceError::Invalid(errs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(i: &WebhookInput) -> Vec<(String, &'static str)> {
        match check(i) {
            Ok(_) => Vec::new(),
            Err(ServiceError::Invalid(e)) => e.into_iter().map(|e| (e.field, e.code)).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    fn input(url: &str, events: &[&str]) -> WebhookInput {
        WebhookInput {
            url: url.into(),
            events: events.iter().map(|e| e.to_string()).collect(),
            active: true,
            ..Default::default()
        }
    }

    #[test]
    fn urls_are_http_without_credentials() {
        let ok = [
            "https://hooks.example.com/atiende?x=1",
            "http://127.0.0.1:9000/in",
        ];
        for u in ok {
            assert_eq!(fields(&input(u, &["ticket.created"])), [], "{u}");
        }
        let cases = [
            ("ftp://example.com/x", "url_scheme"),
            ("example.com/hook", "url_scheme"),
            ("https://user:pw@example.com/", "url_credentials"),
            ("https://user@example.com/", "url_credentials"),
            ("https://example.com/a b", "invalid"),
            ("https://example.com/#frag", "invalid"),
            ("", "required"),
        ];
        for (u, code) in cases {
            assert_eq!(
                fields(&input(u, &["ticket.created"])),
                [("url".into(), code)],
                "{u}"
            );
        }
        let long = format!("https://example.com/{}", "a".repeat(URL_MAX));
        assert_eq!(
            fields(&input(&long, &["ticket.created"])),
            [("url".into(), "too_long")]
        );
    }

    #[test]
    fn events_are_known_at_least_one_and_kept_in_order_without_repeats() {
        assert_eq!(
            fields(&input("https://e.example/", &[])),
            [("events".into(), "required")]
        );
        assert_eq!(
            fields(&input(
                "https://e.example/",
                &["ticket.created", "ticket.deleted"]
            )),
            [("events[1]".into(), "unknown")]
        );
        let mut errs = Vec::new();
        let kept = check_events(
            &[
                "campus.down".into(),
                "ticket.created".into(),
                "campus.down".into(),
            ],
            &mut errs,
        );
        assert!(errs.is_empty());
        assert_eq!(kept, ["ticket.created", "campus.down"]);
    }
}
