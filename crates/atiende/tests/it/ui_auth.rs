//! The web UI's sign-in, sessions and CSRF protection, over plain HTTP.

use reqwest::{StatusCode, header};

use crate::{both_backends, web_client::browser};

/// `sign_in` lives in [`crate::web_client`] with the other browser helpers; re-exported here so
/// `crate::ui_auth::sign_in` keeps working for tests that import it from this module.
pub use crate::web_client::sign_in;

both_backends! {
    async fn sign_in_sessions_and_csrf(app) {
        let (_, _, _) = app.client_with_admin("Norte").await;
        // Spanish by default, English on request, before sign-in.
        let page = browser().get(format!("{}/login", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Iniciar sesión") && page.contains("lang=\"es\""));
        let page = browser().get(format!("{}/login", app.base)).header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Sign in"));

        // Pages need a session.
        let res = browser().get(format!("{}/", app.base)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(res.headers()[header::LOCATION].to_str().unwrap().starts_with("/login?next="));

        // Wrong password: 401 page; after five failures even the right one waits (429).
        for _ in 0..5 {
            let res = browser().post(format!("{}/login", app.base)).form(&[("email", "admin@norte.test"), ("password", "nope-nope-nope")]).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        }
        let res = browser().post(format!("{}/login", app.base)).form(&[("email", "admin@norte.test"), ("password", "client-password-1")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        app.at(16 * 60);
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;

        // A form without the CSRF token is refused, and so is one from another origin.
        let res = browser().post(format!("{}/logout", app.base)).header(header::COOKIE, &cookie).form(&[("x", "1")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let home = browser().get(format!("{}/login", app.base)).header(header::COOKIE, &cookie).send().await.unwrap();
        assert_eq!(home.status(), StatusCode::OK);

        // A session is stored in the database: a second server on the same database would
        // accept it; here, signing out deletes it.
        let token = cookie.split_once('=').unwrap().1.to_string();
        let s = app.service.session(&token).await.expect("live session");
        let res = browser().post(format!("{}/logout", app.base)).header(header::COOKIE, &cookie)
            .header(header::ORIGIN, "https://evil.example").form(&[("_csrf", s.csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "foreign origin");
        let res = browser().post(format!("{}/logout", app.base)).header(header::COOKIE, &cookie).form(&[("_csrf", s.csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(app.service.session(&token).await.is_err(), "signed out");
    }
}
