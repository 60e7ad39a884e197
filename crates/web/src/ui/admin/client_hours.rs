//! /admin/clients/{id}/hours: one client's administration-hours bank for a month, its
//! add-ons (recorded here, with who recorded them) and the month's entries on its
//! `admin_hours` tickets.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    routing::{get, post},
};
use serde::Deserialize;
use service::{
    Service,
    hours::{AddonInput, AddonView, TimeEntryQuery},
};

use super::{
    Errs, Flash, admin_only, chrome,
    forms::NoFields,
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome,
    hours_view::{BankLine, civil_date, month_name},
    i18n::Tr,
    session::{CsrfForm, Session},
};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin/clients/{id}/hours", get(show).post(add))
        .route("/admin/hours-addons/{id}/delete", post(remove))
}

#[derive(Debug, Default, Deserialize)]
pub struct MonthParam {
    month: Option<String>,
    ok: Option<String>,
}

/// The add-on form as typed; hours accept a decimal comma (`1,5`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AddonForm {
    pub month: String,
    pub hours: String,
    pub note: String,
}

pub struct AddonLine {
    pub id: i64,
    pub hours: String,
    pub note: String,
    pub who: String,
    pub when: String,
}

/// One line of the add-ons' change log.
pub struct ChangeLine {
    pub action: String,
    pub month: String,
    pub hours: String,
    pub note: String,
    pub who: String,
    pub when: String,
}

pub struct EntryLine {
    pub date: String,
    pub ticket_id: i64,
    pub ticket: String,
    pub agent: String,
    pub length: String,
    pub overage: String,
}

#[derive(Template)]
#[template(path = "admin/client_hours.html")]
struct HoursPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    client_id: i64,
    client: String,
    b: BankLine,
    prev: String,
    next: String,
    prev_name: String,
    next_name: String,
    addons: Vec<AddonLine>,
    changes: Vec<ChangeLine>,
    entries: Vec<EntryLine>,
    form: AddonForm,
    errs: Errs,
}

/// 303 to the client's month with its flash.
fn back(client: i64, month: &str, what: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::response::Redirect::to(&format!(
        "/admin/clients/{client}/hours?month={month}&ok={what}"
    ))
    .into_response()
}

fn shift(month: &str, forward: bool) -> String {
    domain::hours::Month::parse("month", month)
        .map(|m| if forward { m.next() } else { m.prev() }.to_string())
        .unwrap_or_default()
}

fn addon_line(t: &Tr, a: AddonView) -> AddonLine {
    AddonLine {
        id: a.id,
        hours: domain::hours::format_minutes(a.minutes),
        note: a.note,
        who: a.created_by_name.unwrap_or_default(),
        when: t.datetime(&a.created_at),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    month: Option<&str>,
    flash: Option<String>,
    form: Option<AddonForm>,
    errs: Errs,
) -> Page {
    let a = &s.0.actor;
    let bank = svc.hours_balance(a, id, month).await.or_page(t)?;
    let client = svc.get_client(a, id).await.or_page(t)?;
    let q = TimeEntryQuery {
        client_id: Some(id),
        month: Some(bank.month.clone()),
        ticket_id: None,
    };
    let entries = svc
        .list_time_entries(a, &q)
        .await
        .or_page(t)?
        .into_iter()
        .filter(|e| e.consumes_bank)
        .map(|e| EntryLine {
            date: civil_date(t, &e.work_date),
            ticket_id: e.ticket_id,
            ticket: format!("{} · {}", e.ticket_number, e.ticket_subject),
            agent: e.agent_name,
            length: domain::hours::format_minutes(e.minutes),
            overage: if e.overage_minutes > 0 {
                domain::hours::format_minutes(e.overage_minutes)
            } else {
                String::new()
            },
        })
        .collect();
    let changes = svc
        .addon_changes(a, id)
        .await
        .or_page(t)?
        .into_iter()
        .map(|c| ChangeLine {
            action: t.label("hours-change", &c.action),
            month: month_name(t, &c.month),
            hours: domain::hours::format_minutes(c.minutes),
            note: c.note,
            who: c.by_name.unwrap_or_default(),
            when: t.datetime(&c.at),
        })
        .collect();
    let invalid = errs.any();
    let page = HoursPage {
        t,
        chrome: chrome(s, &format!("/admin/clients/{id}/hours")),
        csrf: s.0.csrf.clone(),
        flash,
        client_id: id,
        client: client.name,
        prev: shift(&bank.month, false),
        next: shift(&bank.month, true),
        prev_name: month_name(t, &shift(&bank.month, false)),
        next_name: month_name(t, &shift(&bank.month, true)),
        addons: bank
            .addons
            .iter()
            .cloned()
            .map(|x| addon_line(t, x))
            .collect(),
        form: form.unwrap_or_else(|| AddonForm {
            month: bank.month.clone(),
            ..AddonForm::default()
        }),
        b: BankLine::of(t, &bank),
        changes,
        entries,
        errs,
    };
    Ok(render_form(&page, invalid))
}

async fn show(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<i64>,
    Query(q): Query<MonthParam>,
) -> Page {
    let t = admin_only(&s)?;
    let flash = Flash { ok: q.ok }.message(&t);
    render(
        &svc,
        &s,
        &t,
        id,
        q.month.as_deref(),
        flash,
        None,
        Errs::default(),
    )
    .await
}

async fn add(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<AddonForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let hours = match f.form.hours.trim().replace(',', ".").parse::<f64>() {
        Ok(h) => h,
        Err(_) => {
            errs.push(
                "hours",
                format!("{}: {}", t.t("field-hours"), t.t("hours-err-hours-number")),
            );
            0.0
        }
    };
    let note = f.form.note.trim();
    let input = AddonInput {
        month: f.form.month.clone(),
        hours,
        note: (!note.is_empty()).then(|| note.to_string()),
    };
    match attempt(&t, errs, svc.create_addon(&s.0.actor, id, &input)).await? {
        Outcome::Saved(a) => Ok(back(id, &a.month, "created")),
        Outcome::Rejected(errs) => {
            let month = f.form.month.clone();
            let shown = domain::hours::Month::parse("month", &month)
                .ok()
                .map(|_| month);
            render(&svc, s, &t, id, shown.as_deref(), None, Some(f.form), errs).await
        }
    }
}

async fn remove(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let a = svc.get_addon(&s.0.actor, id).await.or_page(&t)?;
    svc.delete_addon(&s.0.actor, id).await.or_page(&t)?;
    Ok(back(a.client_id, &a.month, "deleted"))
}
