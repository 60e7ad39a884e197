//! Who sees what, revisions, rendering safety and refusals.

use reqwest::StatusCode;
use serde_json::json;

use super::{article, publish, slugs};
use crate::both_backends;

both_backends! {
    async fn clients_see_published_public_articles_only(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let public = article(&app, "Matricular alumnos", "Paso a paso.", "public").await;
        let internal = article(&app, "Procedimiento interno", "Solo agentes.", "internal").await;
        let (pid, iid) = (&public["id"], &internal["id"]);
        assert_eq!(public["status"], "draft");

        // A draft is the staff's: 404 to the client, in lists too.
        let (s, _) = app.get(&format!("/api/v1/kb/articles/{pid}"), &client).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, v) = app.get(&format!("/api/v1/kb/articles/{pid}"), &agent).await;
        assert_eq!(s, StatusCode::OK, "{v}");

        publish(&app, pid).await;
        publish(&app, iid).await;
        let (s, v) = app.get(&format!("/api/v1/kb/articles/{pid}"), &client).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(v["source_ticket_id"].is_null());
        let slug = v["slug"].as_str().unwrap().to_string();
        assert_eq!(slug, "matricular-alumnos");
        let (s, _) = app.get(&format!("/api/v1/kb/articles/{slug}"), &client).await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = app.get(&format!("/api/v1/kb/articles/{iid}"), &client).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "internal articles are the staff's");
        let (_, list) = app.get("/api/v1/kb/articles", &client).await;
        assert_eq!(slugs(&list), ["matricular-alumnos"]);
        let (_, list) = app.get("/api/v1/kb/articles", &agent).await;
        assert_eq!(slugs(&list).len(), 2);

        // Writing is the staff's.
        let body = json!({"category": "courses", "visibility": "public",
                          "versions": [{"lang": "es", "title": "x", "body": "y"}]});
        let (s, _) = app.post("/api/v1/kb/articles", &client, body.clone()).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.call(reqwest::Method::PUT, &format!("/api/v1/kb/articles/{pid}"), &client, Some(body)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.post(&format!("/api/v1/kb/articles/{pid}/unpublish"), &client, json!({})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app.get(&format!("/api/v1/kb/articles/{pid}/revisions"), &client).await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Back to draft: gone for the client again.
        app.ok(&format!("/api/v1/kb/articles/{pid}/unpublish"), &agent, json!({})).await;
        let (s, _) = app.get(&format!("/api/v1/kb/articles/{pid}"), &client).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn every_save_keeps_the_text_it_replaced(app) {
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let a = article(&app, "Copias de seguridad", "Primera versión.", "public").await;
        let path = format!("/api/v1/kb/articles/{}", a["id"]);
        app.at(60);
        let (s, v) = app.call(reqwest::Method::PUT, &path, &agent, Some(json!({
            "category": "courses", "visibility": "public", "tags": ["backup"],
            "versions": [{"lang": "es", "title": "Copias de seguridad", "body": "Segunda versión."},
                         {"lang": "en", "title": "Backups", "body": "Second version."}]}))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["versions"].as_array().unwrap().len(), 2);
        // Saving the same text again writes no revision.
        let (s, _) = app.call(reqwest::Method::PUT, &path, &agent, Some(json!({
            "category": "courses", "visibility": "public", "tags": ["backup"],
            "versions": [{"lang": "es", "title": "Copias de seguridad", "body": "Segunda versión."}]}))).await;
        assert_eq!(s, StatusCode::OK);
        let (s, revs) = app.get(&format!("{path}/revisions"), &agent).await;
        assert_eq!(s, StatusCode::OK);
        let revs = revs.as_array().unwrap();
        let bodies: Vec<&str> = revs.iter().map(|r| r["body"].as_str().unwrap()).collect();
        assert_eq!(bodies, ["Second version.", "Segunda versión.", "Primera versión."]);
        assert_eq!(revs[0]["saved_by_name"], "agent@provider.test");
        assert_eq!(revs[2]["saved_by_name"], "Root");
        assert_eq!(revs[2]["saved_at"], "2026-11-02T10:00:00Z");
        assert_eq!(revs[1]["saved_at"], "2026-11-02T10:01:00Z");
        let (s, one) = app.get(&format!("/api/v1/kb/revisions/{}", revs[2]["id"]), &agent).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(one["body"], "Primera versión.");
    }

    async fn scripts_and_javascript_links_never_reach_a_reader(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let a = article(&app, "Peligroso", "# Título\n\n<script>alert('x')</script>\n\n[clic](javascript:alert(1)) \
            <a href=\"javascript:alert(2)\">otro</a> <img src=\"x\" onerror=\"alert(3)\">\n\n**negrita**", "public").await;
        publish(&app, &a["id"]).await;
        let (_, v) = app.get(&format!("/api/v1/kb/articles/{}", a["id"]), &client).await;
        let html = v["versions"][0]["html"].as_str().unwrap();
        for bad in ["<script", "javascript:", "onerror"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<strong>negrita</strong>"), "{html}");
    }

    async fn bad_input_is_refused_naming_the_field(app) {
        let cases = [
            (json!({"category": "courses", "visibility": "public", "versions": []}), StatusCode::UNPROCESSABLE_ENTITY, "versions"),
            (json!({"category": "courses", "visibility": "public", "slug": "Con Espacios",
                    "versions": [{"lang": "es", "title": "t", "body": "b"}]}), StatusCode::UNPROCESSABLE_ENTITY, "slug"),
            (json!({"category": "nope", "visibility": "public",
                    "versions": [{"lang": "es", "title": "t", "body": "b"}]}), StatusCode::UNPROCESSABLE_ENTITY, "category"),
            (json!({"category": "courses", "visibility": "public",
                    "versions": [{"lang": "es", "title": "", "body": "b"}]}), StatusCode::UNPROCESSABLE_ENTITY, "versions[0].title"),
            (json!({"category": "courses", "visibility": "public",
                    "versions": [{"lang": "es", "title": "a", "body": "b"}, {"lang": "es", "title": "c", "body": "d"}]}),
                StatusCode::UNPROCESSABLE_ENTITY, "versions[1].lang"),
        ];
        for (body, status, field) in cases {
            let (s, v) = app.post("/api/v1/kb/articles", &app.admin, body).await;
            assert_eq!(s, status, "{v}");
            assert_eq!(v["errors"][0]["field"], field, "{v}");
        }
        let body = json!({"category": "courses", "visibility": "public", "slug": "unico",
                          "versions": [{"lang": "es", "title": "t", "body": "b"}]});
        app.ok("/api/v1/kb/articles", &app.admin, body.clone()).await;
        let (s, v) = app.post("/api/v1/kb/articles", &app.admin, body).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        // Without a slug, a taken one gets a number.
        let a = super::article(&app, "Unico", "otro", "public").await;
        assert_eq!(a["slug"], "unico-2");
        let (s, _) = app.get("/api/v1/kb/articles/999999", &app.admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, v) = app.get("/api/v1/kb/articles?category=nope", &app.admin).await;
        assert!(s.is_client_error(), "{s} {v}");
    }
}
