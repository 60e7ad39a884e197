//! /admin/mail: the mail servers — the outgoing SMTP server, the From address and the
//! mailboxes read for incoming mail. What the environment sets is shown read-only; passwords
//! are never shown, only whether one is saved (an empty password field keeps it).

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::{HeaderValue, header},
    routing::{get, post},
};
use serde::Deserialize;
use service::{
    Service,
    mail_settings::{ConnectionCheck, MailServerView, MailSettingsView, MailboxInput, SmtpInput},
};

use super::{
    Errs, Flash, admin_only, chrome, done,
    forms::NoFields,
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    session::{CsrfForm, Session},
};

const PAGE: &str = "/admin/mail";
pub const SECURITIES: [&str; 3] = ["tls", "starttls", "none"];

pub fn routes() -> Router<Service> {
    Router::new()
        .route(PAGE, get(show))
        .route("/admin/mail/smtp", post(save_smtp))
        .route("/admin/mail/smtp/delete", post(delete_smtp))
        .route("/admin/mail/mailboxes", post(add_mailbox))
        .route(
            "/admin/mail/mailboxes/{id}",
            get(edit_mailbox).post(update_mailbox),
        )
        .route("/admin/mail/mailboxes/{id}/delete", post(delete_mailbox))
        .route("/admin/mail/{id}/check", post(check))
}

/// The SMTP form as typed (text, so a bad port comes back as typed).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SmtpForm {
    pub host: String,
    pub port: String,
    pub security: String,
    pub username: String,
    pub password: String,
    pub clear_password: Option<String>,
    pub from: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MailboxForm {
    pub host: String,
    pub port: String,
    pub security: String,
    pub username: String,
    pub password: String,
    pub folder: String,
    pub enabled: Option<String>,
}

impl Default for MailboxForm {
    fn default() -> Self {
        MailboxForm {
            host: String::new(),
            port: String::new(),
            security: "tls".into(),
            username: String::new(),
            password: String::new(),
            folder: "INBOX".into(),
            enabled: Some("on".into()),
        }
    }
}

/// `""` → the default port for the security; text that is not a port → a field error.
fn port(t: &Tr, errs: &mut Errs, v: &str) -> Option<u16> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<u16>() {
        Ok(p) if p > 0 => Some(p),
        _ => {
            // Said like the use case's refusals: "Puerto: …".
            errs.push(
                "port",
                format!("{}: {}", t.t("field-port"), t.t("mail-err-port")),
            );
            None
        }
    }
}

fn password(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_string())
}

impl SmtpForm {
    fn from_view(v: &MailServerView) -> SmtpForm {
        SmtpForm {
            host: v.host.clone(),
            port: v.port.to_string(),
            security: v.security.clone(),
            username: v.username.clone(),
            password: String::new(),
            clear_password: None,
            from: v.from.clone(),
        }
    }

    fn input(&self, t: &Tr, errs: &mut Errs) -> SmtpInput {
        SmtpInput {
            host: self.host.clone(),
            port: port(t, errs, &self.port),
            security: self.security.clone(),
            username: self.username.clone(),
            password: password(&self.password),
            clear_password: self.clear_password.is_some(),
            from: self.from.clone(),
        }
    }
}

impl MailboxForm {
    fn from_view(v: &MailServerView) -> MailboxForm {
        MailboxForm {
            host: v.host.clone(),
            port: v.port.to_string(),
            security: v.security.clone(),
            username: v.username.clone(),
            password: String::new(),
            folder: v.folder.clone(),
            enabled: v.enabled.then(|| "on".into()),
        }
    }

