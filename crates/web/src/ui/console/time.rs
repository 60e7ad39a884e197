//! The ticket page's time block (`templates/console/_time.html`): the ticket's entries with
//! their totals, edit and remove forms, the form to log time (its date defaults to today in
//! the client's time zone), and on an `admin_hours` ticket the client's bank this month with
//! the 80 % warning and a clear mark when what is logged goes past the balance (it is still
//! recorded: overage is billed, never refused).

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::{FieldError, hours::format_minutes, user::Role};
use serde::Deserialize;
use service::{
    Actor, Service, ServiceError, ServiceResult,
    hours::{TimeEntryInput, TimeEntryPatch},
};

use super::{
    Opt,
    ticket::{Draft, render},
};
use crate::ui::{
    hours_view::{BankLine, civil_date},
    i18n::Tr,
    page,
    session::CsrfForm,
};

/// The log-time form as typed (re-shown with its errors when refused).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TimeForm {
    pub minutes: String,
    pub work_date: String,
    pub note: String,
    pub billable: Option<String>,
    pub visible_to_client: Option<String>,
    pub agent_id: String,
}

/// What the create form shows after a refusal.
#[derive(Debug, Clone, Default)]
pub struct TimeDraft {
    pub form: Option<TimeForm>,
    pub errors: Vec<String>,
}

pub struct EntryLine {
    pub id: i64,
    pub date: String,
    pub work_date: String,
    pub agent: String,
    pub minutes: i64,
    pub length: String,
    pub note: String,
    pub billable: bool,
    pub visible: bool,
    /// "20 min" past the balance; empty when none.
    pub overage: String,
    pub can_change: bool,
}

pub struct TimeBlock {
    pub ticket_id: i64,
    pub entries: Vec<EntryLine>,
    pub total: String,
    pub billable_total: String,
    pub visible_total: String,
    pub overage_total: String,
    pub bank: Option<BankLine>,
    pub today: String,
    /// Supervisors and admins pick who did the work.
    pub agents: Vec<Opt>,
    pub form: TimeForm,
    pub errors: Vec<String>,
}

impl TimeBlock {
    pub async fn load(
        svc: &Service,
        a: &Actor,
        t: &Tr,
        ticket_id: i64,
        draft: &TimeDraft,
    ) -> ServiceResult<TimeBlock> {
        let tt = svc.ticket_time(a, ticket_id).await?;
        let supervisor = matches!(a.role, Role::Supervisor | Role::Admin);
        let form = draft.form.clone().unwrap_or_else(|| TimeForm {
            work_date: tt.today.clone(),
            agent_id: a.user_id.to_string(),
            // An included ticket's work is not billed unless said so.
            billable: tt.billable_default.then(|| "on".to_string()),
            ..TimeForm::default()
        });
        let agents = if supervisor {
            let mut staff: Vec<(i64, String)> = svc
                .list_users(a)
                .await?
                .into_iter()
                .filter(|u| u.role.is_staff() && u.active)
                .map(|u| (u.id, u.name))
                .collect();
            staff.sort_by(|x, y| x.1.cmp(&y.1));
            staff
                .into_iter()
                .map(|(id, name)| Opt::new(id.to_string(), name, form.agent_id.trim()))
                .collect()
        } else {
            Vec::new()
        };
        let own = |e: &service::hours::TimeEntryView| {
            supervisor || e.agent_id == a.user_id || e.created_by == Some(a.user_id)
        };
        Ok(TimeBlock {
            ticket_id,
            entries: tt
                .entries
                .iter()
                .map(|e| EntryLine {
                    id: e.id,
                    date: civil_date(t, &e.work_date),
                    work_date: e.work_date.clone(),
                    agent: e.agent_name.clone(),
                    minutes: e.minutes,
                    length: format_minutes(e.minutes),
                    note: e.note.clone(),
                    billable: e.billable,
                    visible: e.visible_to_client,
                    overage: if e.overage_minutes > 0 {
                        format_minutes(e.overage_minutes)
                    } else {
                        String::new()
                    },
                    can_change: own(e),
                })
                .collect(),
            total: format_minutes(tt.totals.minutes),
            billable_total: format_minutes(tt.totals.billable_minutes),
            visible_total: format_minutes(tt.totals.visible_minutes),
            overage_total: if tt.totals.overage_minutes > 0 {
                format_minutes(tt.totals.overage_minutes)
            } else {
                String::new()
            },
            bank: tt.bank.as_ref().map(|b| BankLine::of(t, b)),
            today: tt.today,
            agents,
            form,
            errors: draft.errors.clone(),
        })
    }
}

/// Minutes as typed: `90`, or hours and minutes `1:30`.
fn minutes(raw: &str) -> Result<i64, FieldError> {
    let s = raw.trim();
    let bad = || {
        FieldError::new(
            "minutes",
            "minutes_format",
            "minutes (90) or hours:minutes (1:30)",
        )
        .with("value", s)
    };
    match s.split_once(':') {
        Some((h, m)) if m.len() == 2 => {
            let h: i64 = h.trim().parse().map_err(|_| bad())?;
            let m: i64 = m.parse().map_err(|_| bad())?;
            if !(0..60).contains(&m) || !(0..=24).contains(&h) {
                return Err(bad());
            }
            Ok(h * 60 + m)
        }
        Some(_) => Err(bad()),
        None => s.parse().map_err(|_| bad()),
    }
}

