//! The supervisors' dashboard over a period (issue 20 item 5), against a hand-built data set
//! with the set clock, on both engines: backlog buckets, median/p90 resolution and first
//! response (a ticket with no reply included), busiest hours, the 12-month trend — and for
//! every figure, the queue its `query` names lists exactly the tickets it counts.
//!
//! No business calendar exists, so the provider's zone is UTC. t0 = Monday 2026-11-02 10:00.
//!
//! | ticket | priority | created (UTC)      | staff reply | resolved   | state at 2026-12-02 10:00 |
//! |--------|----------|--------------------|-------------|------------|---------------------------|
//! | T1     | high     | Mon 11-02 10:00    | +30 min     | +2 h (A)   | closed (met)              |
//! | T2     | high     | Mon 11-02 11:00    | +2 h        | +6 h (B)   | closed (met)              |
//! | T3     | high     | Mon 11-02 11:00    | note only   | —          | open, breached 11-02 23:00 |
//! | T4     | low      | Mon 11-02 10:00    | +10 min     | +24 h (A)  | closed (met)              |
//! | T8     | low      | Tue 11-17 10:00    | —           | —          | new, breached 11-24       |
//! | T7     | urgent   | Fri 11-27 10:00    | —           | —          | waiting on client         |
//! | T6     | medium   | Mon 11-30 11:00    | —           | —          | new                       |
//! | T5     | medium   | Tue 12-01 22:00    | —           | —          | new                       |

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{get, sign_in},
};

const H: i64 = 3600;
const D: i64 = 86_400;

async fn open(app: &TestApp, token: &str, priority: &str, subject: &str) -> String {
    let t = app
        .ok(
            "/api/v1/tickets",
            token,
            json!({"category": "technical", "priority": priority, "subject": subject, "body": "…"}),
        )
        .await;
    format!("/api/v1/tickets/{}", t["id"])
}

async fn patch(app: &TestApp, path: &str, token: &str, body: Value) {
    let (s, v) = app.patch(path, token, body).await;
    assert_eq!(s, StatusCode::OK, "PATCH {path}: {v}");
}

async fn say(app: &TestApp, path: &str, token: &str, internal: bool) {
    app.ok(
        &format!("{path}/messages"),
        token,
        json!({"body": "respuesta", "internal": internal}),
    )
    .await;
}

/// Number of tickets the queue lists for `query` (one page of up to 200 is enough here).
async fn queue_count(app: &TestApp, token: &str, query: &str) -> i64 {
    let (s, v) = app
        .get(&format!("/api/v1/tickets?{query}&limit=200"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{query}: {v}");
    assert!(v["next_cursor"].is_null(), "{query}: more than one page");
    v["items"].as_array().unwrap().len() as i64
}

/// `n` (or `count`) of a figure equals what its queue lists.
async fn check_link(app: &TestApp, token: &str, figure: &Value) {
    let n = figure
        .get("n")
        .or_else(|| figure.get("count"))
        .and_then(Value::as_i64)
        .unwrap();
    let q = figure["query"].as_str().unwrap();
    assert_eq!(queue_count(app, token, q).await, n, "the queue of {q}");
}

struct Set {
    agent_a: i64,
    agent_b: i64,
    boss: String,
    client: String,
    agent: String,
}

async fn build(app: &TestApp) -> Set {
    let (_, _, client) = app.client_with_admin("Norte").await;
    let (agent_a, agent) = app.staff("a@provider.test", "agent").await;
    let (agent_b, agent_b_token) = app.staff("b@provider.test", "agent").await;
    let (_, boss) = app.staff("boss@provider.test", "supervisor").await;

    app.at(0);
    let t1 = open(app, &client, "high", "T1").await;
    let t4 = open(app, &client, "low", "T4").await;
    patch(app, &t1, &agent, json!({"assignee_id": agent_a})).await;
    patch(app, &t4, &agent, json!({"assignee_id": agent_a})).await;
    app.at(10 * 60);
    say(app, &t4, &agent, false).await;
    app.at(30 * 60);
    say(app, &t1, &agent, false).await;
    app.at(H);
    let t2 = open(app, &client, "high", "T2").await;
    let t3 = open(app, &client, "high", "T3").await;
    patch(app, &t2, &agent, json!({"assignee_id": agent_b})).await;
    app.at(H + 20 * 60);
    // An internal note and the client's own message are not a first response.
    say(app, &t3, &agent, true).await;
    say(app, &t3, &client, false).await;
    app.at(2 * H);
    patch(app, &t1, &agent, json!({"status": "resolved"})).await;
    app.at(3 * H);
    say(app, &t2, &agent_b_token, false).await;
    app.at(7 * H);
    patch(app, &t2, &agent_b_token, json!({"status": "resolved"})).await;
    app.at(D);
    patch(app, &t4, &agent, json!({"status": "resolved"})).await;
    app.at(D + H);
    app.watch().await;
    app.at(15 * D);
    open(app, &client, "low", "T8").await;
    app.watch().await;
    app.at(25 * D);
    let t7 = open(app, &client, "urgent", "T7").await;
    app.at(25 * D + H);
    patch(app, &t7, &agent, json!({"status": "waiting_on_client"})).await;
    app.at(28 * D + H);
    open(app, &client, "medium", "T6").await;
    app.at(29 * D + 12 * H);
    open(app, &client, "medium", "T5").await;
    app.at(30 * D);
    app.watch().await;
    Set {
        agent_a,
        agent_b,
        boss,
        client,
        agent,
    }
}

fn row<'a>(rows: &'a Value, key: &str, value: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("{key}={value} in {rows}"))
}

