//! /admin/tokens: API tokens of every user. The plain token exists only in the response that
//! creates it (only its SHA-256 is stored), so the result page says so and is never cached.

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
    admin::{
        tokens::TokenView,
        users::{TokenInput, UserView},
    },
};

use super::{
    Errs, Flash, admin_only, chrome, done,
    forms::{NoFields, opt_id},
    screen::{OrPage, Outcome, Page, attempt, render_form},
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/tokens";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list).post(create))
        .route("/admin/tokens/{id}/revoke", post(revoke))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub name: String,
    pub user_id: String,
}

impl TokenForm {
    pub fn is_user(&self, id: &i64) -> bool {
        self.user_id.trim() == id.to_string()
    }
}

#[derive(Template)]
#[template(path = "admin/tokens.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    tokens: Vec<TokenView>,
    users: Vec<UserView>,
    form: TokenForm,
    errs: Errs,
    /// The token just created: shown once, on this response only.
    created: Option<(String, String)>,
}

/// The list and its form; never cached, since it may carry a token just created.
async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: TokenForm,
    errs: Errs,
    created: Option<(String, String)>,
) -> Page {
    let a = &s.0.actor;
    let page = ListPage {
        t,
        chrome: chrome(s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        tokens: svc.list_tokens(a).await.or_page(t)?,
        users: svc.list_users(a).await.or_page(t)?,
        form,
        errs,
        created,
    };
    let mut res = render_form(&page, page.errs.any());
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// A blank form, the signed-in admin preselected as the token's user.
fn blank(s: &Session) -> TokenForm {
    TokenForm {
        name: String::new(),
        user_id: s.0.actor.user_id.to_string(),
    }
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Page {
    let t = admin_only(&s)?;
    let flash = q.message(&t);
    render(&svc, &s, &t, flash, blank(&s), Errs::default(), None).await
}

async fn create(State(svc): State<Service>, f: CsrfForm<TokenForm>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let user_id = opt_id(&mut errs, &t, "user_id", &f.form.user_id);
    let name = f.form.name.trim();
    if name.is_empty() || name.chars().count() > domain::limits::NAME_MAX {
        errs.push("name", t.t("admin-err-required"));
    }
    let input = TokenInput {
        name: name.to_string(),
        user_id,
    };
    match attempt(&t, errs, svc.create_token_for(&s.0.actor, &input)).await? {
        Outcome::Saved(c) => {
            let created = Some((input.name, c.token));
            render(&svc, s, &t, None, blank(s), Errs::default(), created).await
        }
        Outcome::Rejected(errs) => render(&svc, s, &t, None, f.form, errs, None).await,
    }
}

async fn revoke(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    svc.revoke_token(&s.0.actor, id).await.or_page(&t)?;
    Ok(done(LIST, "revoked"))
}
