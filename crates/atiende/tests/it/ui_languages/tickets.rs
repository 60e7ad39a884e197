//! The ticket forms: the console's reply, triage, status and saved replies, and the portal's
//! new ticket and reply (multipart), including a lifecycle refusal (a closed ticket).

use super::{Findings, Fixture, Lang, form, post_multipart, user};
use crate::{
    harness::TestApp,
    web_client::{csrf, get},
};

pub(super) async fn console_forms(app: &TestApp, fx: &Fixture, lang: Lang, found: &mut Findings) {
    let c = user(app, "agent", lang, None).await;
    let l = |es, en| lang.pick(es, en);
    let open = format!("/console/tickets/{}", fx.open_ticket);
    form(
        app,
        found,
        lang,
        &c,
        &format!("{open}/messages"),
        &[("body", "  ")],
        &[l("es obligatorio", "is required")],
    )
    .await;
    form(
        app,
        found,
        lang,
        &c,
        &format!("{open}/triage"),
        &[
            ("priority", "low"),
            ("priority_reason", ""),
            ("category", "technical"),
            ("assignee_id", ""),
            ("scope_kind", "included"),
            ("scope_reason", ""),
        ],
        &[l(
            "Motivo del cambio de prioridad: es obligatorio.",
            "Reason for the priority change: is required.",
        )],
    )
    .await;
    form(
        app,
        found,
        lang,
        &c,
        &format!("{open}/status"),
        &[("status", "")],
        &[l(
            "elija un valor de la lista",
            "pick a value from the list",
        )],
    )
    .await;
    let closed = format!("/console/tickets/{}", fx.closed_ticket);
    form(
        app,
        found,
        lang,
        &c,
        &format!("{closed}/messages"),
        &[("body", "Hola")],
        &[l(
            "Un ticket cerrado es definitivo",
            "A closed ticket is final",
        )],
    )
    .await;
    form(
        app,
        found,
        lang,
        &c,
        "/console/canned",
        &[("title", ""), ("body", "")],
        &[l("Título: es obligatorio.", "Title: is required.")],
    )
    .await;
    form(
        app,
        found,
        lang,
        &c,
        "/console/canned",
        &[("title", "Saludo"), ("body", "Hola {apodo}")],
        &[l(
            "Marcadores desconocidos: {apodo}",
            "Unknown placeholders: {apodo}",
        )],
    )
    .await;
    form(
        app,
        found,
        lang,
        &c,
        &format!("{open}/messages"),
        &[("body", "Hola"), ("status", "nope")],
        &[l("Estado:", "Status:")],
    )
    .await;
    // A ticket opened for a client admin (a phone call) with nothing filled in.
    let client = fx.client.to_string();
    let user = fx.user.to_string();
    form(
        app,
        found,
        lang,
        &c,
        "/console/new",
        &[
            ("client_id", &client),
            ("requester_id", &user),
            ("campus_id", ""),
            ("category", "technical"),
            ("priority", "high"),
            ("subject", ""),
            ("body", ""),
        ],
        &[l("Asunto: es obligatorio", "Subject: is required")],
    )
    .await;
}

pub(super) async fn portal_forms(app: &TestApp, fx: &Fixture, lang: Lang, found: &mut Findings) {
    let c = user(app, "client_admin", lang, Some(fx.client)).await;
    let l = |es, en| lang.pick(es, en);
    let token = csrf(&get(app, &c, "/portal/tickets/new").await.1);
    let campus = fx.campus.to_string();
    let long = "x".repeat(400);
    let (s, page) = post_multipart(
        app,
        &c,
        "/portal/tickets",
        &[
            ("_csrf", &token),
            ("campus_id", &campus),
            ("category", ""),
            ("priority", ""),
            ("subject", ""),
            ("body", ""),
        ],
    )
    .await;
    found.check(
        lang,
        "/portal/tickets (empty)",
        s,
        &page,
        &[l("Asunto: es obligatorio.", "Subject: is required.")],
    );
    let (s, page) = post_multipart(
        app,
        &c,
        "/portal/tickets",
        &[
            ("_csrf", &token),
            ("campus_id", &campus),
            ("category", "technical"),
            ("priority", "high"),
            ("subject", &long),
            ("body", "Detalle"),
        ],
    )
    .await;
    found.check(
        lang,
        "/portal/tickets (long)",
        s,
        &page,
        &[l("admite como máximo", "at most")],
    );
    let (s, page) = post_multipart(
        app,
        &c,
        &format!("/portal/tickets/{}/messages", fx.open_ticket),
        &[("_csrf", &token), ("body", "  ")],
    )
    .await;
    found.check(
        lang,
        "portal reply (empty)",
        s,
        &page,
        &[l("Escriba una respuesta", "Write a reply")],
    );
    let (s, page) = post_multipart(
        app,
        &c,
        &format!("/portal/tickets/{}/messages", fx.closed_ticket),
        &[("_csrf", &token), ("body", "Sigue igual")],
    )
    .await;
    found.check(
        lang,
        "portal reply (closed)",
        s,
        &page,
        &[l(
            "Un ticket cerrado es definitivo",
            "A closed ticket is final",
        )],
    );
}
