//! Every form of the web UI, submitted with bad values by each role in Spanish and in English:
//! the page that comes back says what is wrong in the user's language and holds no text of the
//! other one. The use cases' `FieldError` messages are English (they are the API's); a page
//! must say them from the error's field and code through the Fluent files instead.

use reqwest::{StatusCode, header};
use serde_json::json;

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{browser, csrf, get, post, sign_in},
};

/// Text that marks an English message on a Spanish page: the use cases' API messages and the
/// English translations of the reasons.
const ENGLISH: &[&str] = &[
    "must not be empty", "at most", "expected a date", "not an e-mail address", "IANA time zone",
    "unknown time zone", "must start with http", "between 1 and", "between 0 and", "between warn_percent",
    "lowering the priority needs a reason", "no such", "bad start time", "bad end time",
    "the window", "is required", "is not valid", "closed ticket is final", "is not a valid",
    "must be", "does not exist", "overlaps", "Required", "Please check",
];

/// Text that marks a Spanish message on an English page.
const SPANISH: &[&str] = &[
    "es obligatorio", "no es válid", "no es una", "admite como máximo", "debe estar entre",
    "debe ser", "debe empezar", "no existe", "Motivo del cambio", "Revise", "se superpone", "franja",
    "Obligatorio", "Valor inválido", "Ingrese", "cerrado es definitivo", "Escriba una respuesta",
    "elija un valor", "No se guardó",
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Lang {
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
    fn pick(self, es: &'static str, en: &'static str) -> &'static str {
        if self == Lang::Es { es } else { en }
    }
}

