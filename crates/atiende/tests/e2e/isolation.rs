//! Tenant isolation as a browser sees it: another client's ticket is "not found" (not
//! "forbidden", which would confirm it exists), and staff pages are forbidden to clients.

use reqwest::{StatusCode, header};
use serde_json::json;

use crate::e2e;

e2e! {
    async fn client_cannot_open_another_clients_ticket(app, driver) {
        let (_, _, norte) = app.client_with_admin("Norte").await;
        let (_, _, sur) = app.client_with_admin("Sur").await;
        let mine = app.ok("/api/v1/tickets", &norte, json!({"category": "technical", "priority": "high",
            "subject": "Propio", "body": "Del cliente Norte"})).await;
        let theirs = app.ok("/api/v1/tickets", &sur, json!({"category": "technical", "priority": "high",
            "subject": "Ajeno", "body": "Del cliente Sur"})).await;

        let b = driver.browser(&app.base).await;
        b.sign_in("admin@norte.test", "client-password-1").await;
        let rows = b.el("table#tickets").await.find_all(fantoccini::Locator::Css("tr[data-ticket]")).await.expect("rows");
        assert_eq!(rows.len(), 1, "only Norte's ticket is listed");

        let theirs_path = format!("/portal/tickets/{}", theirs["id"]);
        b.goto(&theirs_path).await;
        assert_eq!(b.text("h1").await, "404");
        assert!(!b.text("main").await.contains("Ajeno"), "nothing of the ticket leaks");

        // The same session over plain HTTP: the status codes behind those pages.
        let cookie = b.cookie_header().await;
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let status = |path: String| {
            let req = http.get(b.url(&path)).header(header::COOKIE, cookie.clone());
            async move { req.send().await.expect("request").status() }
        };
        assert_eq!(status(theirs_path).await, StatusCode::NOT_FOUND);
        assert_eq!(status(format!("/portal/tickets/{}", mine["id"])).await, StatusCode::OK);
        assert_eq!(status("/console".into()).await, StatusCode::FORBIDDEN);

        // Staff pages show the 403 page in the browser too.
        b.goto("/console").await;
        assert_eq!(b.text("h1").await, "403");
        b.close().await;
    }
}
