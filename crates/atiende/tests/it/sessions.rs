//! Revoking access: a password change or a deactivation ends the user's browser sessions and
//! API tokens at once; users in history are deactivated, never deleted.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{csrf, get, post, sign_in},
};

/// Whether a session cookie still opens the portal (a dead one is sent to the login page).
async fn cookie_works(app: &TestApp, cookie: &str) -> bool {
    let (s, _) = get(app, cookie, "/portal").await;
    assert!(s == StatusCode::OK || s == StatusCode::SEE_OTHER, "{s}");
    s == StatusCode::OK
}

async fn token_works(app: &TestApp, token: &str) -> bool {
    let (s, v) = app.get("/api/v1/me", token).await;
    assert!(
        s == StatusCode::OK || s == StatusCode::UNAUTHORIZED,
        "{s}: {v}"
    );
    s == StatusCode::OK
}

fn user_input(cid: i64, password: Option<&str>) -> Value {
    let mut u = json!({"email": "admin@norte.test", "name": "Admin Norte", "role": "client_admin", "client_id": cid});
    if let Some(p) = password {
        u["password"] = json!(p);
    }
    u
}

both_backends! {
    async fn a_new_password_or_a_deactivation_ends_every_session_and_token(app) {
        let (cid, _, token) = app.client_with_admin("Norte").await;
        let uid = app.service.user_id_by_email("admin@norte.test").await.unwrap();
        let cookie = sign_in(&app, "admin@norte.test", "client-password-1").await;
        assert!(cookie_works(&app, &cookie).await && token_works(&app, &token).await);

        // Editing without a password keeps everything working.
        let (s, v) = app.call(Method::PUT, &format!("/api/v1/users/{uid}"), &app.admin, Some(user_input(cid, None))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(cookie_works(&app, &cookie).await && token_works(&app, &token).await);

        // A new password: the old cookie and the old token stop working at once.
        let (s, v) = app.call(Method::PUT, &format!("/api/v1/users/{uid}"), &app.admin, Some(user_input(cid, Some("new-password-22")))).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert!(!cookie_works(&app, &cookie).await, "session survived a password change");
        assert!(!token_works(&app, &token).await, "token survived a password change");

        // Deactivation: the same for the new credentials, and no new sign-in.
        let cookie = sign_in(&app, "admin@norte.test", "new-password-22").await;
        let (_, token) = app.service.create_token(uid, "again").await.unwrap();
        let (s, v) = app.post(&format!("/api/v1/users/{uid}/deactivate"), &app.admin, json!({})).await;
        assert_eq!((s, &v["active"]), (StatusCode::OK, &json!(false)), "{v}");
        assert!(!cookie_works(&app, &cookie).await, "session survived deactivation");
        assert!(!token_works(&app, &token).await, "token survived deactivation");
        let res = crate::web_client::browser().post(format!("{}/login", app.base))
            .form(&[("email", "admin@norte.test"), ("password", "new-password-22")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "a deactivated user signed in");
        let (s, v) = app.get(&format!("/api/v1/users/{uid}"), &app.admin).await;
        assert_eq!((s, v["name"].as_str(), &v["active"]), (StatusCode::OK, Some("Admin Norte"), &json!(false)));

        // Reactivation restores sign-in, not the revoked token.
        let (s, v) = app.post(&format!("/api/v1/users/{uid}/reactivate"), &app.admin, json!({})).await;
        assert_eq!((s, &v["active"]), (StatusCode::OK, &json!(true)), "{v}");
        sign_in(&app, "admin@norte.test", "new-password-22").await;
        assert!(!token_works(&app, &token).await);

        // Only admins, and never oneself.
        let (_, _, other) = app.client_with_admin("Sur").await;
        let (s, _) = app.post(&format!("/api/v1/users/{uid}/deactivate"), &other, json!({})).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "another client's user");
        let root = app.service.user_id_by_email("root@atiende.test").await.unwrap();
        let (s, _) = app.post(&format!("/api/v1/users/{root}/deactivate"), &app.admin, json!({})).await;
        assert_eq!(s, StatusCode::CONFLICT);
    }

    async fn users_in_history_are_deactivated_not_deleted(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let uid = app.service.user_id_by_email("admin@norte.test").await.unwrap();
        app.ok("/api/v1/tickets", &client, json!({"campus_id": campus, "category": "functional", "priority": "low",
            "subject": "¿Cómo matriculo?", "body": "Consulta"})).await;

        // Referenced by a ticket: 409 that says what to do; the user is still there.
        let (s, v) = app.call(Method::DELETE, &format!("/api/v1/users/{uid}"), &app.admin, None).await;
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        assert!(v["detail"].as_str().unwrap_or_default().contains("deactivate"), "{v}");
        let (s, _) = app.get(&format!("/api/v1/users/{uid}"), &app.admin).await;
        assert_eq!(s, StatusCode::OK);

        // A user who only signed in and got a token is deleted, session and token with them.
        let (agent, agent_token) = app.staff("nuevo@atiende.test", "agent").await;
        sign_in(&app, "nuevo@atiende.test", "agent-password-1").await;
        let (s, v) = app.call(Method::DELETE, &format!("/api/v1/users/{agent}"), &app.admin, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{v}");
        assert!(!token_works(&app, &agent_token).await);

        // The admin screen: deactivate, shown as such; delete refused with the advice, in Spanish.
        let cookie = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, html) = get(&app, &cookie, "/admin/users").await;
        let token = csrf(&html);
        let r = post(&app, &cookie, &format!("/admin/users/{uid}/deactivate"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, html) = get(&app, &cookie, "/admin/users").await;
        assert!(html.contains("Desactivado") && html.contains(&format!("/admin/users/{uid}/reactivate")), "{html}");
        let r = post(&app, &cookie, &format!("/admin/users/{uid}/delete"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("Desactívelo"), "{}", r.body);
        let r = post(&app, &cookie, &format!("/admin/users/{uid}/reactivate"), &[("_csrf", &token)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (_, v) = app.get(&format!("/api/v1/users/{uid}"), &app.admin).await;
        assert_eq!(v["active"], json!(true));
    }
}
