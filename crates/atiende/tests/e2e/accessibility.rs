//! "Accessible: labels on every input, keyboard navigation, sensible contrast; usable on a
//! phone-width screen", checked: axe-core's WCAG 2.1 A/AA rules on every main page (signed in
//! as the role that uses it, over the demo's data), the same at phone width with no sideways
//! scrolling, and one journey done with the keyboard alone.

use fantoccini::key::Key;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;

use crate::{
    axe::{assert_accessible, axe_source, axe_violations, check_phone},
    e2e,
};

e2e! {
    async fn main_pages_pass_axe_for_every_role(app, driver) {
        if axe_source().is_none() {
            return;
        }
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        let login = |role: &str| crate::harness::demo_login(&seed, role);
        // One browser for every page and role (signing out in between): start-up is the
        // slow part on a 2-core machine.
        let b = driver.browser(&app.base).await;

        // Login, as served and with the error a wrong password brings.
        b.goto("/login").await;
        assert_accessible(&b, "login").await;
        let (email, _) = login("client_admin");
        b.fill("#email", &email).await;
        b.fill("#password", "not-the-password").await;
        b.click_and_wait("form[action='/login'] button[type=submit]").await;
        assert!(b.exists(".flash.error").await, "the error is shown");
        assert_accessible(&b, "login with error").await;

        // A client admin: the portal.
        let (email, pw) = login("client_admin");
        b.sign_in(&email, &pw).await;
        assert_eq!(b.path().await, "/portal");
        b.el("table#tickets tr[data-ticket]").await;
        assert_accessible(&b, "portal ticket list").await;
        check_phone(&b, "portal ticket list").await;
        // The portal's search: a word of the first ticket's subject, typed and sent with Enter.
        let word = search_word(&b.text("table#tickets tr[data-ticket] td.subject a").await);
        b.fill("#portal-q", &word).await;
        b.press_and_wait(Key::Enter).await;
        b.el("table#tickets tr[data-ticket] mark").await;
        assert_accessible(&b, "portal search results").await;
        check_phone(&b, "portal search results").await;
        b.click_and_wait("table#tickets tr[data-ticket] td.subject a").await;
        assert!(b.path().await.starts_with("/portal/tickets/"));
        b.el("ol.thread li").await;
        assert_accessible(&b, "portal ticket view").await;
        check_phone(&b, "portal ticket view").await;
        b.goto("/portal/tickets/new").await;
        b.el("form#new-ticket").await;
        assert_accessible(&b, "portal new-ticket form").await;
        check_phone(&b, "portal new-ticket form").await;
        b.goto("/portal/campuses").await;
        b.el("table#campuses").await;
        assert_accessible(&b, "portal campuses").await;
        check_phone(&b, "portal campuses").await;
        b.click_and_wait("table#campuses th a").await;
        b.el("section.maintenance").await;
        b.el("#uptime-strip").await;
        assert_accessible(&b, "portal campus").await;
        check_phone(&b, "portal campus").await;
        b.sign_out().await;

        // An agent: the queue, a ticket, the saved replies (one saved first).
        let (email, pw) = login("agent");
        b.sign_in(&email, &pw).await;
        assert_eq!(b.path().await, "/console");
        b.el("table#queue tr[data-ticket]").await;
        assert_accessible(&b, "console queue").await;
        check_phone(&b, "console queue").await;
        // The console's search box: words, then a ticket number, which opens the ticket.
        let number = b.text("table#queue tr[data-ticket] th a").await;
        let word = search_word(&b.text("table#queue tr[data-ticket] td.subject a").await);
        b.fill("#filter-q", &word).await;
        b.press_and_wait(Key::Enter).await;
        b.el("table#queue tr[data-ticket] mark").await;
        assert_accessible(&b, "console search results").await;
        check_phone(&b, "console search results").await;
        b.fill("#filter-q", &number).await;
        b.press_and_wait(Key::Enter).await;
        assert!(b.path().await.starts_with("/console/tickets/"), "a number opens its ticket");
        b.goto("/console").await;
        b.click_and_wait("table#queue tr[data-ticket] th a").await;
        assert!(b.path().await.starts_with("/console/tickets/"));
        b.el("#sla-panel").await;
        assert_accessible(&b, "console ticket view").await;
        // A campus's page (its uptime, incidents and maintenance), as staff see it.
        let (_, campuses) = app.get("/api/v1/campuses", &app.admin).await;
        let campus = campuses[0]["id"].as_i64().expect("a demo campus");
        b.goto(&format!("/console/campuses/{campus}")).await;
        b.el("#uptime-strip").await;
        assert_accessible(&b, "console campus").await;
        check_phone(&b, "console campus").await;
        b.goto("/console/canned").await;
        b.fill("#canned-title", "Pedir captura").await;
        b.fill("#canned-body", "Hola {nombre}: ¿nos enviás una captura de pantalla del error?").await;
        b.click_and_wait("#save-canned").await;
        b.el("#canned-list li[data-canned]").await;
        assert_accessible(&b, "saved replies").await;
        b.goto("/notifications").await;
        b.el("#notifications").await;
        assert_accessible(&b, "notifications").await;
        b.goto("/preferences").await;
        b.el("table.prefs").await;
        assert_accessible(&b, "notification preferences").await;
        b.sign_out().await;

        // The supervisor: the dashboard.
        let (email, pw) = login("supervisor");
        b.sign_in(&email, &pw).await;
        b.goto("/dashboard").await;
        b.el("table#open-matrix").await;
        assert_accessible(&b, "supervisor dashboard").await;
        b.screenshot("dashboard").await;
        b.sign_out().await;

        // The admin: the index, each screen and its first row's edit page.
        let (email, pw) = login("admin");
        b.sign_in(&email, &pw).await;
        b.goto("/admin").await;
        assert_accessible(&b, "admin index").await;
        for area in ["clients", "campuses", "users", "plans", "tokens", "jobs", "outbox"] {
            b.goto(&format!("/admin/{area}")).await;
            b.el(&format!("table#{area}")).await;
            assert_accessible(&b, &format!("admin {area}")).await;
            if area == "plans" {
                b.screenshot("admin-plans").await;
            }
            if !["tokens", "jobs", "outbox"].contains(&area) {
                let edit = format!("table#{area} td.actions a[href^='/admin/{area}/']");
                b.click_and_wait(&edit).await;
                assert!(b.path().await.starts_with(&format!("/admin/{area}/")), "{}", b.path().await);
                assert_accessible(&b, &format!("admin {area}: edit")).await;
            }
        }
        // A campus's maintenance page and the upgrades list.
        b.goto("/admin/campuses").await;
        b.click_and_wait("table#campuses td.actions a[href^='/admin/campuses/']").await;
        b.click_and_wait("#maintenance-link").await;
        b.el("form#record-form").await;
        assert_accessible(&b, "admin campus maintenance").await;
        check_phone(&b, "admin campus maintenance").await;
        b.goto("/admin/upgrades").await;
        b.el("h1").await;
        assert_accessible(&b, "admin upgrades").await;
        b.goto("/admin/mail").await;
        b.el("table#mailbox-list").await;
        assert_accessible(&b, "admin mail servers").await;
        b.goto("/admin/webhooks").await;
        b.el("table#webhooks").await;
        assert_accessible(&b, "admin webhooks").await;
        // The error pages share the layout.
        b.goto("/console/tickets/999999").await;
        assert_eq!(b.text("h1").await, "404");
        assert_accessible(&b, "not found").await;

        // axe really looks: a field without a label and pale text, added to this page, are
        // reported.
        b.run_js("const m = document.querySelector('main'); \
                  const i = document.createElement('input'); i.id = 'axe-canary-input'; m.append(i); \
                  const p = document.createElement('p'); p.id = 'axe-canary-text'; p.textContent = 'pálido'; \
                  p.style.color = '#bbb'; p.style.background = '#fff'; m.append(p);").await;
        let (violations, _) = axe_violations(&b, "canary").await;
        for (rule, id) in [("label", "axe-canary-input"), ("color-contrast", "axe-canary-text")] {
            assert!(
                violations.iter().any(|v| v["id"] == rule && v["nodes"].to_string().contains(id)),
                "axe missed {rule} on #{id}: {violations:?}"
            );
        }
        b.close().await;
    }

    async fn keyboard_only_sign_in_and_new_ticket(app, driver) {
        app.client_with_admin("Norte").await;
        let b = driver.browser(&app.base).await;

        // Sign in: the e-mail field has the focus; type, Tab, type, Enter.
        b.goto("/login").await;
        b.el("form[action='/login']").await;
        assert_eq!(b.focused().await, "input#email", "the login form starts focused");
        b.keys("admin@norte.test").await;
        b.press(Key::Tab).await;
        assert_eq!(b.focused().await, "input#password");
        b.keys("client-password-1").await;
        b.press_and_wait(Key::Enter).await;
        assert_eq!(b.path().await, "/portal", "Enter submitted the login form");

        // The skip link is the first stop and jumps to the content.
        b.press(Key::Tab).await;
        assert_eq!(b.focused().await, "a.skip", "the skip link comes first");
        let shown = b.run_js("const r = document.activeElement.getBoundingClientRect(); return r.left >= 0 && r.top >= 0 && r.width > 0;").await;
        assert_eq!(shown, true, "the focused skip link is on screen");
        b.press(Key::Enter).await;
        assert_eq!(b.focused().await, "main#main", "the skip link moves the focus to main");

        // From main, the next stop is the page's own first control: "New ticket".
        b.press(Key::Tab).await;
        assert_eq!(b.focused().await, "a#new-ticket-link.button.primary");
        b.press_and_wait(Key::Enter).await;
        assert_eq!(b.path().await, "/portal/tickets/new");
        // The form has one submit button: changing campus needs none (issue 16, bug 11).
        let submits = b.run_js("return document.querySelectorAll('#new-ticket [type=submit]').length;").await;
        assert_eq!(submits, 1, "only \"Enviar ticket\" submits the form");

        // The priority radios: reachable with Tab, chosen with the arrow keys.
        b.tab_to("input[name=priority]", 25).await;
        let mut focused = b.focused().await;
        for _ in 0..4 {
            if focused == "input#priority-urgent" {
                break;
            }
            b.press(Key::Down).await;
            focused = b.focused().await;
        }
        assert_eq!(focused, "input#priority-urgent", "arrow keys reach Urgent");
        let checked = b.run_js("return document.querySelector('input[name=priority]:checked').id;").await;
        assert_eq!(checked, "priority-urgent", "arrow keys select the radio");
        b.tab_to("#body", 5).await;
        b.keys("Abierto solo con el teclado.").await;
        // Between the subject and the body: the knowledge base's link under the subject (its
        // suggestions appear there while one types).
        b.shift_tab().await;
        assert_eq!(b.focused().await, "a#kb-browse", "Shift+Tab reaches the knowledge base link");
        b.shift_tab().await;
        assert_eq!(b.focused().await, "input#subject", "Shift+Tab goes back to the subject");
        b.keys("Sin mouse").await;
        // Enter in a text field sends the ticket.
        b.press_and_wait(Key::Enter).await;
        let path = b.path().await;
        assert!(path.starts_with("/portal/tickets/") && !path.starts_with("/portal/tickets/new"), "{path}");
        assert!(b.text("h1").await.contains("Sin mouse"));
        assert!(b.text("#priority").await.starts_with("Urgente"), "{}", b.text("#priority").await);
        b.close().await;
    }

    async fn campus_pages_with_outages_and_maintenance_fit_a_phone(app, driver) {
        if axe_source().is_none() {
            return;
        }
        // A campus with what makes these pages wide: a long address (in the title), an outage
        // that ended and one going on (the incidents table, dates in two columns), backups
        // with long locations and the other maintenance records.
        let (client_id, campus, _) = app.client_with_admin("Norte").await;
        let live = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let live_url = format!("http://{}/aulas-virtuales-de-la-universidad-del-norte/", live.local_addr().expect("addr"));
        let server = tokio::spawn(async move {
            let ok = axum::Router::new().fallback(|| async { "<html>Moodle</html>" });
            axum::serve(live, ok).await.ok()
        });
        let dead_url = "http://127.0.0.1:9/aulas-virtuales-de-la-universidad-del-norte/";
        let move_to = |url: &str| {
            let app = &app;
            let body = json!({"client_id": client_id, "url": url, "platform": "Moodle", "platform_version": "4.5",
                              "hosted_by_us": true, "service_start_date": "2026-01-15"});
            async move {
                let (s, v) = app.call(reqwest::Method::PUT, &format!("/api/v1/campuses/{campus}"), &app.admin, Some(body)).await;
                assert_eq!(s, StatusCode::OK, "{v}");
            }
        };
        let probes = |n: usize| {
            let app = &app;
            async move {
                for _ in 0..n {
                    app.service.probe_campus_now(campus).await.expect("probe");
                    app.clock.advance(SignedDuration::from_secs(60));
                }
            }
        };
        move_to(dead_url).await;
        probes(3).await;
        move_to(&live_url).await;
        probes(1).await;
        move_to(dead_url).await;
        probes(3).await;
        let (_, incidents) = app.get(&format!("/api/v1/campuses/{campus}/incidents"), &app.admin).await;
        assert_eq!(incidents.as_array().map(Vec::len), Some(2), "one outage over, one going on: {incidents}");
        for body in [
            json!({"kind": "backup", "status": "ok", "size_bytes": 2_400_000_000_i64, "duration_seconds": 317,
                   "location": "s3://copias-de-seguridad-de-los-campus/norte/aulas-virtuales/2026-11-02.tar.zst"}),
            json!({"kind": "backup", "status": "failed", "note": "El disco de destino no tenía espacio suficiente"}),
            json!({"kind": "security_patch", "package": "openssl", "from_version": "3.0.13", "to_version": "3.0.14"}),
            json!({"kind": "maintenance_window", "starts_at": "2026-11-03T02:00:00Z", "ends_at": "2026-11-03T03:30:00Z",
                   "description": "Cambio de disco del servidor de bases de datos"}),
        ] {
            let (s, v) = app.post(&format!("/api/v1/campuses/{campus}/maintenance"), &app.admin, body).await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }

        let b = driver.browser(&app.base).await;
        b.sign_in("admin@norte.test", "client-password-1").await;
        b.goto(&format!("/portal/campuses/{campus}")).await;
        b.el("table#incidents").await;
        b.el("table#maint-backups").await;
        assert_accessible(&b, "portal campus with outages").await;
        check_phone(&b, "portal campus with outages").await;
        b.sign_out().await;

        b.sign_in("root@atiende.test", "root-password-123").await;
        b.goto(&format!("/console/campuses/{campus}")).await;
        b.el("table#incidents").await;
        b.el("form#monitor-form").await;
        assert_accessible(&b, "console campus with outages").await;
        check_phone(&b, "console campus with outages").await;
        b.goto(&format!("/admin/campuses/{campus}/maintenance")).await;
        b.el("table#maint-backups").await;
        assert_accessible(&b, "admin campus maintenance with records").await;
        check_phone(&b, "admin campus maintenance with records").await;
        b.close().await;
        server.abort();
    }
}

/// A word of `subject` worth searching for: its longest (at least four letters).
fn search_word(subject: &str) -> String {
    subject
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .max_by_key(|w| w.chars().count())
        .unwrap_or("campus")
        .to_string()
}
