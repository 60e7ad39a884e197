//! The pages: the portal's knowledge base and new-ticket suggestions, the console's editor,
//! history, ticket actions and dashboard figures, and article files' access rules.

use reqwest::StatusCode;
use serde_json::json;

use super::{demo_articles, with_query};
use crate::{
    both_backends,
    web_client::{csrf, get, post, sign_in},
};

both_backends! {
    async fn the_portal_suggests_reads_and_records_deflections(app) {
        demo_articles(&app).await;
        app.client_with_admin("Norte").await;
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (s, html) = get(&app, &cookie, "/portal/tickets/new").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"kb-suggestions\" role=\"region\" aria-live=\"polite\""), "live region");
        assert!(html.contains("href=\"/portal/kb\" id=\"kb-browse\""), "the link that works without JavaScript");
        let (s, body) = get(&app, &cookie, &with_query("/portal/kb/suggest", &[("q", "no puedo matricular alumnos")])).await;
        assert_eq!(s, StatusCode::OK);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v[0]["slug"], "matricular-alumnos", "{v}");
        assert_eq!(v[0]["portal_url"], "/portal/kb/matricular-alumnos");

        let (s, html) = get(&app, &cookie, &with_query("/portal/kb", &[("q", "matricular")])).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("href=\"/portal/kb/matricular-alumnos\""), "{html}");
        assert!(html.contains("<mark>"), "hits are marked");
        let (s, html) = get(&app, &cookie, "/portal/kb?category=plugins").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("solicitar-la-instalacion-de-un-plugin") && !html.contains("interno-evaluar"), "{html}");
        let (s, _) = get(&app, &cookie, "/portal/kb/interno-evaluar-una-solicitud-de-plugin").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = get(&app, &cookie, "/portal/kb/cambiar-el-idioma-del-campus").await;
        assert_eq!(s, StatusCode::NOT_FOUND, "drafts are the staff's");

        let (s, html) = get(&app, &cookie, "/portal/kb/matricular-alumnos?q=no+puedo").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("<h2>1. Matricular alumnos manualmente</h2>"), "Markdown rendered");
        let token = csrf(&html);
        let r = post(&app, &cookie, "/portal/kb/matricular-alumnos/vote", &[("_csrf", &token), ("helpful", "yes")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = post(&app, &cookie, "/portal/kb/matricular-alumnos/resolved", &[("_csrf", &token), ("query", "no puedo matricular")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location.as_deref(), Some("/portal/kb/matricular-alumnos?resolved=1#resolved"));
        let (_, html) = get(&app, &cookie, "/portal/kb/matricular-alumnos?resolved=1").await;
        assert!(html.contains("id=\"resolved\""));
        let r = post(&app, &cookie, "/portal/kb/matricular-alumnos/resolved", &[("query", "x")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token, no deflection");
        let (_, tickets) = app.get("/api/v1/tickets", &app.admin).await;
        assert_eq!(tickets["items"].as_array().map(Vec::len), Some(0), "no ticket was opened");

        let (_, d) = app.get("/api/v1/dashboard", &app.admin).await;
        assert_eq!(d["kb"]["deflections"], 1, "{}", d["kb"]);
        let (_, agent) = app.staff("agent@provider.test", "agent").await;
        let _ = agent;
        let staff = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, _) = get(&app, &staff, "/portal/kb").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "the portal is the clients'");
        let (s, html) = get(&app, &staff, "/dashboard").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("<dd id=\"kb-deflections\">1</dd>"), "dashboard count");
    }

    async fn agents_write_preview_publish_and_link_articles(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        app.staff("agent@provider.test", "agent").await;
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, html) = get(&app, &cookie, "/console/kb/new").await;
        assert_eq!(s, StatusCode::OK);
        let token = csrf(&html);
        let body = "## Pasos\n\n<script>alert(1)</script>[x](javascript:alert(2))\n\n**Listo**";
        let form = |action: &'static str| vec![("_csrf", token.clone()), ("title_es", "Crear grupos".into()), ("body_es", body.into()),
            ("category", "courses".into()), ("visibility", "public".into()), ("tags", "grupos, cursos".into()), ("action", action.into())];
        let f = form("preview");
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = post(&app, &cookie, "/console/kb", &pairs).await;
        assert_eq!(r.status, StatusCode::OK);
        let start = r.body.find("id=\"kb-preview-out\"").expect("the preview");
        let shown = &r.body[start..start + r.body[start..].find("</section>").unwrap()];
        assert!(shown.contains("<h2>Pasos</h2>") && shown.contains("<strong>Listo</strong>"), "{shown}");
        assert!(!shown.contains("<script") && !shown.contains("href=\"javascript"), "preview is sanitised: {shown}");
        assert!(r.body.contains("script&#62;alert(1)") || r.body.contains("script&gt;alert(1)"), "the textarea keeps the text as typed");
        let (_, list) = app.get("/api/v1/kb/articles", &app.admin).await;
        assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "a preview saves nothing");
        let f = form("save");
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = post(&app, &cookie, "/console/kb", &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let at = r.location.expect("to the editor");
        let id: i64 = at.trim_start_matches("/console/kb/").trim_end_matches("?saved=1").parse().expect("id");
        let r = post(&app, &cookie, &format!("/console/kb/{id}/publish"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (s, html) = get(&app, &cookie, &format!("/console/kb/{id}/history")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("agent@provider.test") && html.contains("Crear grupos"), "{html}");
        let (_, v) = app.get(&format!("/api/v1/kb/articles/{id}"), &client).await;
        assert_eq!(v["tags"], json!(["grupos", "cursos"]));
        // Bad input comes back with the form as typed.
        let r = post(&app, &cookie, "/console/kb", &[("_csrf", &token), ("title_es", ""), ("body_es", ""), ("category", "courses"), ("visibility", "public")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"form-error\""));

        // The ticket page: insert a link, turn into a draft.
        let t = app.ok("/api/v1/tickets", &client, json!({"category": "functional", "priority": "low", "subject": "Grupos", "body": "¿Cómo creo grupos?"})).await;
        let (s, html) = get(&app, &cookie, &format!("/console/tickets/{}", t["id"])).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("data-kb-insert=\"reply-body\"") && html.contains("id=\"to-draft\""));
        let (_, body) = get(&app, &cookie, &with_query("/console/kb/suggest", &[("q", "grupos")])).await;
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v[0]["portal_url"], "/portal/kb/crear-grupos", "{v}");
        let r = post(&app, &cookie, &format!("/console/tickets/{}/kb-draft", t["id"]), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (s, html) = get(&app, &cookie, r.location.as_deref().unwrap()).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("¿Cómo creo grupos?"), "the draft holds the ticket's text");
    }

    async fn article_files_follow_the_article(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let a = crate::kb::article(&app, "Con imagen", "![paso](/kb/files/1)", "public").await;
        let png: &[u8] = b"\x89PNG\r\n\x1a\n0000";
        let res = app.http.post(format!("{}/api/v1/kb/articles/{}/files?filename=paso.png", app.base, a["id"]))
            .bearer_auth(&app.admin).header("content-type", "image/png").body(png.to_vec()).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let f: serde_json::Value = res.json().await.unwrap();
        let url = format!("/api/v1/kb/files/{}", f["id"]);
        let (s, _) = app.get(&url, &client).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "a draft's files are the staff's");
        crate::kb::publish(&app, &a["id"]).await;
        let res = app.http.get(format!("{}{url}", app.base)).bearer_auth(&client).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/png");
        assert!(res.headers().get("content-disposition").is_none(), "images show in place");
        assert_eq!(res.bytes().await.unwrap().as_ref(), png);
        let res = app.http.post(format!("{}/api/v1/kb/articles/{}/files?filename=p.html", app.base, a["id"]))
            .bearer_auth(&client).header("content-type", "text/html").body("<script>").send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let big = vec![0u8; service::kb::ARTICLE_FILE_MAX_BYTES + 1];
        let res = app.http.post(format!("{}/api/v1/kb/articles/{}/files?filename=big.png", app.base, a["id"]))
            .bearer_auth(&app.admin).header("content-type", "image/png").body(big).send().await.unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
    }
}
