//! The supervisors' dashboard (issue 20 item 5) over the demo's data, in a real browser:
//! axe's WCAG A/AA rules (the trend chart and the heat table included) at desktop and phone
//! width, no sideways scrolling at phone width, and the period picker's round trip.

use crate::{
    axe::{assert_accessible, axe_source, check_phone},
    e2e,
};

e2e! {
    async fn dashboard_is_accessible_and_fits_a_phone(app, driver) {
        if axe_source().is_none() {
            return;
        }
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        let (email, pw) = crate::harness::demo_login(&seed, "supervisor");
        let b = driver.browser(&app.base).await;
        b.sign_in(&email, &pw).await;
        b.goto("/dashboard?period=last_3_months").await;
        b.el("table#busiest-hours").await;
        assert!(b.exists("#trend-chart svg").await && b.exists("table#trend").await);
        assert!(b.exists("table#backlog").await && b.exists("table#first-response").await);
        assert_accessible(&b, "dashboard").await;
        check_phone(&b, "dashboard").await;
        // The picker: a named period round-trips through the GET form (the empty month
        // fields do not turn it into a range).
        b.select("#period", "last_month").await;
        b.click_and_wait("#period-apply").await;
        assert!(b.path().await.contains("period=last_month"), "{}", b.path().await);
        b.el("table#busiest-hours").await;
        assert_eq!(b.attr("#period option[selected]", "value").await.as_deref(), Some("last_month"));
        b.close().await;
    }
}
