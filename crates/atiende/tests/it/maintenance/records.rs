//! Records through the API: every kind, newest first, what the contract covers only on our
//! servers, bad input on every endpoint, and who may read and write.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{campus, record, records};
use crate::both_backends;

const PROBLEM: &str = "application/problem+json";

both_backends! {
    async fn every_kind_is_recorded_and_read_back_newest_first(app) {
        let (_, campus_id, client) = app.client_with_admin("Norte").await;
        let (_, _, sur_client) = app.client_with_admin("Sur").await;
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;
        app.at(60);

        let (s, b) = record(&app, &agent, campus_id, json!({"kind": "backup", "status": "ok",
            "size_bytes": 1_200_000_000_i64, "duration_seconds": 340, "location": "s3://copias/norte/2026-11-02.tar.zst",
            "performed_at": "2026-11-02T03:10:00Z", "note": "diaria"})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        assert_eq!((b["kind"].as_str(), b["status"].as_str()), (Some("backup"), Some("ok")));
        assert_eq!(b["size_bytes"], 1_200_000_000_i64);
        assert_eq!(b["duration_seconds"], 340);
        assert_eq!(b["performed_at"], "2026-11-02T03:10:00Z");
        assert_eq!(b["source"], "api");
        assert!(b["token_id"].is_i64(), "the API token that sent it is named: {b}");
        assert_eq!(b["recorded_by_name"], "agente@atiende.test");

        for (kind, package, from, to) in [("os_update", "linux-image-amd64", "6.1.0-25", "6.1.0-26"),
                                          ("db_update", "postgresql-16", "16.3", "16.4"),
                                          ("security_patch", "openssl", "3.0.13", "3.0.14")] {
            let (s, v) = record(&app, &agent, campus_id, json!({"kind": kind, "package": package,
                "from_version": from, "to_version": to})).await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
            assert_eq!((v["package"].as_str(), v["to_version"].as_str()), (Some(package), Some(to)));
            assert_eq!(v["performed_at"], "2026-11-02T10:01:00Z", "default now");
        }
        let (s, up) = record(&app, &agent, campus_id, json!({"kind": "platform_upgrade", "to_version": "5.0"})).await;
        assert_eq!(s, StatusCode::CREATED, "{up}");
        assert_eq!(up["from_version"], "4.5", "from the campus's version by default");
        let (_, c) = app.get(&format!("/api/v1/campuses/{campus_id}"), &app.admin).await;
        assert_eq!(c["platform_version"], "5.0", "an upgrade sets the campus's version");
        let (s, old) = record(&app, &agent, campus_id, json!({"kind": "platform_upgrade", "from_version": "4.1",
            "to_version": "4.5", "performed_at": "2026-05-01T10:00:00Z"})).await;
        assert_eq!(s, StatusCode::CREATED, "{old}");
        let (_, c) = app.get(&format!("/api/v1/campuses/{campus_id}"), &app.admin).await;
        assert_eq!(c["platform_version"], "5.0", "an older upgrade recorded late does not turn it back");
        let (s, w) = record(&app, &agent, campus_id, json!({"kind": "maintenance_window",
            "starts_at": "2026-11-03T02:00:00Z", "ends_at": "2026-11-03T03:30:00Z", "description": "Cambio de disco"})).await;
        assert_eq!(s, StatusCode::CREATED, "{w}");
        assert_eq!((w["performed_at"].as_str(), w["starts_at"].as_str(), w["ends_at"].as_str()),
                   (Some("2026-11-03T02:00:00Z"), Some("2026-11-03T02:00:00Z"), Some("2026-11-03T03:30:00Z")));
        assert_eq!(w["description"], "Cambio de disco");

        let all = records(&app, &agent, campus_id, "").await;
        let kinds: Vec<&str> = all.iter().map(|r| r["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["maintenance_window", "platform_upgrade", "security_patch", "db_update", "os_update", "backup", "platform_upgrade"],
                   "newest first by when it was done");
        assert_eq!(records(&app, &agent, campus_id, "?kind=backup").await.len(), 1);
        assert_eq!(records(&app, &agent, campus_id, "?limit=2").await.len(), 2);

        // The client admin reads their campus's records (without token ids) but records nothing.
        let theirs = records(&app, &client, campus_id, "").await;
        assert_eq!(theirs.len(), 7);
        assert!(theirs.iter().all(|r| r["token_id"].is_null()), "{theirs:?}");
        let (s, _) = record(&app, &client, campus_id, json!({"kind": "backup", "status": "ok"})).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // Another client's admin: every maintenance endpoint of this campus is "not found".
        for path in [format!("/api/v1/campuses/{campus_id}/maintenance"),
                     format!("/api/v1/campuses/{campus_id}/maintenance/timeline"),
                     format!("/api/v1/campuses/{campus_id}/upgrade-eligibility")] {
            let (s, v) = app.get(&path, &sur_client).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {v}");
        }
        let (s, _) = record(&app, &sur_client, campus_id, json!({"kind": "backup", "status": "ok"})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = app.post(&format!("/api/v1/campuses/{campus_id}/upgrade-request"), &sur_client, json!({})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(records(&app, &agent, campus_id, "").await.len(), 7, "nothing written by refusals");

        // The timeline gathers it.
        let (s, tl) = app.get(&format!("/api/v1/campuses/{campus_id}/maintenance/timeline"), &agent).await;
        assert_eq!(s, StatusCode::OK, "{tl}");
        assert_eq!(tl["backups"]["last_ok"]["id"], b["id"]);
        assert!(tl["backups"]["last_failed"].is_null());
        assert_eq!(tl["updates"].as_array().unwrap().len(), 3);
        assert_eq!(tl["upgrades"].as_array().unwrap().len(), 2);
        assert_eq!(tl["windows"].as_array().unwrap().len(), 1);
        assert_eq!(tl["eligibility"]["counted_from"], "2026-11-02", "the upgrade restarts the 6 months");
        assert_eq!(tl["eligibility"]["eligible"], false);
        assert!(tl["moodle"].is_object());
        let (_, theirs) = app.get(&format!("/api/v1/campuses/{campus_id}/maintenance/timeline"), &client).await;
        assert!(theirs["moodle"].is_null(), "{theirs}");

        // The admin campus page shows the partial.
        let cookie = crate::web_client::sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, html) = crate::web_client::get(&app, &cookie, &format!("/admin/campuses/{campus_id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"maintenance\"") && html.contains("1.2 GB") && html.contains("4.5 → 5.0"), "{html}");
        let (s, html) = crate::web_client::get(&app, &cookie, &format!("/admin/campuses/{campus_id}/maintenance")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("id=\"record-form\"") && html.contains("Cambio de disco"), "{html}");
    }

    async fn what_the_contract_covers_only_on_our_servers_is_refused_elsewhere(app) {
        let (client_id, _, _) = app.client_with_admin("Norte").await;
        let remote = campus(&app, client_id, "aulas.norte.example", false, "2026-01-15").await;
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;
        let cases = [
            (json!({"kind": "backup", "status": "ok", "size_bytes": 10}), "the contract covers backups only for campuses on our servers"),
            (json!({"kind": "os_update", "package": "linux", "from_version": "1", "to_version": "2"}), "operating system and database updates only for campuses on our servers"),
            (json!({"kind": "db_update", "package": "mariadb", "from_version": "1", "to_version": "2"}), "operating system and database updates only for campuses on our servers"),
            (json!({"kind": "security_patch", "package": "openssl", "from_version": "1", "to_version": "2"}), "system security only for campuses on our servers"),
            (json!({"kind": "maintenance_window", "starts_at": "2026-11-03T02:00:00Z", "ends_at": "2026-11-03T03:00:00Z", "description": "x"}), "server maintenance only for campuses on our servers"),
        ];
        for (body, reason) in cases {
            let res = app.http.post(format!("{}/api/v1/campuses/{remote}/maintenance", app.base))
                .bearer_auth(&agent).json(&body).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(res.headers()["content-type"], PROBLEM);
            let v: serde_json::Value = res.json().await.unwrap();
            assert_eq!(v["errors"][0]["field"], "kind", "{v}");
            assert_eq!(v["errors"][0]["code"], "not_hosted", "{v}");
            assert!(v["errors"][0]["message"].as_str().unwrap().contains(reason), "{v}");
        }
        let (_, v) = record(&app, &agent, remote, json!({"kind": "backup", "status": "ok"})).await;
        assert_eq!(v["errors"][0]["message"], "the contract covers backups only for campuses on our servers");
        assert!(records(&app, &agent, remote, "").await.is_empty(), "nothing written");
        // The version upgrade is every campus's.
        let (s, v) = record(&app, &agent, remote, json!({"kind": "platform_upgrade", "from_version": "4.5", "to_version": "4.5.1"})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }

    async fn bad_input_on_every_maintenance_endpoint_names_the_field(app) {
        let (_, campus_id, _) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;
        let path = format!("/api/v1/campuses/{campus_id}/maintenance");
        let cases = [
            (json!({"kind": "nap"}), "kind", "invalid"),
            (json!({"status": "ok"}), "kind", "invalid"),
            (json!({"kind": "backup", "status": "ok", "size_bytes": -5}), "size_bytes", "negative"),
            (json!({"kind": "backup", "status": "ok", "duration_seconds": -1}), "duration_seconds", "negative"),
            (json!({"kind": "backup", "status": "ok", "size_bytes": "big"}), "size_bytes", "invalid"),
            (json!({"kind": "backup", "status": "maybe"}), "status", "invalid"),
            (json!({"kind": "backup"}), "status", "required"),
            (json!({"kind": "backup", "status": "ok", "colour": "red"}), "colour", "invalid"),
            (json!({"kind": "backup", "status": "ok", "package": "x"}), "package", "not_for_kind"),
            (json!({"kind": "backup", "status": "ok", "performed_at": "yesterday"}), "performed_at", "datetime"),
            (json!({"kind": "backup", "status": "ok", "performed_at": "2026-12-25T00:00:00Z"}), "performed_at", "future"),
            (json!({"kind": "os_update", "package": "openssl", "from_version": "3.0", "to_version": "3.0"}), "to_version", "same_version"),
            (json!({"kind": "db_update", "from_version": "1", "to_version": "2"}), "package", "required"),
            (json!({"kind": "platform_upgrade", "from_version": "4.5"}), "to_version", "required"),
            (json!({"kind": "platform_upgrade", "to_version": "4.5"}), "to_version", "same_version"),
            (json!({"kind": "maintenance_window", "starts_at": "2026-11-03T02:00:00Z", "ends_at": "2026-11-03T01:00:00Z", "description": "x"}), "ends_at", "end_before_start"),
            (json!({"kind": "maintenance_window", "ends_at": "2026-11-03T01:00:00Z", "description": "x"}), "starts_at", "required"),
        ];
        for (body, field, code) in cases {
            let res = app.http.post(format!("{}{path}", app.base)).bearer_auth(&agent).json(&body).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(res.headers()["content-type"], PROBLEM, "{body}");
            let v: serde_json::Value = res.json().await.unwrap();
            let hit = v["errors"].as_array().unwrap().iter()
                .any(|e| e["field"] == field && e["code"] == code);
            assert!(hit, "{body} → {v}");
        }
        assert!(records(&app, &agent, campus_id, "").await.is_empty(), "nothing written");
        for (q, field) in [("?kind=nap", "kind"), ("?limit=0", "limit"), ("?limit=500", "limit")] {
            let (s, v) = app.get(&format!("{path}{q}"), &agent).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {v}");
            assert_eq!(v["errors"][0]["field"], field, "{q}: {v}");
        }
        let moodle = format!("/api/v1/campuses/{campus_id}/moodle");
        for (body, field) in [(json!({"tokn": "x"}), "tokn"), (json!({"token": "not a token!"}), "token")] {
            let (s, v) = app.call(Method::PUT, &moodle, &app.admin, Some(body.clone())).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {v}");
            assert_eq!(v["errors"][0]["field"], field, "{body}: {v}");
        }
        let (s, v) = app.post(&format!("/api/v1/campuses/{campus_id}/moodle/check"), &agent, json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT, "no token saved yet: {v}");
        for p in ["/api/v1/campuses/999/maintenance", "/api/v1/campuses/999/upgrade-eligibility", "/api/v1/campuses/999/maintenance/timeline", "/api/v1/campuses/999/moodle"] {
            let (s, _) = app.get(p, &agent).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{p}");
        }
        let (s, _) = record(&app, &agent, 999, json!({"kind": "backup", "status": "ok"})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn the_admin_form_records_in_the_users_zone_and_says_refusals_in_spanish(app) {
        let (client_id, campus_id, _) = app.client_with_admin("Norte").await;
        let remote = campus(&app, client_id, "aulas.norte.example", false, "2026-01-15").await;
        let cookie = crate::web_client::sign_in(&app, "root@atiende.test", "root-password-123").await;
        let page = format!("/admin/campuses/{campus_id}/maintenance");
        let (s, html) = crate::web_client::get(&app, &cookie, &page).await;
        assert_eq!(s, StatusCode::OK);
        let csrf = crate::web_client::csrf(&html);
        // Root's zone is Europe/Madrid (UTC+1 in November).
        let r = crate::web_client::post(&app, &cookie, &page, &[("_csrf", &csrf), ("kind", "backup"), ("status", "ok"),
            ("size", "1.2GB"), ("duration", "340"), ("performed_at", "2026-11-02T05:00"), ("package", "left over")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location.as_deref(), Some(format!("{page}?ok=created").as_str()));
        let b = &records(&app, &app.admin, campus_id, "").await[0];
        assert_eq!((b["performed_at"].as_str(), b["size_bytes"].as_i64(), b["source"].as_str()),
                   (Some("2026-11-02T04:00:00Z"), Some(1_200_000_000), Some("web")));
        let r = crate::web_client::post(&app, &cookie, &page, &[("_csrf", &csrf), ("kind", "backup"), ("status", "ok"), ("size", "12 parsecs")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("no es un tamaño"), "{}", r.body);
        let other = format!("/admin/campuses/{remote}/maintenance");
        let (_, html) = crate::web_client::get(&app, &cookie, &other).await;
        assert!(!html.contains("value=\"backup\""), "only the upgrade is offered: {html}");
        let r = crate::web_client::post(&app, &cookie, &other, &[("_csrf", &csrf), ("kind", "backup"), ("status", "ok")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("el contrato cubre las copias de seguridad solo para campus en nuestros servidores"), "{}", r.body);
        assert!(records(&app, &app.admin, remote, "").await.is_empty());
        let r = crate::web_client::post(&app, &cookie, &other, &[("_csrf", &csrf), ("kind", "platform_upgrade"), ("to_version", "5.0")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // A campus with records is kept (history), and says why.
        let (s, v) = app.call(Method::DELETE, &format!("/api/v1/campuses/{remote}"), &app.admin, None).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
    }
}
