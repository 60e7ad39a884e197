//! The knowledge base in the portal: browse and search published public articles, read one
//! ("¿le resultó útil?" sí/no), and "esto resolvió mi consulta" — a deflection: the question
//! was answered and no ticket is opened. `/portal/kb/suggest` feeds the suggestions shown
//! under a new ticket's subject (`app.js`); without JavaScript the form links here instead.
//! Drafts and internal articles answer 404, as if they did not exist.

use askama::Template;
use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use domain::kb::ArticleCategory;
use serde::Deserialize;
use service::{
    Service,
    kb::{ArticleList, ArticleQuery, ArticleSummary, ArticleView, DeflectionInput, Vote, lang_of},
};

use super::client_only;
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session, urlencode},
};

#[derive(Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
}

impl SearchParams {
    pub fn q(&self) -> &str {
        &self.q
    }

    pub fn category(&self) -> &str {
        &self.category
    }
}

pub struct CategoryLink {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

/// The category links of a list page (portal and console).
pub fn category_links(t: &Tr, selected: Option<ArticleCategory>) -> Vec<CategoryLink> {
    ArticleCategory::ALL
        .iter()
        .map(|c| CategoryLink {
            value: c.as_str(),
            label: t.label("kb-category", c.as_str()),
            selected: selected == Some(*c),
        })
        .collect()
}

/// The knowledge base's list and search, for the portal and (with `console`) the console.
#[derive(Template)]
#[template(path = "portal/kb_list.html")]
pub(crate) struct ListPage<'a> {
    pub t: &'a Tr,
    pub chrome: Option<Chrome>,
    pub q: String,
    pub categories: Vec<CategoryLink>,
    pub category_chosen: bool,
    pub list: ArticleList,
    /// Links go to the editor instead of the portal's article pages, and "new article" shows.
    pub console: bool,
    /// `/portal/kb` or `/console/kb`: the search form and the category links.
    pub base: &'static str,
}

#[derive(Template)]
#[template(path = "portal/kb_article.html")]
struct ArticlePage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    a: ArticleView,
    title: String,
    /// The language of the version shown.
    lang: &'static str,
    html: String,
    category: String,
    /// What the client had typed when a suggestion led here (kept with the deflection).
    q: String,
    resolved: bool,
}

pub async fn list(
    State(svc): State<Service>,
    s: Session,
    Query(p): Query<SearchParams>,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let category = ArticleCategory::parse(&p.category);
    let q = ArticleQuery {
        q: Some(p.q.clone()),
        category,
        lang: Some(lang_of(t.locale)),
        limit: Some(50),
    };
    match svc.search_articles(&s.0.actor, &q).await {
        Ok(list) => page::render(&ListPage {
            categories: category_links(&t, category),
            category_chosen: category.is_some(),
            chrome: Some(Chrome::of(&s.0, "/portal/kb")),
            t: &t,
            q: p.q,
            list,
            console: false,
            base: "/portal/kb",
        }),
        Err(e) => page::service_error(&t, e),
    }
}

#[derive(Default, Deserialize)]
pub struct ArticleParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    resolved: Option<String>,
}

pub async fn article(
    State(svc): State<Service>,
    s: Session,
    Path(slug): Path<String>,
    Query(p): Query<ArticleParams>,
) -> Response {
    let t = match client_only(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let a = match svc
        .get_article(&s.0.actor, &slug, p.resolved.is_none())
        .await
    {
        Ok(a) => a,
        Err(e) => return page::service_error(&t, e),
    };
    let (title, lang, html) = a
        .version_for(t.locale)
        .map(|v| (v.title.clone(), v.lang.as_str(), v.html.clone()))
        .unwrap_or_default();
    page::render(&ArticlePage {
        chrome: Some(Chrome::of(&s.0, &a.portal_url)),
        category: t.label("kb-category", a.category.as_str()),
        t: &t,
        title,
        lang,
        html,
        a,
        q: p.q,
        resolved: p.resolved.is_some(),
    })
}

#[derive(Deserialize)]
pub struct VoteForm {
    helpful: String,
}

pub async fn vote(
    State(svc): State<Service>,
    Path(slug): Path<String>,
    f: CsrfForm<VoteForm>,
) -> Response {
    let t = match client_only(&f.session) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let v = Vote {
        helpful: f.form.helpful == "yes",
    };
    match svc.vote_article(&f.session.0.actor, &slug, &v).await {
        Ok(_) => Redirect::to(&format!("/portal/kb/{}#vote", urlencode(&slug))).into_response(),
        Err(e) => page::service_error(&t, e),
    }
}

#[derive(Default, Deserialize)]
pub struct ResolvedForm {
    #[serde(default)]
    query: String,
}

/// "Esto resolvió mi consulta": records the deflection and shows the article with the thanks.
pub async fn resolved(
    State(svc): State<Service>,
    Path(slug): Path<String>,
    f: CsrfForm<ResolvedForm>,
) -> Response {
    let t = match client_only(&f.session) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let d = DeflectionInput {
        query: f.form.query.clone(),
    };
    match svc.record_deflection(&f.session.0.actor, &slug, &d).await {
        Ok(_) => Redirect::to(&format!(
            "/portal/kb/{}?resolved=1#resolved",
            urlencode(&slug)
        ))
        .into_response(),
        Err(e) => page::service_error(&t, e),
    }
}

#[derive(Default, Deserialize)]
pub struct SuggestParams {
    #[serde(default)]
    q: String,
}

/// Suggestions for the new-ticket form, as JSON (the page's script renders them).
pub async fn suggest(
    State(svc): State<Service>,
    s: Session,
    Query(p): Query<SuggestParams>,
) -> Response {
    let t = s.tr();
    match svc.suggest_articles(&p.q, lang_of(t.locale)).await {
        Ok(items) => Json::<Vec<ArticleSummary>>(items).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "kb suggestions failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