/// Collects every problem so one run reports all the forms that leak, not only the first.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    /// `page` came back from `what` in `lang`: it shows each of `expect` and no text of the
    /// other language.
    fn check(&mut self, lang: Lang, what: &str, status: StatusCode, page: &str, expect: &[&str]) {
        if !(status.is_client_error()) {
            self.0.push(format!("[{lang:?}] {what}: status {status}, expected a refusal"));
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
                self.0.push(format!("[{lang:?}] {what}: other language {f:?} in …{ctx}…"));
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
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
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
async fn user(app: &TestApp, role: &str, lang: Lang, client_id: Option<i64>) -> String {
    let email = format!("{role}-{}@lang.test", lang.code());
    let password = "lang-password-1";
    app.ok("/api/v1/users", &app.admin, json!({"email": email, "name": format!("{role} {}", lang.code()), "role": role,
        "client_id": client_id, "locale": lang.code(), "password": password})).await;
    sign_in(app, &email, password).await
}

/// Everything the forms point at: a client with a campus, a plan and its policy and calendar,
/// an open ticket at high priority and a closed one.
struct Fixture {
    client: i64,
    campus: i64,
    calendar: i64,
    policy: i64,
    plan: i64,
    user: i64,
    open_ticket: i64,
    closed_ticket: i64,
}

async fn fixture(app: &TestApp) -> Fixture {
    let (client, campus, client_token) = app.client_with_admin("Lenguas").await;
    let day = json!([["09:00", "18:00"]]);
    let cal = app.ok("/api/v1/calendars", &app.admin, json!({"name": "Oficina",
        "spec": {"time_zone": "Europe/Madrid", "weekly": {"mon": day}, "holidays": []}})).await;
    let t = |s: i64| json!({"target_seconds": s, "clock": "calendar"});
    let pol = app.ok("/api/v1/policies", &app.admin, json!({"name": "Base", "calendar_id": cal["id"],
        "targets": {"low": t(168 * 3600), "medium": t(48 * 3600), "high": t(12 * 3600), "urgent": t(4 * 3600)}})).await;
    let plan = app.ok("/api/v1/plans", &app.admin, json!({"name": "Plan L", "policy_id": pol["id"]})).await;
    let ticket = |subject: &str| json!({"category": "technical", "priority": "high", "subject": subject, "body": "Detalle"});
    let open = app.ok("/api/v1/tickets", &client_token, ticket("Abierto")).await;
    let closed = app.ok("/api/v1/tickets", &client_token, ticket("Cerrado")).await;
    let (_, agent) = app.staff("closer@lang.test", "agent").await;
    let (s, body) = app.patch(&format!("/api/v1/tickets/{}", closed["id"]), &agent, json!({"status": "closed"})).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (_, users) = app.get("/api/v1/users", &app.admin).await;
    let user = users.as_array().unwrap().iter().find(|u| u["email"] == "admin@lenguas.test").expect("user")["id"].as_i64().unwrap();
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
async fn form(app: &TestApp, found: &mut Findings, lang: Lang, cookie: &str, action: &str, fields: &[(&str, &str)], expect: &[&str]) {
    let home = if action.starts_with("/admin") { "/admin" } else { "/console" };
    let token = csrf(&get(app, cookie, home).await.1);
    let mut all = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    let reply = post(app, cookie, action, &all).await;
    found.check(lang, action, reply.status, &reply.body, expect);
}

async fn admin_forms(app: &TestApp, fx: &Fixture, lang: Lang, found: &mut Findings) {
    let c = user(app, "admin", lang, None).await;
    let l = |es, en| lang.pick(es, en);
    let (cid, campus) = (fx.client.to_string(), fx.campus.to_string());
    let long = "x".repeat(400);
    for action in ["/admin/clients".to_string(), format!("/admin/clients/{cid}")] {
        form(app, found, lang, &c, &action, &[("name", ""), ("tax_id", "T"), ("contact_emails", "sin-arroba"), ("time_zone", "Mars/Olympus")],
            &[l("Nombre: es obligatorio.", "Name: is required."), l("no es una dirección de correo válida", "is not a valid e-mail address"),
              l("no es un huso horario conocido", "is not a known time zone")]).await;
    }
    form(app, found, lang, &c, &format!("/admin/clients/{cid}"), &[("name", &long), ("tax_id", "T"), ("time_zone", "UTC")],
        &[l("admite como máximo", "at most")]).await;
    for action in ["/admin/campuses".to_string(), format!("/admin/campuses/{campus}")] {
        form(app, found, lang, &c, &action, &[("client_id", &cid), ("url", "ftp://x.invalid"), ("platform", "Moodle"),
            ("platform_version", "4"), ("service_start_date", "2026-13-45")],
            &[l("debe empezar con http:// o https://", "must start with http:// or https://"), l("no es una fecha válida", "is not a valid date")]).await;
    }
    for action in ["/admin/users".to_string(), format!("/admin/users/{}", fx.user)] {
        form(app, found, lang, &c, &action, &[("name", "N"), ("email", "sin-arroba"), ("role", "client_admin"), ("client_id", &cid),
            ("locale", "es"), ("time_zone", "UTC"), ("password", "corta")],
            &[l("no es una dirección de correo válida", "is not a valid e-mail address")]).await;
    }
    for action in ["/admin/calendars".to_string(), format!("/admin/calendars/{}", fx.calendar)] {
        form(app, found, lang, &c, &action, &[("name", "Cal"), ("time_zone", "Mars/Olympus"), ("mon", "09:00-13:00, 12:00-14:00"),
            ("tue", "9-18"), ("holidays", "25/12 Navidad")],
            &[l("se superpone", "overlaps"), l("«25/12» no es una fecha válida", "25/12"), l("Huso horario", "Time zone")]).await;
        // What only the use case checks (the form's own checks pass): a day-less calendar.
        let no_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(|d| (d, ""));
        let mut fields = vec![("name", ""), ("time_zone", "UTC"), ("holidays", "")];
        fields.extend_from_slice(&no_days);
        form(app, found, lang, &c, &action, &fields,
            &[l("Nombre: es obligatorio.", "Name: is required."), l("Horario semanal: es obligatorio.", "Weekly hours: is required.")]).await;
    }
    let policy = |name: &'static str, warn: &'static str, warn2: &'static str, clock: &'static str| {
        vec![("name", name), ("calendar_id", ""), ("hours_low", "168"), ("hours_medium", "48"), ("hours_high", "12"), ("hours_urgent", "4"),
             ("clock_low", clock), ("clock_medium", "calendar"), ("clock_high", "calendar"), ("clock_urgent", "calendar"),
             ("warn_percent", warn), ("second_warn_percent", warn2)]
    };
    for action in ["/admin/policies".to_string(), format!("/admin/policies/{}", fx.policy)] {
        form(app, found, lang, &c, &action, &policy("P", "150", "99", "business"),
            &[l("debe estar entre 1 y 99", "must be between 1 and 99"), l("necesita que la política tenga un calendario", "need the policy to have a calendar")]).await;
        form(app, found, lang, &c, &action, &policy("", "80", "50", "calendar"),
            &[l("Nombre: es obligatorio.", "Name: is required."), l("debe estar entre 80 y 99", "must be between 80 and 99")]).await;
        let mut bad_hours = policy("P", "75", "90", "calendar");
        bad_hours[2] = ("hours_low", "x");
        form(app, found, lang, &c, &action, &bad_hours, &[l("mayor que cero", "above zero")]).await;
    }
    let pol = fx.policy.to_string();
    for action in ["/admin/plans".to_string(), format!("/admin/plans/{}", fx.plan)] {
        form(app, found, lang, &c, &action, &[("name", ""), ("policy_id", &pol), ("admin_hours_per_month", "-5")],
            &[l("Nombre: es obligatorio.", "Name: is required."), l("debe estar entre 0 y 10000", "must be between 0 and 10000")]).await;
    }
    let plan = fx.plan.to_string();
    form(app, found, lang, &c, "/admin/subscriptions", &[("client_id", &cid), ("campus_id", ""), ("plan_id", &plan), ("start_date", "31/12/2026")],
        &[l("«31/12/2026» no es una fecha válida", "is not a valid date")]).await;
    form(app, found, lang, &c, "/admin/tokens", &[("name", ""), ("user_id", "")], &[l("Obligatorio", "Required")]).await;
}

async fn console_forms(app: &TestApp, fx: &Fixture, lang: Lang, found: &mut Findings) {
    let c = user(app, "agent", lang, None).await;
    let l = |es, en| lang.pick(es, en);
    let open = format!("/console/tickets/{}", fx.open_ticket);
    form(app, found, lang, &c, &format!("{open}/messages"), &[("body", "  ")], &[l("es obligatorio", "is required")]).await;
    form(app, found, lang, &c, &format!("{open}/triage"), &[("priority", "low"), ("priority_reason", ""), ("category", "technical"),
        ("assignee_id", ""), ("scope_kind", "included"), ("scope_reason", "")],
        &[l("Motivo del cambio de prioridad: es obligatorio.", "Reason for the priority change: is required.")]).await;
    form(app, found, lang, &c, &format!("{open}/status"), &[("status", "")], &[l("elija un valor de la lista", "pick a value from the list")]).await;
    let closed = format!("/console/tickets/{}", fx.closed_ticket);
    form(app, found, lang, &c, &format!("{closed}/messages"), &[("body", "Hola")],
        &[l("Un ticket cerrado es definitivo", "A closed ticket is final")]).await;
    form(app, found, lang, &c, "/console/canned", &[("title", ""), ("body", "")], &[l("Título: es obligatorio.", "Title: is required.")]).await;
}

async fn portal_forms(app: &TestApp, fx: &Fixture, lang: Lang, found: &mut Findings) {
    let c = user(app, "client_admin", lang, Some(fx.client)).await;
    let l = |es, en| lang.pick(es, en);
    let token = csrf(&get(app, &c, "/portal/tickets/new").await.1);
    let campus = fx.campus.to_string();
    let long = "x".repeat(400);
    let (s, page) = post_multipart(app, &c, "/portal/tickets", &[("_csrf", &token), ("campus_id", &campus), ("category", ""),
        ("priority", ""), ("subject", ""), ("body", "")]).await;
    found.check(lang, "/portal/tickets (empty)", s, &page, &[l("Asunto: es obligatorio.", "Subject: is required.")]);
    let (s, page) = post_multipart(app, &c, "/portal/tickets", &[("_csrf", &token), ("campus_id", &campus), ("category", "technical"),
        ("priority", "high"), ("subject", &long), ("body", "Detalle")]).await;
    found.check(lang, "/portal/tickets (long)", s, &page, &[l("admite como máximo", "at most")]);
    let (s, page) = post_multipart(app, &c, &format!("/portal/tickets/{}/messages", fx.open_ticket), &[("_csrf", &token), ("body", "  ")]).await;
    found.check(lang, "portal reply (empty)", s, &page, &[l("Escriba una respuesta", "Write a reply")]);
    let (s, page) = post_multipart(app, &c, &format!("/portal/tickets/{}/messages", fx.closed_ticket), &[("_csrf", &token), ("body", "Sigue igual")]).await;
    found.check(lang, "portal reply (closed)", s, &page, &[l("Un ticket cerrado es definitivo", "A closed ticket is final")]);
}

both_backends! {
    async fn every_form_answers_in_the_users_language(app) {
        let fx = fixture(&app).await;
        let mut found = Findings::default();
        for lang in [Lang::Es, Lang::En] {
            admin_forms(&app, &fx, lang, &mut found).await;
            console_forms(&app, &fx, lang, &mut found).await;
            portal_forms(&app, &fx, lang, &mut found).await;
        }
        assert!(found.0.is_empty(), "{} problems:\n{}", found.0.len(), found.0.join("\n"));
    }
}
