//! The administration-hours pages (issue 19) over the demo's data, in a real browser: axe's
//! WCAG A/AA rules and no sideways scrolling at phone width on the client's pages (home block,
//! the `admin_hours` ticket, the month page), axe on the staff's (the ticket's time block, the
//! report, the admin's add-ons page).

use crate::{
    axe::{assert_accessible, axe_source, check_phone},
    e2e,
};

e2e! {
    async fn hours_pages_are_accessible_and_fit_a_phone(app, driver) {
        if axe_source().is_none() {
            return;
        }
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        let login = |role: &str| crate::harness::demo_login(&seed, role);
        let b = driver.browser(&app.base).await;
        let phone = |name: &'static str| check_phone(&b, name);

        // The client admin whose administration ticket the demo logged 8 h 30 min on.
        let (email, pw) = login("client_admin");
        b.sign_in(&email, &pw).await;
        b.el("#admin-hours").await;
        assert!(b.exists("#admin-hours-warning").await, "85 % of the month's hours: warned");
        assert_accessible(&b, "portal home with hours").await;
        phone("portal home with hours").await;
        b.click_and_wait("#admin-hours-link").await;
        assert_eq!(b.path().await, "/portal/hours");
        b.el("#hours-entries li").await;
        assert_accessible(&b, "portal hours month").await;
        phone("portal hours month").await;
        b.click_and_wait("#hours-entries li a").await;
        b.el("#ticket-time").await;
        assert!(b.exists("#admin-hours").await, "the administration ticket shows the bank");
        assert_accessible(&b, "portal admin_hours ticket").await;
        phone("portal admin_hours ticket").await;
        let ticket = b.path().await.rsplit('/').next().unwrap_or_default().to_string();
        b.sign_out().await;

        // Staff: the ticket's time block, the report.
        let (email, pw) = login("agent");
        b.sign_in(&email, &pw).await;
        b.goto(&format!("/console/tickets/{ticket}")).await;
        b.el("#time-form").await;
        assert!(b.exists("#time-bank-warning").await);
        assert_accessible(&b, "console time block").await;
        b.goto("/console/hours").await;
        b.el("table#hours-report").await;
        assert_accessible(&b, "staff hours report").await;
        b.sign_out().await;

        let (email, pw) = login("admin");
        b.sign_in(&email, &pw).await;
        b.goto("/console/hours").await;
        b.click_and_wait("table#hours-report th a").await;
        b.el("#addon-form").await;
        assert_accessible(&b, "admin client hours").await;
        b.close().await;
    }
}
