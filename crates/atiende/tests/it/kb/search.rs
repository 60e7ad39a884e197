//! Search and suggestions: the acceptance sentence, the same answers on both engines, and
//! queries full of FTS syntax answered 200.

use std::collections::BTreeSet;

use reqwest::StatusCode;

use super::{demo_articles, slugs, with_query};
use crate::{
    both_backends,
    harness::{Backend, TestApp},
};

const ENROLMENT: &str = atiende::demo::kb::ENROLMENT_SLUG;
const SUGGESTIONS_MAX: i64 = service::kb::SUGGESTIONS_MAX;

/// Queries whose answers both engines must agree on (as sets).
const QUERIES: &[&str] = &[
    "matricular",
    "matriculación",
    "Matricular",
    "MATRICULACION",
    "no puedo matricular alumnos",
    "enrol students",
    "copia de seguridad",
    "backup",
    "restaurar curso",
    "csv",
    "usuarios csv",
    "contraseña",
    "password reset",
    "plugin",
    "instalar plugin",
    "calificaciones",
    "notas",
    "cuestionario intentos",
    "foro correo",
    "certificado",
    "curso",
    "xyzzy",
    "de la",
    "alumnos",
    "interno",
    "idioma",
];

both_backends! {
    async fn articles_indexed_before_stems_are_indexed_again(app) {
        demo_articles(&app).await;
        let (_, _, client) = app.client_with_admin("Norte").await;
        let suggest = |q: &'static str| with_query("/api/v1/kb/suggest", &[("q", q)]);
        // As an older version left it: an empty index and the migration's request to rebuild.
        let wipe = match app.service.db.engine() {
            store::Engine::Sqlite => "delete from article_fts",
            store::Engine::Postgres => "update article_version set search = ''",
        };
        let mark = "update search_backfill set next_id = 1 where name = 'article'";
        for sql in [wipe, mark] {
            match &app.service.db {
                store::Db::Sqlite { write, .. } => sqlx::query(sql).execute(write).await.map(|_| ()),
                store::Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
            }
            .expect(sql);
        }
        let (_, v) = app.get(&suggest("matricular alumnos"), &client).await;
        assert!(slugs(&v).is_empty(), "{v}");
        app.service.search_backfill(std::time::Duration::from_secs(60)).await.unwrap();
        let (_, v) = app.get(&suggest("matricular alumnos"), &client).await;
        assert_eq!(slugs(&v).first().map(String::as_str), Some(ENROLMENT), "{v}");
    }

    async fn typing_no_puedo_matricular_alumnos_suggests_the_enrolment_article(app) {
        demo_articles(&app).await;
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (s, v) = app.get(&with_query("/api/v1/kb/suggest", &[("q", "no puedo matricular alumnos")]), &client).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(slugs(&v)[0], ENROLMENT, "{v}");
        // The excerpt marks the words that matched.
        let hits: Vec<&str> = v[0]["excerpt"].as_array().expect("excerpt").iter()
            .filter(|s| s["hit"] == true).map(|s| s["text"].as_str().unwrap()).collect();
        assert!(!hits.is_empty(), "{v}");
        for q in ["matriculación", "matricular", "Matricular", "no puedo matricular alumnos"] {
            let (_, v) = app.get(&with_query("/api/v1/kb/suggest", &[("q", q)]), &client).await;
            assert_eq!(slugs(&v).first().map(String::as_str), Some(ENROLMENT), "suggest {q}: {v}");
            let (_, v) = app.get(&with_query("/api/v1/kb/articles", &[("q", q)]), &client).await;
            assert!(slugs(&v).iter().any(|s| s == ENROLMENT), "search {q}: {v}");
        }
        // English finds the English version, titled in English when asked.
        let (_, v) = app.get(&with_query("/api/v1/kb/suggest", &[("q", "enrol students"), ("lang", "en")]), &client).await;
        assert_eq!(v[0]["slug"], ENROLMENT, "{v}");
        assert_eq!(v[0]["title"], "How to enrol students in a course");
        // Drafts and internal articles are never suggested, whoever asks.
        let (_, v) = app.get(&with_query("/api/v1/kb/suggest", &[("q", "interno idioma borrador")]), &app.admin).await;
        assert_eq!(slugs(&v), Vec::<String>::new(), "{v}");
    }

    async fn the_search_box_wants_every_word_then_any(app) {
        demo_articles(&app).await;
        let (_, v) = app.get(&with_query("/api/v1/kb/articles", &[("q", "copia seguridad restaurar")]), &app.admin).await;
        assert_eq!(v["matched"], "all");
        assert!(slugs(&v).iter().any(|s| s == "copia-de-seguridad-y-restauracion-de-un-curso"), "{v}");
        let (_, v) = app.get(&with_query("/api/v1/kb/articles", &[("q", "contraseña xyzzy")]), &app.admin).await;
        assert_eq!(v["matched"], "any", "{v}");
        // The password article first (the word is in its title), the CSV import's mention after.
        assert_eq!(slugs(&v), ["restablecer-la-contrasena-de-un-usuario", "importar-usuarios-con-csv"]);
        let (_, v) = app.get(&with_query("/api/v1/kb/articles", &[("q", "plugin"), ("category", "plugins")]), &app.admin).await;
        assert_eq!(slugs(&v).into_iter().collect::<BTreeSet<_>>(),
            ["interno-evaluar-una-solicitud-de-plugin", "solicitar-la-instalacion-de-un-plugin"].map(String::from).into());
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, v) = app.get(&with_query("/api/v1/kb/articles", &[("q", "plugin"), ("category", "plugins")]), &client).await;
        assert_eq!(slugs(&v), ["solicitar-la-instalacion-de-un-plugin"], "internal ones are the staff's");
    }

    async fn queries_full_of_search_syntax_answer_200(app) {
        demo_articles(&app).await;
        let (_, _, client) = app.client_with_admin("Norte").await;
        let long = "matricular \"alumnos\" * NEAR( : - & ! | ".repeat(300);
        let nasty = [
            "\"", "*", "NEAR(", ":", "-", "&", "!", "(", ")", "'", "\\", "^", "{", "}", "a:b", "-matricular",
            "\"matricular", "matric*", "NOT alumnos", "alumnos OR", "AND", "!!!", "&|!", "title:matricular",
            "'matricular':*", "NEAR(matricular alumnos, 2)", "¿?¡!", "   ", long.as_str(),
        ];
        for q in nasty {
            for path in ["/api/v1/kb/suggest", "/api/v1/kb/articles"] {
                for token in [&client, &app.admin] {
                    let (s, v) = app.get(&with_query(path, &[("q", q)]), token).await;
                    assert_eq!(s, StatusCode::OK, "{path} {q:.40}: {v}");
                }
            }
        }
        let (s, _) = app.get("/api/v1/kb/suggest", &client).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "q is required");
    }
}

