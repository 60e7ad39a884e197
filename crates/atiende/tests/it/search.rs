//! Ticket search (`GET /api/v1/tickets?q=`) on a real database: words, accents, stems and
//! prefixes; numbers; internal notes and other clients' tickets never reach a client admin;
//! the index follows every change in the same transaction; FTS syntax is only ever literal;
//! and the same queries return the same tickets on SQLite and PostgreSQL.

use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    both_backends,
    harness::{Backend, TestApp},
};

fn ids(v: &Value) -> Vec<i64> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|x| x["id"].as_i64().expect("id"))
        .collect()
}

/// Percent-encodes everything but letters and digits (a query string value).
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn search(app: &TestApp, token: &str, q: &str, extra: &str) -> Value {
    let (status, v) = app
        .get(&format!("/api/v1/tickets?q={}{extra}", enc(q)), token)
        .await;
    assert_eq!(status, StatusCode::OK, "q={q:?}: {v}");
    v
}

async fn found(app: &TestApp, token: &str, q: &str) -> Vec<i64> {
    let mut v = ids(&search(app, token, q, "").await);
    v.sort();
    v
}

async fn ticket(app: &TestApp, token: &str, subject: &str, body: &str) -> i64 {
    let t = app
        .ok(
            "/api/v1/tickets",
            token,
            json!({"category": "functional", "priority": "medium", "subject": subject, "body": body}),
        )
        .await;
    t["id"].as_i64().expect("id")
}

async fn message(app: &TestApp, token: &str, id: i64, body: &str, internal: bool) {
    app.ok(
        &format!("/api/v1/tickets/{id}/messages"),
        token,
        json!({"body": body, "internal": internal}),
    )
    .await;
}

