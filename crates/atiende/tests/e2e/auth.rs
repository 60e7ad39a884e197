//! Signing in, the language switch and CSRF protection, in a real browser.

use crate::e2e;

e2e! {
    async fn sign_in_and_switch_language(app, driver) {
        app.client_with_admin("Norte").await;
        let b = driver.browser(&app.base).await;

        // The browser asks for Spanish: the login page is in Spanish.
        b.goto("/login").await;
        assert_eq!(b.attr("html", "lang").await.as_deref(), Some("es"));
        assert!(b.text("h1").await.contains("Iniciar sesión"));

        // A wrong password stays on the login page with an error.
        b.fill("#email", "admin@norte.test").await;
        b.fill("#password", "wrong-password").await;
        b.click_and_wait("form[action='/login'] button[type=submit]").await;
        assert!(b.exists(".flash.error").await, "error shown");

        b.sign_in("admin@norte.test", "client-password-1").await;
        assert_eq!(b.path().await, "/portal", "client admins land on the portal");
        assert_eq!(b.text("#logout").await, "Cerrar sesión");

        // English, on the same page, and it sticks across pages; then back to Spanish.
        b.click_and_wait("#switch-language").await;
        assert_eq!(b.path().await, "/portal");
        assert_eq!(b.attr("html", "lang").await.as_deref(), Some("en"));
        assert_eq!(b.text("#logout").await, "Sign out");
        b.goto("/portal/tickets/new").await;
        assert_eq!(b.text("#logout").await, "Sign out");
        b.click_and_wait("#switch-language").await;
        assert_eq!(b.text("#logout").await, "Cerrar sesión");

        // Signing out ends the session: pages send back to the login.
        b.click_and_wait("#logout").await;
        assert!(b.path().await.starts_with("/login"));
        b.goto("/portal").await;
        assert!(b.path().await.starts_with("/login?next="), "{}", b.path().await);
        b.close().await;
    }

    async fn forms_without_csrf_token_are_refused(app, driver) {
        let (_, _, token) = app.client_with_admin("Norte").await;
        let b = driver.browser(&app.base).await;
        b.sign_in("admin@norte.test", "client-password-1").await;

        // Sign-out form without its hidden token: the 403 page, and the session lives on.
        b.el("#logout").await;
        b.run_js("document.getElementById('logout').form.querySelector('input[name=_csrf]').remove()").await;
        b.click_and_wait("#logout").await;
        assert_eq!(b.text("h1").await, "403");
        assert!(b.text("main").await.contains("CSRF"));
        b.goto("/portal").await;
        assert_eq!(b.path().await, "/portal", "still signed in");

        // The (multipart) new-ticket form without its token: 403 and no ticket.
        b.goto("/portal/tickets/new").await;
        b.choose("priority-high").await;
        b.fill("#subject", "Sin token").await;
        b.fill("#body", "Este envío no lleva el token CSRF.").await;
        b.run_js("document.querySelector('form#new-ticket input[name=_csrf]').remove()").await;
        b.click_and_wait("#submit-ticket").await;
        assert_eq!(b.text("h1").await, "403");
        let (_, list) = app.get("/api/v1/tickets", &token).await;
        assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
        b.close().await;
    }
}