/// The same queries return the same articles (as sets) on SQLite and PostgreSQL, for a
/// client admin and for staff, in the search box and in suggestions; the enrolment article is
/// first for the acceptance sentence on both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_find_the_same_articles() {
    let Some(lite) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(pg) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let mut answers: Vec<Vec<(String, BTreeSet<String>)>> = Vec::new();
    for app in [&lite, &pg] {
        demo_articles(app).await;
        let (_, _, client) = app.client_with_admin("Norte").await;
        let mut got = Vec::new();
        for q in QUERIES {
            for (who, token) in [("client", &client), ("admin", &app.admin)] {
                for path in ["/api/v1/kb/articles", "/api/v1/kb/suggest"] {
                    let pairs: &[(&str, &str)] = if path.ends_with("suggest") {
                        &[("q", q)]
                    } else {
                        &[("q", q), ("limit", "100")]
                    };
                    let (s, v) = app.get(&with_query(path, pairs), token).await;
                    assert_eq!(s, StatusCode::OK, "{path} {q}: {v}");
                    got.push((format!("{who} {path} {q}"), slugs(&v).into_iter().collect()));
                }
            }
        }
        let (_, v) = app
            .get(
                &with_query(
                    "/api/v1/kb/suggest",
                    &[("q", "no puedo matricular alumnos")],
                ),
                &client,
            )
            .await;
        assert_eq!(
            slugs(&v)[0],
            ENROLMENT,
            "{:?}: {v}",
            app.service.db.engine()
        );
        answers.push(got);
    }
    for (a, b) in answers[0].iter().zip(&answers[1]) {
        // Suggestions are the best five: past five, which ones make the cut is the engines'
        // ranking (bm25 vs ts_rank), so only complete answers are compared as sets.
        let cut = SUGGESTIONS_MAX as usize;
        if a.0.contains("suggest") && (a.1.len() >= cut || b.1.len() >= cut) {
            assert_eq!((a.1.len(), b.1.len()), (cut, cut), "{a:?} / {b:?}");
            continue;
        }
        assert_eq!(a, b, "SQLite vs PostgreSQL");
    }
    assert!(
        answers[0].iter().any(|(_, s)| s.len() > 3),
        "some query finds several articles"
    );
}
