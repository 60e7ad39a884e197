//! Deleting from the admin screens. A row's "Eliminar" opens a confirmation page (GET
//! `…/{id}/delete`) that names the object and, when something still uses it, says what instead
//! of offering the button; the confirmation POSTs to the same URL. A refusal there (409: it
//! became used meanwhile, or a script posted directly) names what uses it the same way.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::{MethodRouter, get},
};
use service::{
    Service, ServiceError,
    admin::deletes::{Deletable, Usage},
};

use super::{admin_only, chrome, done, forms::NoFields, screen::OrPage, screen::Page, with_status};
use crate::ui::{
    Chrome, feedback,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

#[derive(Template)]
#[template(path = "admin/notice.html")]
struct Notice<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    status: u16,
    message: String,
    back: &'a str,
}

#[derive(Template)]
#[template(path = "admin/confirm_delete.html")]
struct Confirm<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    heading: String,
    in_use: Option<String>,
    action: String,
    back: &'a str,
}

/// The route of every `…/{id}/delete`: the confirmation page, and the delete itself.
pub fn delete_route(what: Deletable, back: &'static str) -> MethodRouter<Service> {
    get(
        move |State(svc): State<Service>, Path(id): Path<i64>, s: Session| async move {
            confirm(&svc, &s, what, id, back).await
        },
    )
    .post(
        move |State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>| async move {
            delete(&svc, &f.session, what, id, back).await
        },
    )
}

async fn confirm(svc: &Service, s: &Session, what: Deletable, id: i64, back: &str) -> Page {
    let t = admin_only(s)?;
    let a = &s.0.actor;
    let name = object_name(svc, s, what, id).await.or_page(&t)?;
    let usage = svc.object_usage(a, what, id).await.or_page(&t)?;
    let heading = t
        .try_t_args(
            "admin2-delete-question",
            &[("what", t.t(kind_key(what))), ("name", name)],
        )
        .unwrap_or_default();
    Ok(page::render(&Confirm {
        t: &t,
        chrome: chrome(s, back),
        csrf: s.0.csrf.clone(),
        heading,
        in_use: (!usage.is_empty()).then(|| in_use(&t, &usage)),
        action: format!("{}/{id}/delete", base(what)),
        back,
    }))
}

/// Deletes through `delete_object`; "still in use" (409) names what uses it.
async fn delete(svc: &Service, s: &Session, what: Deletable, id: i64, back: &str) -> Page {
    let t = admin_only(s)?;
    let refusal = match svc.delete_object(&s.0.actor, what, id).await {
        Ok(()) => return Ok(done(back, "deleted")),
        Err(ServiceError::Conflict { .. }) => {
            let usage = svc.object_usage(&s.0.actor, what, id).await.or_page(&t)?;
            if usage.is_empty() {
                t.t("admin-in-use")
            } else {
                in_use(&t, &usage)
            }
        }
        Err(e) => match feedback::service_message(&t, &e) {
            Some(msg) if matches!(e, ServiceError::State { .. }) => msg,
            _ => return Err(page::service_error(&t, e)),
        },
    };
    let res = page::render(&Notice {
        t: &t,
        chrome: chrome(s, back),
        status: 409,
        message: refusal,
        back,
    });
    Ok(with_status(res, StatusCode::CONFLICT))
}

/// "No puede eliminarse: lo usan 3 tickets y la suscripción #4."
fn in_use(t: &Tr, usage: &[Usage]) -> String {
    let parts: Vec<String> = usage
        .iter()
        .map(|u| {
            let mut names = u.names.join(", ");
            if (u.names.len() as i64) < u.count && !u.names.is_empty() {
                names.push_str(", …");
            }
            t.try_t_args(
                &format!("admin2-use-{}", u.kind),
                &[("count", u.count.to_string()), ("names", names)],
            )
            .unwrap_or_else(|| format!("{} × {}", u.count, u.kind))
        })
        .collect();
    let list = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), t.t("admin2-and")),
    };
    t.t1("admin2-in-use", "list", list)
}

/// The Fluent key naming the kind of object ("el plan", "the plan").
fn kind_key(what: Deletable) -> &'static str {
    match what {
        Deletable::Client => "admin2-kind-client",
        Deletable::Campus => "admin2-kind-campus",
        Deletable::User => "admin2-kind-user",
        Deletable::Calendar => "admin2-kind-calendar",
        Deletable::Policy => "admin2-kind-policy",
        Deletable::Plan => "admin2-kind-plan",
        Deletable::Subscription => "admin2-kind-subscription",
    }
}

fn base(what: Deletable) -> &'static str {
    match what {
        Deletable::Client => "/admin/clients",
        Deletable::Campus => "/admin/campuses",
        Deletable::User => "/admin/users",
        Deletable::Calendar => "/admin/calendars",
        Deletable::Policy => "/admin/policies",
        Deletable::Plan => "/admin/plans",
        Deletable::Subscription => "/admin/subscriptions",
    }
}

/// How the confirmation names the object (404 for one the admin cannot see).
async fn object_name(
    svc: &Service,
    s: &Session,
    what: Deletable,
    id: i64,
) -> service::ServiceResult<String> {
    let a = &s.0.actor;
    Ok(match what {
        Deletable::Client => svc.get_client(a, id).await?.name,
        Deletable::Campus => svc.get_campus(a, id).await?.url,
        Deletable::User => svc.get_user(a, id).await?.email,
        Deletable::Calendar => svc.get_calendar(a, id).await?.name,
        Deletable::Policy => svc.get_policy(a, id).await?.name,
        Deletable::Plan => svc.get_plan(a, id).await?.name,
        Deletable::Subscription => {
            svc.object_usage(a, what, id).await?;
            format!("#{id}")
        }
    })
}
