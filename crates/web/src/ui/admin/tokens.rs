//! /admin/tokens: API tokens of every user. The plain token exists only in the response that
//! creates it (only its SHA-256 is stored), so the result page says so and is never cached.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::Response,
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
    with_status,
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
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

async fn render(
    svc: &Service,
    s: &Session,
    t: &Tr,
    flash: Option<String>,
    form: TokenForm,
    errs: Errs,
    created: Option<(String, String)>,
) -> Response {
    let a = &s.0.actor;
    let (tokens, users) = match (svc.list_tokens(a).await, svc.list_users(a).await) {
        (Ok(k), Ok(u)) => (k, u),
        (Err(e), _) | (_, Err(e)) => return page::service_error(t, e),
    };
    let code = if errs.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut res = with_status(
        page::render(&ListPage {
            t,
            chrome: chrome(s, LIST),
            csrf: s.0.csrf.clone(),
            flash,
            tokens,
            users,
            form,
            errs,
            created,
        }),
        code,
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<Flash>) -> Response {
    let t = match admin_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let form = TokenForm {
        name: String::new(),
        user_id: s.0.actor.user_id.to_string(),
    };
    render(&svc, &s, &t, q.message(&t), form, Errs::default(), None).await
}

async fn create(State(svc): State<Service>, f: CsrfForm<TokenForm>) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut errs = Errs::default();
    let user_id = opt_id(&mut errs, &t, "user_id", &f.form.user_id);
    let name = f.form.name.trim();
    if name.is_empty() || name.chars().count() > domain::limits::NAME_MAX {
        errs.push("name", t.t("admin-err-required"));
    }
    if !errs.any() {
        let input = TokenInput {
            name: name.to_string(),
            user_id,
        };
        match svc.create_token_for(&s.0.actor, &input).await {
            Ok(c) => {
                let blank = TokenForm {
                    name: String::new(),
                    user_id: s.0.actor.user_id.to_string(),
                };
                let created = Some((name.to_string(), c.token));
                return render(&svc, s, &t, None, blank, Errs::default(), created).await;
            }
            Err(e) => match Errs::from_service(&t, e) {
                Ok(e) => errs = e,
                Err(r) => return r,
            },
        }
    }
    render(&svc, s, &t, None, f.form, errs, None).await
}

async fn revoke(
    State(svc): State<Service>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Response {
    let s = &f.session;
    let t = match admin_only(s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match svc.revoke_token(&s.0.actor, id).await {
        Ok(()) => done(LIST, "revoked"),
        Err(e) => page::service_error(&t, e),
    }
}
