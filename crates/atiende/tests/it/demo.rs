//! `atiende demo` seeds every status and every SLA state relative to the service's clock.

use std::collections::BTreeSet;

use crate::both_backends;

both_backends! {
    async fn demo_seed_covers_every_status_and_sla_state(app) {
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        assert!(seed.logins.len() >= 6, "admin, supervisor, agent and one admin per client");
        assert!(seed.logins.iter().all(|(_, _, pw)| pw.chars().count() >= 10));

        let (s, page) = app.get("/api/v1/tickets?limit=200", &seed.token).await;
        assert!(s.is_success(), "{page}");
        let items = page["items"].as_array().expect("items");
        assert!(items.len() >= 50, "about 60 tickets, got {}", items.len());
        let set = |f: &dyn Fn(&serde_json::Value) -> &serde_json::Value| {
            items.iter().map(|t| f(t).as_str().expect("text").to_string()).collect::<BTreeSet<_>>()
        };
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(set(&|t| &t["status"]), words(&["closed", "new", "open", "resolved", "waiting_on_client"]));
        assert_eq!(set(&|t| &t["sla"]["state"]), words(&["breached", "met", "ok", "warning"]));
        assert_eq!(set(&|t| &t["priority"]), words(&["high", "low", "medium", "urgent"]));
        assert_eq!(set(&|t| &t["category"]), words(&["administrative", "commercial", "complaint", "functional", "technical"]));
        assert_eq!(set(&|t| &t["sla"]["clock"]), words(&["business", "calendar"]));
        assert!(items.iter().any(|t| t["scope"]["kind"] == "out_of_scope" && t["scope"]["reason"].is_string()));

        // The queue filters agree with the objects.
        for state in ["ok", "warning", "breached", "met"] {
            let (_, list) = app.get(&format!("/api/v1/tickets?sla_state={state}&limit=200"), &seed.token).await;
            let list = list["items"].as_array().expect("items");
            assert!(!list.is_empty(), "no {state} ticket in the filtered queue");
            assert!(list.iter().all(|t| t["sla"]["state"] == state), "sla_state={state} lists another state");
            let expected = items.iter().filter(|t| t["sla"]["state"] == state).count();
            assert_eq!(list.len(), expected, "sla_state={state} must list every {state} ticket (paused ones too)");
        }
        let (_, urgent) = app.get("/api/v1/tickets?priority=urgent&limit=200", &seed.token).await;
        let urgent = urgent["items"].as_array().expect("items");
        assert!(!urgent.is_empty());
        assert!(urgent.iter().all(|t| t["priority"] == "urgent" && t["sla"].is_object()));

        // Nothing was written after the service's now, and the watcher has nothing left to do.
        let now = app.service.now();
        for t in items {
            let created: jiff::Timestamp = t["created_at"].as_str().expect("created_at").parse().expect("instant");
            assert!(created <= now, "ticket {} created in the future", t["id"]);
        }
        let r = app.watch().await;
        assert_eq!((r.breaches, r.closed), (0, 0));
    }
}

