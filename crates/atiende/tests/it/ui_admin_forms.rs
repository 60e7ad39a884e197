//! The admin forms as an administrator meets them: required fields marked, targets typed as a
//! number and a unit (with a warning, not a refusal, for a lower priority due sooner), named
//! and yearly holidays, and a subscription's campus list narrowed to the chosen client.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    both_backends,
    web_client::{FormReply, csrf, get, post, sign_in},
};

both_backends! {
    async fn required_fields_units_warnings_and_holidays(app) {
        let c = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, page) = get(&app, &c, "/admin/plans").await;
        // Every form says which fields are required, visibly and to assistive technology.
        for id in ["plan-name", "plan-policy_id", "pol-name", "pol-hours-low", "cal-name", "cal-time_zone", "sub-client_id", "sub-plan_id", "sub-start_date"] {
            let at = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("{id}"));
            let tag = &page[at..at + page[at..].find('>').unwrap()];
            assert!(tag.contains("required aria-required=\"true\""), "{id}: {tag}");
            let label = format!("<label for=\"{id}\">");
            let l = page.find(&label).unwrap_or_else(|| panic!("label {id}"));
            let end = l + page[l..].find("</label>").expect("label end");
            assert!(page[l..end].contains("class=\"req\""), "{id}");
        }
        assert!(page.contains("Los campos marcados con * son obligatorios."));
        // The blank policy form starts from the seed's targets in words: 1 week, 2 days, 12 h, 4 h.
        assert!(page.contains("<option value=\"weeks\" selected>semanas</option>"), "weeks unit");

        let token = csrf(&page);
        let FormReply { status, body, .. } = post(&app, &c, "/admin/policies", &[("_csrf", &token), ("name", "Al revés"), ("calendar_id", ""),
            ("hours_low", "1"), ("unit_low", "weeks"), ("clock_low", "calendar"),
            ("hours_medium", "8"), ("unit_medium", "hours"), ("clock_medium", "calendar"),
            ("hours_high", "1,5"), ("unit_high", "days"), ("clock_high", "calendar"),
            ("hours_urgent", "4"), ("unit_urgent", "hours"), ("clock_urgent", "calendar"),
            ("warn_percent", "75"), ("second_warn_percent", "90")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "a warning does not refuse: {body}");
        let (_, pols) = app.get("/api/v1/policies", &app.admin).await;
        let pol = pols.as_array().unwrap().iter().find(|p| p["name"] == "Al revés").expect("saved").clone();
        assert_eq!(pol["targets"]["low"]["target_seconds"], 604_800);
        assert_eq!(pol["targets"]["high"]["target_seconds"], 129_600);
        assert_eq!(pol["targets"]["medium"]["target_seconds"], 28_800);
        let (_, page) = get(&app, &c, "/admin/plans?ok=created").await;
        assert!(page.contains("1 semana · 24×7") && page.contains("36 h · 24×7"), "targets in words");
        assert!(page.contains("Atención: la prioridad Media (8 h) vence antes que Alta (36 h)."), "order warning on the list");
        let (_, edit) = get(&app, &c, &format!("/admin/policies/{}", pol["id"])).await;
        assert!(edit.contains("id=\"policy-warnings\"") && edit.contains("<option value=\"weeks\" selected>"), "edit page");
        // An amount that is no amount is refused, in words.
        let FormReply { status, body, .. } = post(&app, &c, "/admin/policies", &[("_csrf", &token), ("name", "Mal"),
            ("hours_low", "0"), ("unit_low", "days"), ("hours_medium", "48"), ("hours_high", "12"), ("hours_urgent", "4"),
            ("warn_percent", "75"), ("second_warn_percent", "90")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Ingrese una cantidad mayor que cero"), "{body}");

        // Holidays: a one-off date, and a yearly one without a year; both come back as typed.
        let FormReply { status, body, .. } = post(&app, &c, "/admin/calendars", &[("_csrf", &token), ("name", "Fiestas"), ("time_zone", "Europe/Madrid"),
            ("mon", "09:00-18:00"), ("holidays", "2026-04-03 Viernes Santo\n12-25 Navidad")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (_, cals) = app.get("/api/v1/calendars", &app.admin).await;
        let cal = cals.as_array().unwrap().iter().find(|c| c["name"] == "Fiestas").expect("saved").clone();
        assert_eq!(cal["spec"]["holidays"], json!([{"date": "2026-04-03", "name": "Viernes Santo", "yearly": false},
            {"date": "12-25", "name": "Navidad", "yearly": true}]));
        let (_, page) = get(&app, &c, "/admin/plans").await;
        assert!(page.contains("Navidad (12-25, cada año)") && page.contains("Viernes Santo (2026-04-03)"), "holidays listed");
        let (_, edit) = get(&app, &c, &format!("/admin/calendars/{}", cal["id"])).await;
        assert!(edit.contains("2026-04-03 Viernes Santo\n12-25 Navidad</textarea>"), "edit keeps the lines");
        // Old specs (bare dates) still read.
        let old = app.ok("/api/v1/calendars", &app.admin, json!({"name": "Viejo", "spec": {"time_zone": "UTC",
            "weekly": {"mon": [["09:00", "18:00"]]}, "holidays": ["2026-01-06"]}})).await;
        assert_eq!(old["spec"]["holidays"], json!(["2026-01-06"]));
    }

    async fn subscription_campus_list_is_the_chosen_clients(app) {
        let (norte, norte_campus, _) = app.client_with_admin("Norte").await;
        let (_, sur_campus, _) = app.client_with_admin("Sur").await;
        let c = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, page) = get(&app, &c, "/admin/plans").await;
        assert!(page.contains("<script src=\"/admin/subscriptions.js\" defer></script>"));
        assert!(page.contains(&format!("value=\"{norte_campus}\" data-client=\"{norte}\"")));
        let (s, js) = get(&app, &c, "/admin/subscriptions.js").await;
        assert_eq!(s, StatusCode::OK);
        assert!(js.contains("data-client"));
        let (_, plans) = app.get("/api/v1/plans", &app.admin).await;
        let plan = plans[0]["id"].to_string();
        // Another client's campus is refused by the server, and the form comes back offering
        // only the chosen client's campuses.
        let (n, sc) = (norte.to_string(), sur_campus.to_string());
        let FormReply { status, body, .. } = post(&app, &c, "/admin/subscriptions", &[("_csrf", &csrf(&page)), ("client_id", &n),
            ("campus_id", &sc), ("plan_id", &plan), ("start_date", "2026-11-01")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Campus: no es un campus de ese cliente."), "{body}");
        assert!(body.contains("https://norte.campus.invalid") && !body.contains("https://sur.campus.invalid"), "only Norte's campuses");
        let (_, subs) = app.get("/api/v1/subscriptions", &app.admin).await;
        assert_eq!(subs.as_array().map(Vec::len), Some(0));
    }
}