both_backends! {
    async fn words_accents_stems_prefixes_and_numbers(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let t1 = ticket(&app, &alfa, "Problema con la matriculación", "No puedo inscribir a los alumnos del curso de Química.").await;
        let t2 = ticket(&app, &alfa, "Copia de seguridad", "Necesitamos restaurar el curso de Historia.").await;
        message(&app, &agent, t2, "Ya restauramos la copia del lunes.", false).await;
        message(&app, &agent, t2, "Nota: revisar el espacio en disco del servidor.", true).await;

        for q in ["matriculacion", "Matriculación", "MATRICULAR", "matric", "quimica", "alumno"] {
            assert_eq!(found(&app, &agent, q).await, [t1], "{q}");
            assert_eq!(found(&app, &alfa, q).await, [t1], "{q} (client admin)");
        }
        // Every word must match, in any field of the ticket (subject + messages).
        assert_eq!(found(&app, &agent, "copia lunes").await, [t2]);
        assert!(found(&app, &agent, "matriculación lunes").await.is_empty());
        // A word of a later public message; the number (in three spellings) jumps first.
        assert_eq!(found(&app, &alfa, "restauramos").await, [t2]);
        for q in [t2.to_string(), format!("#{t2}"), format!("T-{t2:07}")] {
            let v = search(&app, &agent, &q, "").await;
            assert_eq!(ids(&v).first(), Some(&t2), "{q}: {v}");
        }
        // Client and campus names, for agents.
        assert_eq!(found(&app, &agent, "alfa").await, [t1, t2]);
        assert_eq!(found(&app, &agent, "alfa matriculacion").await, [t1]);

        // Highlighted excerpts say where: the subject, else the first matching message.
        let v = search(&app, &agent, "matricular", "").await;
        let ex = &v["items"][0]["excerpt"];
        assert_eq!(ex["field"], "subject", "{v}");
        let hits: Vec<&str> = ex["segments"].as_array().unwrap().iter()
            .filter(|s| s["hit"] == true).map(|s| s["text"].as_str().unwrap()).collect();
        assert_eq!(hits, ["matriculación"]);
        let v = search(&app, &agent, "disco servidor", "").await;
        assert_eq!(ids(&v), [t2]);
        assert_eq!(v["items"][0]["excerpt"]["field"], "note", "{v}");
    }

    async fn relevance_is_the_number_then_the_subject_then_newest(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let old_subject = ticket(&app, &alfa, "Insignias del curso", "No se otorgan.").await;
        let body_only = ticket(&app, &alfa, "Consulta", "Las insignias no aparecen en el perfil.").await;
        let new_subject = ticket(&app, &alfa, "Insignias nuevas", "Otra vez.").await;
        let newest_body = ticket(&app, &alfa, "Otra consulta", "¿Cómo se crean insignias?").await;
        // Subject holds every word: those first, newest first; then the rest, newest first.
        let v = search(&app, &agent, "insignias", "").await;
        assert_eq!(ids(&v), [new_subject, old_subject, newest_body, body_only], "{v}");
        // A word in the subject and another in a message: a match, but not a subject one.
        let v = search(&app, &agent, "insignias otorgan", "").await;
        assert_eq!(ids(&v), [old_subject]);
        // The named ticket before everything, listed once.
        let v = search(&app, &agent, &body_only.to_string(), "").await;
        assert_eq!(ids(&v), [body_only]);
        // Pages by offset keep the order.
        let a = search(&app, &agent, "insignias", "&limit=3").await;
        let cursor = a["next_cursor"].as_str().expect("a second page").to_string();
        let b = search(&app, &agent, "insignias", &format!("&limit=3&cursor={cursor}")).await;
        assert_eq!([ids(&a), ids(&b)].concat(), [new_subject, old_subject, newest_body, body_only]);
        // The count (the console's) agrees with the list: four matches, the number once.
        let actor = app.service.authenticate_token(&agent).await.expect("actor");
        let count = |q: &str| service::tickets::TicketQuery { q: Some(q.into()), ..Default::default() };
        assert_eq!(app.service.count_tickets(&actor, &count("insignias")).await.unwrap(), 4);
        assert_eq!(app.service.count_tickets(&actor, &count(&body_only.to_string())).await.unwrap(), 1);
        assert_eq!(app.service.count_tickets(&actor, &count("zzz")).await.unwrap(), 0);
    }

    async fn the_last_word_may_be_half_typed(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let t = ticket(&app, &alfa, "Matricular alumnado", "Los estudiantes no entran.").await;
        // The last word is a prefix while typed; earlier words are finished (stems).
        for q in ["matricular alu", "matriculas estud", "alumn", "matri"] {
            assert_eq!(found(&app, &agent, q).await, [t], "{q}");
        }
        // A finished word is not a prefix: "alu " (with a space) is the word "alu".
        assert!(found(&app, &agent, "matricular alu ").await.is_empty());
        assert!(found(&app, &agent, "alu matricular").await.is_empty());
        // A finished word still finds its other forms through the stem.
        assert_eq!(found(&app, &agent, "alumnos matricular").await, [t]);
    }

    async fn a_typed_word_already_indexed_is_taken_as_finished_within_the_searchers_scope(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, _, beta) = app.client_with_admin("Beta").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let b = ticket(&app, &beta, "Ornitorrinco", "Consulta de Beta.").await;
        let a = ticket(&app, &alfa, "Ornitorrincox", "Consulta de Alfa.").await;
        // The agent's index holds "ornitorrinco": the user means that word, not a prefix.
        assert_eq!(found(&app, &agent, "ornitorrinco").await, [b]);
        assert_eq!(found(&app, &agent, "ornitorrin").await, [b, a]);
        // Alfa's own words do not hold it (only Beta's do): for Alfa it stays a prefix, so
        // what another client wrote never changes what a client admin's search does.
        assert_eq!(found(&app, &alfa, "ornitorrinco").await, [a]);
        assert!(found(&app, &beta, "ornitorrincox").await.is_empty());
    }

    async fn client_admins_never_see_notes_names_or_other_clients(app) {
        let (alfa_id, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, _, beta) = app.client_with_admin("Beta").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let a = ticket(&app, &alfa, "Certificados del curso", "Los certificados salen en blanco.").await;
        let b = ticket(&app, &beta, "Certificados vencidos", "Los certificados tienen fecha errónea.").await;
        message(&app, &agent, a, "Sospecho del plugin zorglub instalado ayer.", true).await;

        assert_eq!(found(&app, &agent, "certificados").await, [a, b]);
        assert_eq!(found(&app, &alfa, "certificados").await, [a]);
        assert_eq!(found(&app, &beta, "certificados").await, [b]);
        // An internal note's word: agents only; the excerpt never shows it to the client.
        assert_eq!(found(&app, &agent, "zorglub").await, [a]);
        assert!(found(&app, &alfa, "zorglub").await.is_empty());
        let v = search(&app, &alfa, "certificados", "").await;
        assert!(!v.to_string().contains("zorglub"), "{v}");
        // Names are for agents: a client admin's "beta" does not match their own tickets by
        // client name, and never Beta's.
        assert!(found(&app, &alfa, "beta").await.is_empty());
        // Another client's ticket by number: not there.
        assert!(!found(&app, &alfa, &b.to_string()).await.contains(&b));
        // The queue filter by client, for an agent, narrows too.
        let (_, v) = app.get(&format!("/api/v1/tickets?q=certificados&client_id={alfa_id}"), &agent).await;
        assert_eq!(ids(&v), [a]);
    }

    async fn search_combines_with_filters_sorts_and_pages(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let mut all = Vec::new();
        for i in 0..7 {
            let prio = if i % 2 == 0 { "urgent" } else { "low" };
            let t = app.ok("/api/v1/tickets", &alfa, json!({"category": "technical", "priority": prio,
                "subject": format!("Calificaciones {i}"), "body": "el libro de calificaciones no suma"})).await;
            all.push(t["id"].as_i64().unwrap());
        }
        let v = search(&app, &agent, "calificaciones", "&priority=urgent").await;
        assert_eq!(ids(&v).len(), 4);
        // By urgency: the queue's order (urgent first).
        let v = search(&app, &agent, "calificaciones", "&sort=urgency").await;
        assert_eq!(v["items"][0]["priority"], "urgent");
        // Relevance pages by offset, every ticket once.
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let v = search(&app, &agent, "calificaciones", &format!("&limit=3{cursor}")).await;
            seen.extend(ids(&v));
            match v["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
        seen.sort();
        assert_eq!(seen, all);
        let (s, p) = app.get("/api/v1/tickets?q=x&sort=loudest", &agent).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        let (s, _) = app.get("/api/v1/tickets?q=x&cursor=o99999999", &agent).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn the_index_follows_every_change(app) {
        let (cid, campus, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let t = app.ok("/api/v1/tickets", &alfa, json!({"category": "functional", "priority": "medium",
            "campus_id": campus, "subject": "Foros sin notificaciones", "body": "Nadie recibe los avisos."})).await;
        let t = t["id"].as_i64().unwrap();
        assert_eq!(found(&app, &agent, "alfa campus invalid foros").await, [t]);
        let (s, v) = app.patch(&format!("/api/v1/tickets/{t}"), &agent, json!({"subject": "Insignias que no se otorgan", "tags": ["urgente-rector"]})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(found(&app, &agent, "foros").await.is_empty());
        assert_eq!(found(&app, &agent, "insignias").await, [t]);
        assert_eq!(found(&app, &agent, "rector").await, [t]);
        let (s, _) = app.call(reqwest::Method::PUT, &format!("/api/v1/clients/{cid}"), &app.admin,
            Some(json!({"name": "Universidad Omega", "tax_id": "TAX-Alfa", "time_zone": "America/Argentina/Buenos_Aires"}))).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(found(&app, &agent, "omega insignias").await, [t]);
        let (s, _) = app.call(reqwest::Method::PUT, &format!("/api/v1/campuses/{campus}"), &app.admin,
            Some(json!({"client_id": cid, "url": "https://aulavirtual.omega.invalid", "platform": "Moodle",
                "platform_version": "4.5", "hosted_by_us": true, "service_start_date": "2026-01-15"}))).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(found(&app, &agent, "aulavirtual").await, [t]);
        // "Alfa" was the client's old name and in the campus's old address: gone from both.
        assert!(found(&app, &agent, "alfa insignias").await.is_empty());
    }

    async fn the_backfill_indexes_what_the_index_never_saw(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let mut made = Vec::new();
        for i in 0..5 {
            made.push(ticket(&app, &alfa, &format!("Cohortes {i}"), "Sincronizar cohortes").await);
        }
        // As after a bulk load or an upgrade: rows the index does not know.
        let wipe = match app.service.db.engine() {
            store::Engine::Sqlite => "delete from ticket_fts",
            store::Engine::Postgres => "delete from ticket_search",
        };
        match &app.service.db {
            store::Db::Sqlite { write, .. } => sqlx::query(wipe).execute(write).await.map(|_| ()),
            store::Db::Postgres(p) => sqlx::query(wipe).execute(p).await.map(|_| ()),
        }
        .expect("wipe");
        assert!(found(&app, &agent, "cohortes").await.is_empty());
        app.service.search_reindex_all().await.unwrap();
        let p = app.service.search_backfill(std::time::Duration::from_secs(60)).await.unwrap();
        assert_eq!(p.and_then(|p| p.next_id), None);
        assert_eq!(found(&app, &agent, "cohortes").await, made);
        // Done: the next minute's job reads one row and does nothing.
        assert_eq!(app.service.search_backfill(std::time::Duration::from_secs(1)).await.unwrap(), None);
    }

    async fn fts_syntax_and_huge_queries_are_literal(app) {
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        let t = ticket(&app, &alfa, "Error en ubuntu 20.04", "multi-agent: el proceso \"cron\" falla (código 0x1F).").await;
        let nasty = [
            "\"", "\"\"", "'", "*", "-", "-x", "a*b", "NEAR(a b)", "col:val", "subject:error",
            "ubuntu 20.04", "multi-agent", "\"unterminated", "a & b | !c", "(((", ")", "a OR",
            "AND", "NOT", "^start", "{subject}", "':*", "!!", "<->", "\\", "%", "_", "%_%",
            "\u{202e}", "😀 emoji", "código", "0x1F", "cron\"",
        ];
        for q in nasty {
            search(&app, &agent, q, "").await;
            search(&app, &alfa, q, "").await;
        }
        // NUL is refused before any search, as in every other text field.
        let (s, _) = app.get("/api/v1/tickets?q=a%00b", &agent).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(found(&app, &agent, "ubuntu 20.04").await, [t]);
        assert_eq!(found(&app, &agent, "multi-agent").await, [t]);
        assert_eq!(found(&app, &agent, "\"cron\"").await, [t]);
        let huge = "matriculación \"NEAR( * ".repeat(600); // ~14 KB
        assert!(huge.len() > 10_000);
        let (s, v) = app.get(&format!("/api/v1/tickets?q={}", enc(&huge)), &agent).await;
        assert!(s == StatusCode::OK || s.is_client_error(), "{s}: {v}");
        assert_ne!(s, StatusCode::INTERNAL_SERVER_ERROR);
        // Through the body size limit, the same 10 KB through the service directly.
        let q = service::tickets::TicketQuery { q: Some(huge), ..Default::default() };
        let actor = app.service.authenticate_token(&agent).await.expect("actor");
        app.service.list_tickets(&actor, &q).await.expect("a huge query is just words");
    }
}

/// The same tickets and the same queries on both engines return the same tickets.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_return_the_same_tickets() {
    let Some(sqlite) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(pg) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let words = [
        "matriculación",
        "alumnos",
        "curso",
        "copia",
        "seguridad",
        "calificaciones",
        "cuestionario",
        "foro",
        "tarea",
        "cohorte",
        "certificado",
        "insignia",
        "plugin",
        "correo",
        "contraseña",
        "usuario",
        "importar",
        "csv",
        "examen",
        "Moodle",
        "rendimiento",
        "lento",
        "error",
        "500",
        "backup",
        "restore",
        "grades",
        "enrolment",
        "users",
        "quiz",
        "2026",
        "ñandú",
        "acción",
    ];
    let queries = [
        "matriculacion",
        "alumno",
        "curs",
        "copia seguridad",
        "calificación",
        "cuestionarios",
        "foro tarea",
        "cohortes",
        "certificados",
        "plugin correo",
        "contrasena",
        "usuarios csv",
        "examen",
        "moodle",
        "lento rendimiento",
        "error 500",
        "backup",
        "grade",
        "enrol",
        "user",
        "2026",
        "nandu",
        "accion",
        "zzz",
        "de la",
        "a",
        "T-0000003",
        "7",
        "matri",
        "copia segu",
        "alumno ",
        "cuestionario exa",
    ];
    // PostgreSQL walks only the newest 7 tickets before asking its index for the rest (5 000
    // in production), so both halves of its walk answer here (only the speed differs, so
    // another test sharing this process would see the same results).
    store::ticket_list::set_pg_recent_walk(7);
    let mut results = Vec::new();
    for app in [&sqlite, &pg] {
        let mut rng = StdRng::seed_from_u64(21);
        let (_, _, alfa) = app.client_with_admin("Alfa").await;
        let (_, _, beta) = app.client_with_admin("Beta").await;
        let (_, agent) = app.staff("agente@prov.test", "agent").await;
        for i in 0..60 {
            let text = |rng: &mut StdRng| {
                (0..rng.random_range(3..9))
                    .map(|_| *words.choose(rng).unwrap())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let who = if i % 3 == 0 { &beta } else { &alfa };
            let subject = text(&mut rng);
            let body = text(&mut rng);
            let t = ticket(app, who, &subject, &body).await;
            if rng.random_bool(0.5) {
                let note = rng.random_bool(0.3);
                message(app, &agent, t, &text(&mut rng), note).await;
            }
        }
        let mut per_app = Vec::new();
        for q in queries {
            for token in [&agent, &alfa] {
                // In the same order too: relevance is tiered and newest-first on both.
                let v = search(app, token, q, "&limit=200").await;
                per_app.push((q, ids(&v)));
            }
        }
        results.push(per_app);
    }
    let nonempty = results[0].iter().filter(|(_, r)| !r.is_empty()).count();
    assert!(nonempty > 30, "the queries must find something: {nonempty}");
    for (a, b) in results[0].iter().zip(&results[1]) {
        assert_eq!(a, b, "SQLite and PostgreSQL disagree on {:?}", a.0);
    }
}