fn stats(v: &Value) -> (i64, Option<i64>, Option<i64>) {
    (
        v["count"].as_i64().unwrap(),
        v["median_seconds"].as_i64(),
        v["p90_seconds"].as_i64(),
    )
}

both_backends! {
    async fn dashboard_figures_match_the_data_set_and_their_queues(app) {
        let s = build(&app).await;
        let (st, d) = app.get("/api/v1/dashboard?period=last_month", &s.boss).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!((d["period"]["from"].as_str(), d["period"]["to"].as_str()), (Some("2026-11"), Some("2026-11")));
        assert_eq!(d["period"]["time_zone"], "UTC");
        assert!(d["period"]["calendar"].is_null());

        // Backlog now (12-02 10:00): T3 29 d 23 h, T8 15 d, T7 5 d, T6 1 d 23 h, T5 12 h.
        let b = &d["backlog"];
        let buckets = |p: &str| -> Vec<i64> {
            row(b, "priority", p)["buckets"].as_array().unwrap().iter().map(|c| c["n"].as_i64().unwrap()).collect()
        };
        assert_eq!(buckets("high"), [0, 0, 0, 0, 1]);
        assert_eq!(buckets("low"), [0, 0, 0, 1, 0]);
        assert_eq!(buckets("urgent"), [0, 0, 1, 0, 0]);
        assert_eq!(buckets("medium"), [1, 1, 0, 0, 0]);
        for r in b.as_array().unwrap() {
            for c in r["buckets"].as_array().unwrap() {
                check_link(&app, &s.boss, c).await;
            }
            check_link(&app, &s.boss, &r["total"]).await;
        }

        // Resolution in November: high 2 h and 6 h; low 24 h; per agent A {2 h, 24 h}, B {6 h}.
        let rp = &d["resolution_by_priority"];
        assert_eq!(stats(&row(rp, "priority", "high")["times"]), (2, Some(2 * H), Some(6 * H)));
        assert_eq!(stats(&row(rp, "priority", "low")["times"]), (1, Some(D), Some(D)));
        assert_eq!(stats(&row(rp, "priority", "urgent")["times"]), (0, None, None));
        let ra = d["resolution_by_agent"].as_array().unwrap();
        let agent = |id: i64| ra.iter().find(|r| r["user_id"] == id).unwrap();
        assert_eq!(stats(&agent(s.agent_a)["times"]), (2, Some(2 * H), Some(D)));
        assert_eq!(stats(&agent(s.agent_b)["times"]), (1, Some(6 * H), Some(6 * H)));
        assert_eq!(ra.len(), 2);
        for r in rp.as_array().unwrap().iter().chain(ra) {
            check_link(&app, &s.boss, &r["times"]).await;
        }

        // First response of November's tickets: high 30 min and 2 h, T3 (note only) waiting.
        let fr = &d["first_response"];
        let high = row(fr, "priority", "high");
        assert_eq!(stats(&high["replied"]), (2, Some(30 * 60), Some(2 * H)));
        assert_eq!(high["waiting"]["n"], 1);
        let low = row(fr, "priority", "low");
        assert_eq!(stats(&low["replied"]), (1, Some(10 * 60), Some(10 * 60)));
        assert_eq!(low["waiting"]["n"], 1, "T8");
        assert_eq!(row(fr, "priority", "medium")["waiting"]["n"], 1, "T6 (T5 is December's)");
        assert_eq!(row(fr, "priority", "urgent")["waiting"]["n"], 1, "T7");
        for r in fr.as_array().unwrap() {
            check_link(&app, &s.boss, &r["replied"]).await;
            check_link(&app, &s.boss, &r["waiting"]).await;
        }

        // Busiest hours (UTC): Monday 10:00 T1 T4, Monday 11:00 T2 T3 T6, Tuesday 10:00 T8,
        // Friday 10:00 T7.
        let cells = d["busiest_hours"]["cells"].as_array().unwrap();
        let n = |wd: usize, h: usize| cells[wd][h]["n"].as_i64().unwrap();
        assert_eq!((n(0, 10), n(0, 11), n(1, 10), n(4, 10)), (2, 3, 1, 1));
        let total: i64 = cells.iter().flat_map(|d| d.as_array().unwrap()).map(|c| c["n"].as_i64().unwrap()).sum();
        assert_eq!(total, 7);
        assert_eq!(d["busiest_hours"]["max"], 3);
        for (wd, h) in [(0, 10), (0, 11), (1, 10), (4, 10), (0, 9), (6, 23)] {
            check_link(&app, &s.boss, &cells[wd][h]).await;
        }

        // Trend: twelve months to November; November met T1 T2 T4, breached T3 T8.
        let tr = d["trend"].as_array().unwrap();
        assert_eq!(tr.len(), 12);
        assert_eq!((tr[0]["month"].as_str(), tr[11]["month"].as_str()), (Some("2025-12"), Some("2026-11")));
        assert_eq!((tr[11]["total"]["met"].as_i64(), tr[11]["total"]["breached"].as_i64()), (Some(3), Some(2)));
        assert_eq!(tr[11]["total"]["percent"], 60.0);
        assert!(tr[10]["total"]["percent"].is_null());
        let by = &tr[11]["by_priority"];
        assert_eq!(row(by, "priority", "high")["outcomes"]["met"], 2);
        assert_eq!(row(by, "priority", "low")["outcomes"]["breached"], 1);

        // This month (December): only T5 was opened; nothing resolved.
        let (_, dec) = app.get("/api/v1/dashboard", &s.boss).await;
        assert_eq!(dec["period"]["period"], "this_month");
        assert_eq!(row(&dec["first_response"], "priority", "medium")["waiting"]["n"], 1);
        assert_eq!(stats(&row(&dec["resolution_by_priority"], "priority", "high")["times"]), (0, None, None));
        assert_eq!(dec["trend"].as_array().unwrap()[11]["month"], "2026-12");

        // The page shows the same figures, each linked to the console queue.
        let cookie = sign_in(&app, "boss@provider.test", "agent-password-1").await;
        let (st, page) = get(&app, &cookie, "/dashboard?period=last_month").await;
        assert_eq!(st, StatusCode::OK);
        for id in ["trend-chart", "busiest-hours", "backlog", "resolution-priority", "resolution-agent", "first-response"] {
            assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
        }
        assert!(page.contains("<desc>") && (page.contains("60.0 %") || page.contains("60,0 %")));
        // (askama writes `&` in attributes as `&#38;`.)
        let q = high["waiting"]["query"].as_str().unwrap();
        let fr_html = &page[page.find("id=\"first-response\"").unwrap()..];
        let fr_html = fr_html[..fr_html.find("</table>").unwrap()].replace("&#38;", "&");
        assert!(fr_html.contains(&format!("href=\"/console?view=all&{q}\">1</a>")), "waiting link {q}: {fr_html}");
        // The console queue behind that link lists T3 only.
        let (st, queue) = get(&app, &cookie, &format!("/console?view=all&{}", high["waiting"]["query"].as_str().unwrap())).await;
        assert_eq!(st, StatusCode::OK);
        assert!(queue.contains(">T3<") && !queue.contains(">T1<"), "console queue of the waiting link");
        let _ = (&s.client, &s.agent);
    }

    async fn dashboard_is_for_supervisors_and_refuses_bad_periods(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, agent) = app.staff("a@provider.test", "agent").await;
        let (_, boss) = app.staff("boss@provider.test", "supervisor").await;
        for token in [&agent, &client] {
            let (s, v) = app.get("/api/v1/dashboard", token).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
            let (s, _) = app.get("/api/v1/dashboard?period=nonsense", token).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "403 before the period is read");
        }
        let (s, _) = app.get("/api/v1/dashboard", &app.admin).await;
        assert_eq!(s, StatusCode::OK, "admins see it too");
        for (query, field) in [
            ("period=yesterday", "period"),
            ("period=range&from=2026-13", "from"),
            ("from=2026-01&to=2027-01", "to"),
            ("from=2026-10&to=2026-09", "from"),
            ("period=last_month&to=2026-10", "to"),
            ("month=2026-10", "month"),
            ("period=this_month&period=last_month", "period"),
        ] {
            let (s, v) = app.get(&format!("/api/v1/dashboard?{query}"), &boss).await;
            assert_eq!(s, StatusCode::BAD_REQUEST, "{query}: {v}");
            assert!(v["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{query}: {v}");
        }
        // The queue's new filters are checked like the others.
        for (query, field) in [
            ("created_from=yesterday", "created_from"),
            ("resolved_to=2026-13-01T00:00:00Z", "resolved_to"),
            ("created_hour=24&created_from=2026-11-01T00:00:00Z&created_to=2026-12-01T00:00:00Z", "created_hour"),
            ("created_weekday=1", "created_weekday"),
        ] {
            let (s, v) = app.get(&format!("/api/v1/tickets?{query}"), &boss).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {v}");
            assert!(v["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{query}: {v}");
        }

        // Pages: agents and client admins get 403; a bad period says so with 400.
        app.staff("agent2@provider.test", "agent").await;
        let cookie = sign_in(&app, "agent2@provider.test", "agent-password-1").await;
        let (s, _) = get(&app, &cookie, "/dashboard?period=last_month").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        let (s, _) = get(&app, &cookie, "/dashboard").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let cookie = sign_in(&app, "boss@provider.test", "agent-password-1").await;
        let (s, page) = get(&app, &cookie, "/dashboard?period=yesterday").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(page.contains("period"), "the page names the parameter");
        let (s, page) = get(&app, &cookie, "/dashboard?period=range&from=2026-09&to=2026-10").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("2026-09 – 2026-10"));
    }

    async fn busiest_hours_and_months_follow_the_business_calendars_zone(app) {
        let day = json!([["09:00", "18:00"]]);
        app.ok("/api/v1/calendars", &app.admin, json!({"name": "Madrid oficina", "spec": {"time_zone": "Europe/Madrid",
            "weekly": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}, "holidays": []}}))
            .await;
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, boss) = app.staff("boss@provider.test", "supervisor").await;
        // Monday 2026-11-02 10:00 UTC = 11:00 in Madrid; Saturday 2026-10-31 23:30 UTC is
        // already Sunday 1 November 00:30 in Madrid (CET, UTC+1).
        app.at(0);
        open(&app, &client, "high", "Madrid 11").await;
        app.clock.set("2026-10-31T23:30:00Z".parse().unwrap());
        open(&app, &client, "low", "Madrid domingo").await;
        app.at(D);
        let (s, d) = app.get("/api/v1/dashboard", &boss).await;
        assert_eq!(s, StatusCode::OK, "{d}");
        assert_eq!((d["period"]["time_zone"].as_str(), d["period"]["calendar"].as_str()), (Some("Europe/Madrid"), Some("Madrid oficina")));
        assert_eq!(d["period"]["from_at"], "2026-10-31T23:00:00.000000Z");
        let cells = d["busiest_hours"]["cells"].as_array().unwrap();
        assert_eq!(cells[0][11]["n"], 1, "Monday 11:00 Madrid");
        assert_eq!(cells[0][10]["n"], 0);
        assert_eq!(cells[6][0]["n"], 1, "Sunday 00:30 Madrid counts in November");
        for (wd, h) in [(0, 11), (6, 0), (0, 10), (5, 23)] {
            check_link(&app, &boss, &cells[wd][h]).await;
        }
    }
}
