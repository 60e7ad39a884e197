//! The admin forms (clients, campuses, users, calendars, policies, plans, subscriptions,
//! tokens), each create and edit form with bad values.

use super::{Findings, Fixture, Lang, form, user};
use crate::harness::TestApp;

pub(super) async fn forms(app: &TestApp, fx: &Fixture, lang: Lang, found: &mut Findings) {
    let c = user(app, "admin", lang, None).await;
    let l = |es, en| lang.pick(es, en);
    let (cid, campus) = (fx.client.to_string(), fx.campus.to_string());
    let long = "x".repeat(400);
    for action in [
        "/admin/clients".to_string(),
        format!("/admin/clients/{cid}"),
    ] {
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &[
                ("name", ""),
                ("tax_id", "T"),
                ("contact_emails", "sin-arroba"),
                ("time_zone", "Mars/Olympus"),
            ],
            &[
                l("Nombre: es obligatorio.", "Name: is required."),
                l(
                    "no es una dirección de correo válida",
                    "is not a valid e-mail address",
                ),
                l("no es un huso horario conocido", "is not a known time zone"),
            ],
        )
        .await;
    }
    form(
        app,
        found,
        lang,
        &c,
        &format!("/admin/clients/{cid}"),
        &[("name", &long), ("tax_id", "T"), ("time_zone", "UTC")],
        &[l("admite como máximo", "at most")],
    )
    .await;
    for action in [
        "/admin/campuses".to_string(),
        format!("/admin/campuses/{campus}"),
    ] {
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &[
                ("client_id", &cid),
                ("url", "ftp://x.invalid"),
                ("platform", "Moodle"),
                ("platform_version", "4"),
                ("service_start_date", "2026-13-45"),
            ],
            &[
                l(
                    "debe empezar con http:// o https://",
                    "must start with http:// or https://",
                ),
                l("no es una fecha válida", "is not a valid date"),
            ],
        )
        .await;
    }
    for action in [
        "/admin/users".to_string(),
        format!("/admin/users/{}", fx.user),
    ] {
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &[
                ("name", "N"),
                ("email", "sin-arroba"),
                ("role", "client_admin"),
                ("client_id", &cid),
                ("locale", "es"),
                ("time_zone", "UTC"),
                ("password", "corta"),
            ],
            &[l(
                "no es una dirección de correo válida",
                "is not a valid e-mail address",
            )],
        )
        .await;
    }
    for action in [
        "/admin/calendars".to_string(),
        format!("/admin/calendars/{}", fx.calendar),
    ] {
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &[
                ("name", "Cal"),
                ("time_zone", "Mars/Olympus"),
                ("mon", "09:00-13:00, 12:00-14:00"),
                ("tue", "9-18"),
                ("holidays", "25/12 Navidad"),
            ],
            &[
                l("se superpone", "overlaps"),
                l("«25/12» no es una fecha válida", "25/12"),
                l("Huso horario", "Time zone"),
            ],
        )
        .await;
        // What only the use case checks (the form's own checks pass): a day-less calendar.
        let no_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(|d| (d, ""));
        let mut fields = vec![("name", ""), ("time_zone", "UTC"), ("holidays", "")];
        fields.extend_from_slice(&no_days);
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &fields,
            &[
                l("Nombre: es obligatorio.", "Name: is required."),
                l(
                    "Horario semanal: es obligatorio.",
                    "Weekly hours: is required.",
                ),
            ],
        )
        .await;
    }
    let policy =
        |name: &'static str, warn: &'static str, warn2: &'static str, clock: &'static str| {
            vec![
                ("name", name),
                ("calendar_id", ""),
                ("hours_low", "168"),
                ("hours_medium", "48"),
                ("hours_high", "12"),
                ("hours_urgent", "4"),
                ("clock_low", clock),
                ("clock_medium", "calendar"),
                ("clock_high", "calendar"),
                ("clock_urgent", "calendar"),
                ("warn_percent", warn),
                ("second_warn_percent", warn2),
            ]
        };
    for action in [
        "/admin/policies".to_string(),
        format!("/admin/policies/{}", fx.policy),
    ] {
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &policy("P", "150", "99", "business"),
            &[
                l("debe estar entre 1 y 99", "must be between 1 and 99"),
                l(
                    "necesita que la política tenga un calendario",
                    "need the policy to have a calendar",
                ),
            ],
        )
        .await;
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &policy("", "80", "50", "calendar"),
            &[
                l("Nombre: es obligatorio.", "Name: is required."),
                l("debe estar entre 80 y 99", "must be between 80 and 99"),
            ],
        )
        .await;
        let mut bad_hours = policy("P", "75", "90", "calendar");
        bad_hours[2] = ("hours_low", "x");
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &bad_hours,
            &[l("mayor que cero", "above zero")],
        )
        .await;
    }
    let pol = fx.policy.to_string();
    for action in [
        "/admin/plans".to_string(),
        format!("/admin/plans/{}", fx.plan),
    ] {
        form(
            app,
            found,
            lang,
            &c,
            &action,
            &[
                ("name", ""),
                ("policy_id", &pol),
                ("admin_hours_per_month", "-5"),
            ],
            &[
                l("Nombre: es obligatorio.", "Name: is required."),
                l("debe estar entre 0 y 10000", "must be between 0 and 10000"),
            ],
        )
        .await;
    }
    let plan = fx.plan.to_string();
    form(
        app,
        found,
        lang,
        &c,
        "/admin/subscriptions",
        &[
            ("client_id", &cid),
            ("campus_id", ""),
            ("plan_id", &plan),
            ("start_date", "31/12/2026"),
        ],
        &[l(
            "«31/12/2026» no es una fecha válida",
            "is not a valid date",
        )],
    )
    .await;
    form(
        app,
        found,
        lang,
        &c,
        "/admin/tokens",
        &[("name", ""), ("user_id", "")],
        &[l("Obligatorio", "Required")],
    )
    .await;
}
