//! One HTTP client for driving the web UI the way a browser does, shared by the `ui_*` tests.
//!
//! The UI tests (`ui_auth`, `ui_admin`, `ui_console`, `ui_portal`) each used to carry their own
//! copy of these helpers, and the copies had started to drift (one POST helper returned the
//! `Location`, another did not). Keeping them here means every UI test signs in, follows (or
//! rather, does not follow) redirects and reads the CSRF token in exactly the same way.

use reqwest::{StatusCode, header};

use crate::harness::TestApp;

/// A client that does not follow redirects, so tests can assert on the `303`s and their
/// `Location` themselves, as a browser's network panel would show them.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Signs in through the form; returns the session cookie (`name=value`).
///
/// Also checks that the session cookie is `HttpOnly` and `SameSite=Lax`, on every sign-in.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> String {
    let res = browser()
        .post(format!("{}/login", app.base))
        .form(&[("email", email), ("password", password), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in redirects");
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .expect("session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_string()
}

/// GETs a page with the session cookie; returns status and body.
pub async fn get(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, String) {
    let res = browser()
        .get(format!("{}{path}", app.base))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .expect("GET");
    (res.status(), res.text().await.expect("body"))
}

/// What a form POST got back: enough for the tests that only look at the status, the ones that
/// check where a `303` points, and the ones that read the re-rendered page.
pub struct FormReply {
    pub status: StatusCode,
    /// The `Location` header, if there was one (and it was valid text).
    pub location: Option<String>,
    pub body: String,
}

/// POSTs a URL-encoded form with the session cookie. The caller puts `_csrf` in `form` (or
/// leaves it out, to test the refusal).
pub async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> FormReply {
    let res = browser()
        .post(format!("{}{path}", app.base))
        .header(header::COOKIE, cookie)
        .form(form)
        .send()
        .await
        .expect("POST");
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    FormReply {
        status,
        location,
        body: res.text().await.expect("body"),
    }
}

/// The hidden `_csrf` input's value of a page, as a browser would submit it.
pub fn csrf(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("csrf input") + 20;
    html[at..].split('"').next().expect("value").to_string()
}