// The demo's simulated campuses: every campus URL points at a real local server that answers
// like a Moodle login page, and one request takes a campus down (503) or brings it back.
both_backends! {
    async fn demo_campuses_answer_on_a_local_server_and_go_down_on_request(app) {
        use atiende::demo::campus_server::CampusServer;
        let server = CampusServer::start("127.0.0.1:0".parse().unwrap()).await.expect("server");
        let seed = atiende::demo::seed_with(&app.service, Some(&server)).await.expect("demo seed");
        let (s, campuses) = app.get("/api/v1/campuses", &seed.token).await;
        assert!(s.is_success(), "{campuses}");
        let urls: Vec<&str> = campuses.as_array().unwrap().iter().map(|c| c["url"].as_str().unwrap()).collect();
        let slugs = atiende::demo::campus_slugs();
        assert_eq!(urls.len(), slugs.len());
        assert!(urls.iter().all(|u| u.starts_with(&format!("http://{}/", server.addr))), "{urls:?}");

        let http = reqwest::Client::new();
        let first = format!("http://{}/{}/", server.addr, slugs[0]);
        let page = http.get(&first).send().await.unwrap();
        assert_eq!(page.status(), reqwest::StatusCode::OK);
        assert!(page.text().await.unwrap().contains("Moodle"));
        let switch = |state: &str| format!("http://{}/_demo/{}/{state}", server.addr, slugs[0]);
        assert_eq!(http.post(switch("down")).send().await.unwrap().status(), reqwest::StatusCode::NO_CONTENT);
        assert!(!server.is_up(slugs[0]));
        assert_eq!(http.get(&first).send().await.unwrap().status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
        let other = format!("http://{}/{}/", server.addr, slugs[1]);
        assert_eq!(http.get(&other).send().await.unwrap().status(), reqwest::StatusCode::OK, "only that campus");
        http.post(switch("up")).send().await.unwrap();
        assert_eq!(http.get(&first).send().await.unwrap().status(), reqwest::StatusCode::OK);
    }
}

// Issue 19's acceptance story in the demo: a client admin asks to have 40 courses created and
// the students enrolled; the ticket was suggested as campus administration, the agent took the
// suggestion and sent a quote (or offers the hours bank), and the client sees both the quote
// and the hours left this month. The posgrado campus (on the client's own servers) shows the
// hosted-only services as not included.
both_backends! {
    async fn demo_tells_the_campus_administration_story_with_a_quote_and_the_hours_bank(app) {
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        let (_, page) = app.get("/api/v1/tickets?limit=200", &seed.token).await;
        let t = page["items"].as_array().expect("items").iter()
            .find(|t| t["subject"] == "Crear 40 cursos y matricular a los alumnos")
            .expect("the 40-courses ticket")
            .clone();
        let id = t["id"].as_i64().expect("id");
        let (_, staff_view) = app.get(&format!("/api/v1/tickets/{id}"), &seed.token).await;
        let s = &staff_view["scope_suggestion"];
        assert_eq!(s["class"], "campus_administration", "{s}");
        assert_eq!(s["decision"], "accepted", "{s}");
        assert_eq!(staff_view["scope"]["kind"], "out_of_scope");
        assert_eq!(staff_view["scope"]["reason"], "campus_administration");
        assert_eq!(staff_view["status"], "waiting_on_client");

        // The client admin of San Martín: the quote to decide on, and the hours left.
        // The first client admin of the seed is San Martín's.
        let (email, _) = crate::harness::demo_login(&seed, "client_admin");
        assert!(email.ends_with("@issanmartin.example"), "{email}");
        let uid = app.service.user_id_by_email(&email).await.expect("client admin");
        let (_, client) = app.service.create_token(uid, "t").await.expect("token");
        let (st, quotes) = app.get(&format!("/api/v1/tickets/{id}/quotes"), &client).await;
        assert!(st.is_success(), "{quotes}");
        let quotes = quotes.as_array().expect("quotes");
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(quotes[0]["state"], "pending");
        assert_eq!(quotes[0]["currency"], "ARS");
        assert_eq!(quotes[0]["minutes"], 720);
        let (_, mine) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert!(mine.get("scope_suggestion").is_none_or(|v| v.is_null()), "suggestions are staff-only: {mine}");
        assert!(mine["scope"]["explanation"].as_str().is_some_and(|e| !e.is_empty()), "{mine}");
        let client_id = mine["client_id"].as_i64().expect("client id");
        let (st, hours) = app.get(&format!("/api/v1/clients/{client_id}/hours"), &client).await;
        assert!(st.is_success(), "{hours}");
        assert!(hours["available_minutes"].as_i64().expect("available") > 0, "{hours}");
        assert!(hours["left_minutes"].is_i64(), "{hours}");

        // The non-hosted campus: hosting and backups not included, monitoring included.
        let (_, campuses) = app.get("/api/v1/campuses", &client).await;
        let theirs = campuses.as_array().expect("campuses").iter()
            .find(|c| c["hosted_by_us"] == false)
            .expect("a campus on the client's servers");
        let (st, cov) = app.get(&format!("/api/v1/campuses/{}/coverage", theirs["id"]), &client).await;
        assert!(st.is_success(), "{cov}");
        let services = cov["services"].as_array().expect("services");
        let coverage = |code: &str| services.iter().find(|s| s["service"] == code).map(|s| s["coverage"].clone());
        assert_eq!(coverage("hosting"), Some("not_hosted".into()), "{cov}");
        assert_eq!(coverage("daily_backups"), Some("not_hosted".into()), "{cov}");
        assert_eq!(coverage("monitoring"), Some("included".into()), "{cov}");
    }
}
