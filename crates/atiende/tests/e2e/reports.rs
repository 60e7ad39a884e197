//! The monthly report's pages (issue 20) over the demo's data, in a real browser: axe's WCAG
//! A/AA rules (charts included) and no sideways scrolling at phone width on the client's
//! report; axe on the console's.

use crate::{
    axe::{assert_accessible, axe_source, check_phone},
    e2e,
};

e2e! {
    async fn report_pages_are_accessible_and_fit_a_phone(app, driver) {
        if axe_source().is_none() {
            return;
        }
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        let login = |role: &str| crate::harness::demo_login(&seed, role);
        let b = driver.browser(&app.base).await;

        let (email, pw) = login("client_admin");
        b.sign_in(&email, &pw).await;
        b.goto("/portal/reports").await;
        b.el("article.report").await;
        assert!(b.exists("#report-pdf").await && b.exists("#report-picker").await);
        assert_accessible(&b, "portal monthly report").await;
        check_phone(&b, "portal monthly report").await;
        b.sign_out().await;

        let (email, pw) = login("agent");
        b.sign_in(&email, &pw).await;
        b.goto("/console/reports").await;
        b.el("article.report").await;
        assert!(b.exists("#report-client").await, "staff choose the client");
        assert_accessible(&b, "console monthly report").await;
        b.close().await;
    }
}
