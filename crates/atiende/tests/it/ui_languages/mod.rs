//! Every form of the web UI, submitted with bad values by each role in Spanish and in English:
//! the page that comes back says what is wrong in the user's language and holds no text of the
//! other one. The use cases' `FieldError` messages are English (they are the API's); a page
//! must say them from the error's field and code through the Fluent files instead.

use reqwest::{StatusCode, header};
use serde_json::json;

mod admin;
mod tickets;

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, csrf, get, post, sign_in},
};

/// Text that marks an English message on a Spanish page: the use cases' API messages and the
/// English translations of the reasons.
const ENGLISH: &[&str] = &[
    "must not be empty",
    "at most",
    "expected a date",
    "not an e-mail address",
    "IANA time zone",
    "unknown time zone",
    "must start with http",
    "between 1 and",
    "between 0 and",
    "between warn_percent",
    "lowering the priority needs a reason",
    "no such",
    "bad start time",
    "bad end time",
    "the window",
    "is required",
    "is not valid",
    "closed ticket is final",
    "is not a valid",
    "must be",
    "does not exist",
    "overlaps",
    "Required",
    "Please check",
];

/// Text that marks a Spanish message on an English page.
const SPANISH: &[&str] = &[
    "es obligatorio",
    "no es válid",
    "no es una",
    "admite como máximo",
    "debe estar entre",
    "debe ser",
    "debe empezar",
    "no existe",
    "Motivo del cambio",
    "Revise",
    "se superpone",
    "franja",
    "Obligatorio",
    "Valor inválido",
    "Ingrese",
    "cerrado es definitivo",
    "Escriba una respuesta",
    "elija un valor",
    "No se guardó",
];

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Lang {
    Es,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
    /// `es` or `en` of a pair of expected texts.
    pub(super) fn pick(self, es: &'static str, en: &'static str) -> &'static str {
        if self == Lang::Es { es } else { en }
    }
}

/// Collects every problem so one run reports all the forms that leak, not only the first.
#[derive(Default)]
pub(super) struct Findings(Vec<String>);

impl Findings {
    /// `page` came back from `what` in `lang`: it shows each of `expect` and no text of the
    /// other language.
    pub(super) fn check(
        &mut self,
        lang: Lang,
        what: &str,
        status: StatusCode,
        page: &str,
        expect: &[&str],
    ) {
        if !(status.is_client_error()) {
            self.0.push(format!(
                "[{lang:?}] {what}: status {status}, expected a refusal"
            ));
        }
        for e in expect {
            if !page.contains(e) {
                self.0.push(format!("[{lang:?}] {what}: missing {e:?}"));
            }
        }
        let foreign = if lang == Lang::Es { ENGLISH } else { SPANISH };
        for f in foreign {
            if page.contains(f) {
                let at = page.find(f).unwrap_or(0);
                let ctx: String = page[at.saturating_sub(80)..].chars().take(200).collect();
                self.0.push(format!(
                    "[{lang:?}] {what}: other language {f:?} in …{ctx}…"
                ));
            }
        }
    }
}

/// A `multipart/form-data` body (the portal's forms take files).
fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "----atiende-languages-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub(super) async fn post_multipart(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let (ct, body) = multipart(fields);
    let res = browser()
        .post(format!("{}{path}", app.base))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, ct)
        .body(body)
        .send()
        .await
        .expect("request");
    (res.status(), res.text().await.expect("body"))
}

/// A user of `role` with `lang` as its locale, signed in; returns its session cookie.
pub(super) async fn user(app: &TestApp, role: &str, lang: Lang, client_id: Option<i64>) -> String {
    let email = format!("{role}-{}@lang.test", lang.code());
    let password = "lang-password-1";
    app.ok(
        "/api/v1/users",
        &app.admin,
        json!({"email": email, "name": format!("{role} {}", lang.code()), "role": role,
        "client_id": client_id, "locale": lang.code(), "password": password}),
    )
    .await;
    sign_in(app, &email, password).await
}

/// Everything the forms point at: a client with a campus, a plan and its policy and calendar,
/// an open ticket at high priority and a closed one.
pub(super) struct Fixture {
    pub(super) client: i64,
    pub(super) campus: i64,
    pub(super) calendar: i64,
    pub(super) policy: i64,
    pub(super) plan: i64,
    pub(super) user: i64,
    pub(super) open_ticket: i64,
    pub(super) closed_ticket: i64,
}

async fn fixture(app: &TestApp) -> Fixture {
    let (client, campus, client_token) = app.client_with_admin("Lenguas").await;
    let day = json!([["09:00", "18:00"]]);
    let cal = app
        .ok(
            "/api/v1/calendars",
            &app.admin,
            json!({"name": "Oficina",
        "spec": {"time_zone": "Europe/Madrid", "weekly": {"mon": day}, "holidays": []}}),
        )
        .await;
    let t = |s: i64| json!({"target_seconds": s, "clock": "calendar"});
    let pol = app.ok("/api/v1/policies", &app.admin, json!({"name": "Base", "calendar_id": cal["id"],
        "targets": {"low": t(168 * 3600), "medium": t(48 * 3600), "high": t(12 * 3600), "urgent": t(4 * 3600)}})).await;
    let plan = app
        .ok(
            "/api/v1/plans",
            &app.admin,
            json!({"name": "Plan L", "policy_id": pol["id"]}),
        )
        .await;
    let ticket = |subject: &str| json!({"category": "technical", "priority": "high", "subject": subject, "body": "Detalle"});
    let open = app
        .ok("/api/v1/tickets", &client_token, ticket("Abierto"))
        .await;
    let closed = app
        .ok("/api/v1/tickets", &client_token, ticket("Cerrado"))
        .await;
    let (_, agent) = app.staff("closer@lang.test", "agent").await;
    let (s, body) = app
        .patch(
            &format!("/api/v1/tickets/{}", closed["id"]),
            &agent,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (_, users) = app.get("/api/v1/users", &app.admin).await;
    let user = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "admin@lenguas.test")
        .expect("user")["id"]
        .as_i64()
        .unwrap();
    Fixture {
        client,
        campus,
        calendar: cal["id"].as_i64().unwrap(),
        policy: pol["id"].as_i64().unwrap(),
        plan: plan["id"].as_i64().unwrap(),
        user,
        open_ticket: open["id"].as_i64().unwrap(),
        closed_ticket: closed["id"].as_i64().unwrap(),
    }
}

/// Posts `fields` (with the page's `_csrf`) to `action` and checks the answer.
#[allow(clippy::too_many_arguments)]
pub(super) async fn form(
    app: &TestApp,
    found: &mut Findings,
    lang: Lang,
    cookie: &str,
    action: &str,
    fields: &[(&str, &str)],
    expect: &[&str],
) {
    let home = if action.starts_with("/admin") {
        "/admin"
    } else {
        "/console"
    };
    let token = csrf(&get(app, cookie, home).await.1);
    let mut all = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    let reply = post(app, cookie, action, &all).await;
    found.check(lang, action, reply.status, &reply.body, expect);
}

both_backends! {
    async fn every_form_answers_in_the_users_language(app) {
        let fx = fixture(&app).await;
        let mut found = Findings::default();
        for lang in [Lang::Es, Lang::En] {
            admin::forms(&app, &fx, lang, &mut found).await;
            tickets::console_forms(&app, &fx, lang, &mut found).await;
            tickets::portal_forms(&app, &fx, lang, &mut found).await;
        }
        assert!(found.0.is_empty(), "{} problems:\n{}", found.0.len(), found.0.join("\n"));
    }
}
