//! /console/kb: the staff's knowledge base — every article (drafts and internal ones too),
//! search, publish and return to draft, revision history; `/console/kb/suggest` feeds the
//! "insert article link" box next to a ticket's reply, and "turn into article draft" makes an
//! internal draft from a ticket and opens it in the editor (`kb_editor`).

use askama::Template;
use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use domain::kb::{ArticleCategory, ArticleStatus};
use service::{
    Service,
    kb::{ArticleQuery, ArticleSummary, RevisionView, lang_of},
};

use super::{parse_id, staff_tr};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    portal::kb::{SearchParams, category_links},
    session::{CsrfForm, NoFields, Session},
};

#[derive(Template)]
#[template(path = "console/kb_history.html")]
struct HistoryPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    id: i64,
    title: String,
    revisions: Vec<RevisionView>,
    /// The revision shown in full, when one is chosen.
    shown: Option<RevisionView>,
}

pub async fn list(
    State(svc): State<Service>,
    s: Session,
    Query(p): Query<SearchParams>,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let category = ArticleCategory::parse(p.category());
    let q = ArticleQuery {
        q: Some(p.q().to_string()),
        category,
        lang: Some(lang_of(t.locale)),
        limit: Some(100),
    };
    match svc.search_articles(&s.0.actor, &q).await {
        Ok(list) => page::render(&crate::ui::portal::kb::ListPage {
            categories: category_links(&t, category),
            category_chosen: category.is_some(),
            chrome: Some(Chrome::of(&s.0, "/console/kb")),
            t: &t,
            q: p.q().to_string(),
            list,
            console: true,
            base: "/console/kb",
        }),
        Err(e) => page::service_error(&t, e),
    }
}

/// Published public articles for the reply box's "insert article link" (what a client can open).
pub async fn suggest(
    State(svc): State<Service>,
    s: Session,
    Query(p): Query<SearchParams>,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let q = ArticleQuery {
        q: Some(p.q().to_string()),
        lang: Some(lang_of(t.locale)),
        limit: Some(8),
        ..Default::default()
    };
    match svc.search_public_articles(&q).await {
        Ok(list) => Json::<Vec<ArticleSummary>>(list.items).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "kb link search failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn set_status(
    svc: Service,
    id: String,
    f: CsrfForm<NoFields>,
    status: ArticleStatus,
) -> Response {
    let (t, id) = guard!(f, id);
    match svc
        .set_article_status(&f.session.0.actor, &id.to_string(), status)
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/kb/{id}")).into_response(),
        Err(e) => page::service_error(&t, e),
    }
}

pub async fn publish(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<NoFields>,
) -> Response {
    set_status(svc, id, f, ArticleStatus::Published).await
}

pub async fn unpublish(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<NoFields>,
) -> Response {
    set_status(svc, id, f, ArticleStatus::Draft).await
}

/// "Turn into article draft" on a ticket: the draft opens in the editor.
pub async fn draft_from_ticket(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<NoFields>,
) -> Response {
    let (t, id) = guard!(f, id);
    match svc.article_draft_from_ticket(&f.session.0.actor, id).await {
        Ok(a) => Redirect::to(&format!("/console/kb/{}", a.id)).into_response(),
        Err(e) => page::service_error(&t, e),
    }
}

async fn history_page(
    svc: &Service,
    s: &Session,
    t: &Tr,
    id: i64,
    shown: Option<RevisionView>,
) -> Response {
    let a = match svc.get_article(&s.0.actor, &id.to_string(), false).await {
        Ok(a) => a,
        Err(e) => return page::service_error(t, e),
    };
    let revisions = match svc.article_revisions(&s.0.actor, &id.to_string()).await {
        Ok(r) => r,
        Err(e) => return page::service_error(t, e),
    };
    let title = a
        .version_for(t.locale)
        .map(|v| v.title.clone())
        .unwrap_or_default();
    page::render(&HistoryPage {
        chrome: Some(Chrome::of(&s.0, &format!("/console/kb/{id}/history"))),
        t,
        id,
        title,
        revisions,
        shown,
    })
}

pub async fn history(State(svc): State<Service>, s: Session, Path(id): Path<String>) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match parse_id(&t, &id) {
        Ok(id) => history_page(&svc, &s, &t, id, None).await,
        Err(r) => r,
    }
}

/// One revision's text, under the article's history.
pub async fn revision(State(svc): State<Service>, s: Session, Path(id): Path<String>) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match svc.article_revision(&s.0.actor, id).await {
        Ok(r) => history_page(&svc, &s, &t, r.article_id, Some(r)).await,
        Err(e) => page::service_error(&t, e),
    }
}

/// `/kb/files/{id}`: a file an article shows, for anyone signed in who may read that article
/// (client admins: published public articles only; anything else answers 404).
pub async fn file(State(svc): State<Service>, s: Session, Path(id): Path<String>) -> Response {
    let t = s.tr();
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match svc.article_file(&s.0.actor, id).await {
        Ok((meta, data)) => crate::download::article_file_response(&meta, data),
        Err(e) => page::service_error(&t, e),
    }
}