    fn input(&self, t: &Tr, errs: &mut Errs) -> MailboxInput {
        MailboxInput {
            host: self.host.clone(),
            port: port(t, errs, &self.port),
            security: self.security.clone(),
            username: self.username.clone(),
            password: password(&self.password),
            folder: self.folder.clone(),
            enabled: self.enabled.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/mail.html")]
struct MailPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    settings: MailSettingsView,
    smtp_form: SmtpForm,
    smtp_errs: Errs,
    mailbox_form: MailboxForm,
    mailbox_errs: Errs,
    securities: [&'static str; 3],
    /// The result of the "check connection" button just pressed.
    check: Option<ConnectionCheck>,
}

impl MailPage<'_> {
    /// The saved outgoing server (not the environment's), if any.
    fn saved_smtp(&self) -> Option<&MailServerView> {
        self.settings
            .smtp
            .as_ref()
            .filter(|s| s.source == "settings")
    }

    fn smtp_password_set(&self) -> bool {
        self.saved_smtp().is_some_and(|s| s.password_set)
    }

    fn smtp_from_env(&self) -> bool {
        self.settings
            .smtp
            .as_ref()
            .is_some_and(|s| s.source == "environment")
    }
}

#[derive(Template)]
#[template(path = "admin/mail_mailbox.html")]
struct MailboxPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    mailbox: MailServerView,
    form: MailboxForm,
    errs: Errs,
    securities: [&'static str; 3],
}

/// What the page shows besides the settings: a flash, forms that came back with errors, the
/// result of a connection check.
#[derive(Default)]
struct Shown {
    flash: Option<String>,
    smtp_form: Option<SmtpForm>,
    smtp_errs: Errs,
    mailbox_form: Option<MailboxForm>,
    mailbox_errs: Errs,
    check: Option<ConnectionCheck>,
}

/// The page, never cached (it is a settings page an admin may be editing).
async fn render(svc: &Service, s: &Session, t: &Tr, shown: Shown) -> Page {
    let settings = svc.mail_settings(&s.0.actor).await.or_page(t)?;
    let smtp_form = shown.smtp_form.unwrap_or_else(|| {
        settings
            .smtp
            .as_ref()
            .filter(|v| v.source == "settings")
            .map(SmtpForm::from_view)
            .unwrap_or(SmtpForm {
                security: "starttls".into(),
                ..SmtpForm::default()
            })
    });
    let invalid = shown.smtp_errs.any() || shown.mailbox_errs.any();
    let page = MailPage {
        t,
        chrome: chrome(s, PAGE),
        csrf: s.0.csrf.clone(),
        flash: shown.flash,
        settings,
        smtp_form,
        smtp_errs: shown.smtp_errs,
        mailbox_form: shown.mailbox_form.unwrap_or_default(),
        mailbox_errs: shown.mailbox_errs,
        securities: SECURITIES,
        check: shown.check,
    };
    let mut res = render_form(&page, invalid);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn show(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Page {
    let t = admin_only(&s)?;
    let flash = q.message(&t);
    let shown = Shown {
        flash,
        ..Shown::default()
    };
    render(&svc, &s, &t, shown).await
}

async fn save_smtp(State(svc): State<Service>, f: CsrfForm<SmtpForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    match attempt(&t, errs, svc.save_smtp_setting(&s.0.actor, &input)).await? {
        Outcome::Saved(_) => Ok(done(PAGE, "saved")),
        Outcome::Rejected(errs) => {
            let mut form = f.form.clone();
            form.password.clear();
            let shown = Shown {
                smtp_form: Some(form),
                smtp_errs: errs,
                ..Shown::default()
            };
            render(&svc, s, &t, shown).await
        }
    }
}

async fn delete_smtp(State(svc): State<Service>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    svc.delete_smtp_setting(&s.0.actor).await.or_page(&t)?;
    Ok(done(PAGE, "deleted"))
}

async fn add_mailbox(State(svc): State<Service>, f: CsrfForm<MailboxForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    match attempt(&t, errs, svc.save_mailbox_setting(&s.0.actor, None, &input)).await? {
        Outcome::Saved(_) => Ok(done(PAGE, "created")),
        Outcome::Rejected(errs) => {
            let mut form = f.form.clone();
            form.password.clear();
            let shown = Shown {
                mailbox_form: Some(form),
                mailbox_errs: errs,
                ..Shown::default()
            };
            render(&svc, s, &t, shown).await
        }
    }
}

async fn edit_mailbox(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let mailbox = svc.get_mailbox_setting(&s.0.actor, id).await.or_page(&t)?;
    let form = MailboxForm::from_view(&mailbox);
    render_mailbox(&s, &t, mailbox, form, Errs::default())
}

#[allow(clippy::result_large_err)] // the error is the finished page, built once per request
fn render_mailbox(
    s: &Session,
    t: &Tr,
    mailbox: MailServerView,
    form: MailboxForm,
    errs: Errs,
) -> Page {
    let invalid = errs.any();
    let page = MailboxPage {
        t,
        chrome: chrome(s, PAGE),
        csrf: s.0.csrf.clone(),
        mailbox,
        form,
        errs,
        securities: SECURITIES,
    };
    let mut res = render_form(&page, invalid);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn update_mailbox(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<MailboxForm>,
) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    match attempt(
        &t,
        errs,
        svc.save_mailbox_setting(&s.0.actor, Some(id), &input),
    )
    .await?
    {
        Outcome::Saved(_) => Ok(done(PAGE, "saved")),
        Outcome::Rejected(errs) => {
            let mailbox = svc.get_mailbox_setting(&s.0.actor, id).await.or_page(&t)?;
            let mut form = f.form.clone();
            form.password.clear();
            render_mailbox(s, &t, mailbox, form, errs)
        }
    }
}

async fn delete_mailbox(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    svc.delete_mailbox_setting(&s.0.actor, id)
        .await
        .or_page(&t)?;
    Ok(done(PAGE, "deleted"))
}

/// "Check connection": connects as the jobs would and shows what happened on the page.
async fn check(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let check = svc.check_mail_server(&s.0.actor, id).await.or_page(&t)?;
    let shown = Shown {
        check: Some(check),
        ..Shown::default()
    };
    render(&svc, s, &t, shown).await
}
