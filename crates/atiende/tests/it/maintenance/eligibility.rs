//! The version upgrade: eligible 6 calendar months after the later of the service start and
//! the last upgrade, in the client's time zone (a start on the 31st lands on the shorter
//! month's last day); the admin list; the portal's button opens one low ticket and a second
//! press leads to the same one.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{campus, record};
use crate::{both_backends, harness::TestApp, web_client};

async fn standing(app: &TestApp, token: &str, campus: i64) -> Value {
    let (s, v) = app
        .get(
            &format!("/api/v1/campuses/{campus}/upgrade-eligibility"),
            token,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

fn at(app: &TestApp, instant: &str) {
    app.clock.set(instant.parse().expect("instant"));
}

both_backends! {
    async fn six_calendar_months_after_the_start_or_the_last_upgrade(app) {
        // Now: 2026-11-02 10:00 UTC = 07:00 in Buenos Aires (the client's zone).
        let (client_id, first, client) = app.client_with_admin("Norte").await;
        let minus_a_day = campus(&app, client_id, "a.norte.example", true, "2026-05-03").await;
        let exactly = campus(&app, client_id, "b.norte.example", true, "2026-05-02").await;
        let plus_a_day = campus(&app, client_id, "c.norte.example", false, "2026-05-01").await;
        let month_end = campus(&app, client_id, "d.norte.example", true, "2026-08-31").await;
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;

        let v = standing(&app, &client, minus_a_day).await;
        assert_eq!((v["eligible"].as_bool(), v["eligible_since"].as_str()), (Some(false), Some("2026-11-03")), "{v}");
        let v = standing(&app, &client, exactly).await;
        assert_eq!((v["eligible"].as_bool(), v["eligible_since"].as_str()), (Some(true), Some("2026-11-02")), "{v}");
        let v = standing(&app, &client, plus_a_day).await;
        assert_eq!((v["eligible"].as_bool(), v["eligible_since"].as_str()), (Some(true), Some("2026-11-01")), "{v}");
        assert_eq!(v["hosted_by_us"], false, "every campus, hosted or not");
        let v = standing(&app, &client, month_end).await;
        assert_eq!((v["eligible"].as_bool(), v["eligible_since"].as_str()), (Some(false), Some("2027-02-28")), "{v}");
        // The date is the client's: 2027-02-28 02:00 UTC is still the 27th in Buenos Aires.
        at(&app, "2027-02-28T02:59:59Z");
        assert_eq!(standing(&app, &client, month_end).await["eligible"], false);
        at(&app, "2027-02-28T03:00:00Z");
        assert_eq!(standing(&app, &client, month_end).await["eligible"], true);

        // An upgrade starts the 6 months again.
        at(&app, "2026-11-02T10:00:00Z");
        let (s, v) = record(&app, &agent, plus_a_day, json!({"kind": "platform_upgrade", "to_version": "5.0"})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let v = standing(&app, &client, plus_a_day).await;
        assert_eq!((v["eligible"].as_bool(), v["counted_from"].as_str(), v["eligible_since"].as_str()),
                   (Some(false), Some("2026-11-02"), Some("2027-05-02")), "{v}");
        assert!(v["last_upgrade"].is_string());

        // The lists: staff see every client's eligible campuses, a client admin their own.
        let (_, sur_campus, sur) = app.client_with_admin("Sur").await;
        let ids = |v: &Value| v.as_array().unwrap().iter().map(|e| e["campus_id"].as_i64().unwrap()).collect::<Vec<_>>();
        let (s, all) = app.get("/api/v1/campuses/upgrade-eligible", &agent).await;
        assert_eq!(s, StatusCode::OK, "{all}");
        assert_eq!(ids(&all), [first, exactly, sur_campus]);
        let (_, theirs) = app.get("/api/v1/campuses/upgrade-eligible", &sur).await;
        assert_eq!(ids(&theirs), [sur_campus]);
        let cookie = web_client::sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (s, html) = web_client::get(&app, &cookie, "/admin/upgrades").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("b.norte.example") && !html.contains("a.norte.example"), "{html}");
        let (_, html) = web_client::get(&app, &cookie, "/admin").await;
        assert!(html.contains("href=\"/admin/upgrades\""), "linked from the admin nav");
    }

    async fn the_request_button_opens_one_low_ticket(app) {
        let (client_id, eligible, client) = app.client_with_admin("Norte").await;
        let early = campus(&app, client_id, "a.norte.example", true, "2026-05-03").await;
        let second = campus(&app, client_id, "b.norte.example", false, "2026-01-01").await;
        let (_, agent) = app.staff("agente@atiende.test", "agent").await;
        let (_, _, sur) = app.client_with_admin("Sur").await;
        let req = |c: i64| format!("/api/v1/campuses/{c}/upgrade-request");

        let (s, v) = app.post(&req(early), &client, json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert!(v["detail"].as_str().unwrap().contains("2026-11-03"), "{v}");
        let (s, v) = app.post(&req(eligible), &client, json!({})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["created"], true);
        let t = &v["ticket"];
        assert_eq!((t["priority"].as_str(), t["category"].as_str(), t["subject"].as_str()),
                   (Some("low"), Some("technical"), Some("Actualización de versión")), "{t}");
        assert_eq!(t["campus_id"], eligible);
        let (s, again) = app.post(&req(eligible), &client, json!({})).await;
        assert_eq!(s, StatusCode::OK, "{again}");
        assert_eq!((again["created"].as_bool(), &again["ticket"]["id"]), (Some(false), &t["id"]));
        let (s, _) = app.post(&req(eligible), &agent, json!({})).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "the campus's administrators ask");
        let (s, _) = app.post(&req(eligible), &sur, json!({})).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (_, e) = app.get(&format!("/api/v1/campuses/{eligible}/upgrade-eligibility"), &client).await;
        assert_eq!(e["open_request_ticket_id"], t["id"]);

        // The portal's button: one ticket, and the second press leads to it.
        let cookie = web_client::sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (s, list) = web_client::get(&app, &cookie, "/portal/campuses").await;
        assert_eq!(s, StatusCode::OK);
        assert!(list.contains(&format!("id=\"open-request-{eligible}\"")), "{list}");
        assert!(list.contains(&format!("id=\"can-upgrade-{second}\"")), "{list}");
        assert!(list.contains("2026-11-03"), "when the early one will be: {list}");
        let (s, page) = web_client::get(&app, &cookie, &format!("/portal/campuses/{second}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(&format!("id=\"request-upgrade-{second}\"")), "{page}");
        assert!(page.contains("Solicitar actualización de versión") && page.contains("id=\"maintenance\""), "{page}");
        let (_, early_page) = web_client::get(&app, &cookie, &format!("/portal/campuses/{early}")).await;
        assert!(!early_page.contains("request-upgrade-"), "not offered before it is eligible");
        assert!(early_page.contains("id=\"upgrade-later\""));
        let (_, tickets) = web_client::get(&app, &cookie, "/portal").await;
        assert!(tickets.contains("href=\"/portal/campuses\""));
        let csrf = web_client::csrf(&page);
        let path = format!("/portal/campuses/{second}/upgrade-request");
        let first = web_client::post(&app, &cookie, &path, &[("_csrf", &csrf)]).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
        let second_press = web_client::post(&app, &cookie, &path, &[("_csrf", &csrf)]).await;
        assert_eq!(second_press.status, StatusCode::SEE_OTHER);
        assert_eq!(first.location, second_press.location, "the same ticket");
        let tid: i64 = first.location.unwrap().rsplit('/').next().unwrap().parse().unwrap();
        let (_, t2) = app.get(&format!("/api/v1/tickets/{tid}"), &client).await;
        assert_eq!((t2["priority"].as_str(), t2["campus_id"].as_i64()), (Some("low"), Some(second)));
        let refused = web_client::post(&app, &cookie, &format!("/portal/campuses/{early}/upgrade-request"), &[("_csrf", &csrf)]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert!(refused.body.contains("id=\"upgrade-error\"") && refused.body.contains("2026-11-03"), "{}", refused.body);
        let (_, all) = app.get("/api/v1/tickets?limit=200", &client).await;
        let upgrades = all["items"].as_array().unwrap().iter().filter(|t| t["subject"] == "Actualización de versión").count();
        assert_eq!(upgrades, 2, "one per campus");

        // Once that request is resolved, a new press opens a new one.
        let (s, v) = app.patch(&format!("/api/v1/tickets/{tid}"), &agent, json!({"status": "resolved"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        let (s, v) = app.post(&req(second), &client, json!({})).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_ne!(v["ticket"]["id"].as_i64(), Some(tid));
    }
}