fn agent(raw: &str) -> Result<Option<i64>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        s => s
            .parse()
            .map(Some)
            .map_err(|_| FieldError::new("agent_id", "invalid", "not a user").with("value", s)),
    }
}

fn opt_text(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// Re-renders the ticket with the refusal in the time block (and on top of the page).
async fn refused(
    svc: &Service,
    f: &CsrfForm<TimeForm>,
    t: &Tr,
    ticket_id: i64,
    e: ServiceError,
    keep_form: bool,
) -> Response {
    let msgs = match &e {
        ServiceError::Invalid(errs) => crate::ui::feedback::field_errors_in(t, "console", errs),
        _ => match crate::ui::feedback::service_message(t, &e) {
            Some(m) if !matches!(e, ServiceError::Forbidden(_)) => vec![m],
            _ => return page::service_error(t, e),
        },
    };
    let draft = Draft {
        error: Some(format!("{} {}", t.t("console-not-saved"), msgs.join(" "))),
        time: TimeDraft {
            form: keep_form.then(|| f.form.clone()),
            errors: msgs,
        },
        ..Draft::default()
    };
    render(svc, &f.session, t, ticket_id, draft).await
}

fn back(ticket_id: i64) -> Response {
    Redirect::to(&format!("/console/tickets/{ticket_id}#time")).into_response()
}

/// `POST /console/tickets/{id}/time`: logs time.
pub async fn create(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<TimeForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let a = &f.session.0.actor;
    let mut errs = Vec::new();
    let m = minutes(&f.form.minutes).map_err(|e| errs.push(e)).ok();
    let agent_id = agent(&f.form.agent_id)
        .map_err(|e| errs.push(e))
        .ok()
        .flatten();
    if !errs.is_empty() {
        return refused(&svc, &f, &t, id, ServiceError::Invalid(errs), true).await;
    }
    let date = f.form.work_date.trim();
    let input = TimeEntryInput {
        agent_id,
        work_date: (!date.is_empty()).then(|| date.to_string()),
        minutes: m.unwrap_or_default(),
        note: opt_text(&f.form.note),
        billable: Some(f.form.billable.is_some()),
        visible_to_client: Some(f.form.visible_to_client.is_some()),
    };
    match svc.log_time(a, id, &input).await {
        Ok(_) => back(id),
        Err(e) => refused(&svc, &f, &t, id, e, true).await,
    }
}

/// `POST /console/time-entries/{id}`: changes an entry.
pub async fn update(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<TimeForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let a = &f.session.0.actor;
    let entry = match svc.time_entry(a, id).await {
        Ok(e) => e,
        Err(e) => return page::service_error(&t, e),
    };
    let mut errs = Vec::new();
    let m = minutes(&f.form.minutes).map_err(|e| errs.push(e)).ok();
    let agent_id = agent(&f.form.agent_id)
        .map_err(|e| errs.push(e))
        .ok()
        .flatten();
    if !errs.is_empty() {
        return refused(
            &svc,
            &f,
            &t,
            entry.ticket_id,
            ServiceError::Invalid(errs),
            false,
        )
        .await;
    }
    let date = f.form.work_date.trim();
    let patch = TimeEntryPatch {
        agent_id,
        work_date: (!date.is_empty()).then(|| date.to_string()),
        minutes: m,
        note: opt_text(&f.form.note),
        billable: Some(f.form.billable.is_some()),
        visible_to_client: Some(f.form.visible_to_client.is_some()),
    };
    match svc.update_time_entry(a, id, &patch).await {
        Ok(_) => back(entry.ticket_id),
        Err(e) => refused(&svc, &f, &t, entry.ticket_id, e, false).await,
    }
}

/// `POST /console/time-entries/{id}/delete`: removes an entry.
pub async fn delete(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<TimeForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    let a = &f.session.0.actor;
    let entry = match svc.time_entry(a, id).await {
        Ok(e) => e,
        Err(e) => return page::service_error(&t, e),
    };
    match svc.delete_time_entry(a, id).await {
        Ok(()) => back(entry.ticket_id),
        Err(e) => refused(&svc, &f, &t, entry.ticket_id, e, false).await,
    }
}

#[cfg(test)]
mod tests {
    use super::minutes;

    #[test]
    fn minutes_as_typed() {
        assert_eq!(minutes("90"), Ok(90));
        assert_eq!(minutes(" 1:30 "), Ok(90));
        assert_eq!(minutes("0:05"), Ok(5));
        assert!(minutes("1:5").is_err());
        assert!(minutes("1:75").is_err());
        assert!(minutes("una hora").is_err());
    }
}
