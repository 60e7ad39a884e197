//! Admin forms in a real browser: the subscription form's campus list follows the chosen
//! client (the page's script), and a delete goes through its confirmation page.

use serde_json::Value;

use crate::e2e;

/// The campus options a person can pick (not hidden by the script), by value.
async fn offered(b: &crate::browser::Browser) -> Vec<String> {
    let v = b
        .run_js(
            "return Array.from(document.querySelectorAll('#sub-campus_id option'))\
             .filter(o => !o.hidden && !o.disabled).map(o => o.value);",
        )
        .await;
    match v {
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().unwrap_or("").to_string())
            .collect(),
        other => panic!("options: {other}"),
    }
}

e2e! {
    async fn subscription_campuses_follow_the_client_and_deletes_confirm(app, driver) {
        let (norte, norte_campus, _) = app.client_with_admin("Norte").await;
        let (sur, sur_campus, _) = app.client_with_admin("Sur").await;
        let b = driver.browser(&app.base).await;
        b.sign_in("root@atiende.test", "root-password-123").await;
        b.goto("/admin/plans").await;
        b.run_js("document.getElementById('subscription-form').closest('details').open = true;").await;
        assert_eq!(offered(&b).await, vec![String::new()], "no client chosen: only the whole client");
        b.select("#sub-client_id", &norte.to_string()).await;
        assert_eq!(offered(&b).await, vec![String::new(), norte_campus.to_string()]);
        b.select("#sub-campus_id", &norte_campus.to_string()).await;
        b.select("#sub-client_id", &sur.to_string()).await;
        assert_eq!(offered(&b).await, vec![String::new(), sur_campus.to_string()]);
        assert_eq!(b.run_js("return document.getElementById('sub-campus_id').value;").await, "", "a campus of the other client is unselected");

        // Subscribe Sur's campus, then delete the subscription through its confirmation page.
        b.select("#sub-campus_id", &sur_campus.to_string()).await;
        let plan = b.run_js("return document.querySelector('#sub-plan_id option[value]:not([value=\"\"])').value;").await;
        b.select("#sub-plan_id", plan.as_str().expect("a plan")).await;
        b.run_js("document.getElementById('sub-start_date').value = '2026-11-01';").await;
        b.click_and_wait("#save-subscription").await;
        assert!(b.path().await.starts_with("/admin/plans?ok=created"));
        b.click_and_wait("#subscriptions a.danger").await;
        assert!(b.text("h1").await.starts_with("¿Eliminar la suscripción"));
        b.click_and_wait("#confirm-delete").await;
        assert!(b.path().await.starts_with("/admin/plans?ok=deleted"));
        b.close().await;
    }
}
