//! The knowledge base: articles in Markdown (Spanish and English versions), their revisions,
//! search and the portal's suggestions, votes, views and deflections.
//!
//! Access: staff see, edit and publish every article; a client admin sees published public
//! articles only (any other answers 404, as if it did not exist). Articles are the provider's,
//! shared by all clients; votes, views and deflections carry the user's client, and a client
//! admin never reads another client's.

mod activity;
mod articles;
mod files;
mod from_ticket;
pub mod render;
mod search;

use domain::{
    kb::{ArticleCategory, ArticleLang, ArticleStatus, Visibility},
    search::Segment,
    user::Locale,
};
use serde::{Deserialize, Serialize};
use store::kb::{ArticleRow, VersionRow};
use utoipa::{IntoParams, ToSchema};

pub use activity::{DeflectionInput, KbFigures, Vote, VoteCounts};
pub use files::{ARTICLE_FILE_MAX_BYTES, ArticleFileView};
pub use search::{ArticleList, SUGGESTIONS_MAX};

use crate::{Actor, ServiceError, ServiceResult, admin::rfc3339};

/// `POST /api/v1/kb/articles` and `PUT /api/v1/kb/articles/{id}`: the whole article. Saving
/// keeps the text of every version it changes as a new revision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// The address name (`como-matricular-alumnos`); made from the first version's title when
    /// absent.
    #[serde(default)]
    pub slug: Option<String>,
    pub category: ArticleCategory,
    #[serde(default)]
    pub tags: Vec<String>,
    pub visibility: Visibility,
    /// One per language, at least one; a language left out of an update keeps its text.
    pub versions: Vec<VersionInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    pub lang: ArticleLang,
    pub title: String,
    /// Markdown. Raw HTML in it is sanitised when shown (scripts and `javascript:` links never
    /// reach a page).
    pub body: String,
}

/// One language version of an article, with its Markdown rendered to safe HTML.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionView {
    pub lang: ArticleLang,
    pub title: String,
    pub body: String,
    pub html: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleView {
    pub id: i64,
    pub slug: String,
    pub category: ArticleCategory,
    pub tags: Vec<String>,
    pub visibility: Visibility,
    pub status: ArticleStatus,
    pub versions: Vec<VersionView>,
    /// The ticket this article was drafted from (staff only).
    pub source_ticket_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub views: i64,
    pub votes: VoteCounts,
    /// The caller's own vote ("¿le resultó útil?"), if any.
    pub my_vote: Option<bool>,
    /// Where client admins read it.
    pub portal_url: String,
}

impl ArticleView {
    /// The version in `locale`, else the other one.
    pub fn version_for(&self, locale: Locale) -> Option<&VersionView> {
        let want = lang_of(locale);
        self.versions
            .iter()
            .find(|v| v.lang == want)
            .or_else(|| self.versions.first())
    }
}

/// An article in a list or a search result: the version in the reader's language (or the one
/// that matched), with the excerpt around the match.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub category: ArticleCategory,
    pub visibility: Visibility,
    pub status: ArticleStatus,
    pub lang: ArticleLang,
    pub title: String,
    /// Pieces of the body around the first match; `hit` pieces are matching words.
    pub excerpt: Option<Vec<Segment>>,
    pub portal_url: String,
}

/// A saved text of one language version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionView {
    pub id: i64,
    pub article_id: i64,
    pub lang: String,
    pub title: String,
    pub body: String,
    pub saved_by: Option<i64>,
    pub saved_by_name: Option<String>,
    pub saved_at: String,
}

/// `GET /api/v1/kb/articles`: a search (or the newest articles when `q` is empty).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ArticleQuery {
    /// Words to find (every word first; any word when none has them all).
    pub q: Option<String>,
    pub category: Option<ArticleCategory>,
    /// The language of the titles shown (`es` by default); search covers both.
    pub lang: Option<ArticleLang>,
    /// At most 100 (default 20).
    pub limit: Option<i64>,
}

pub fn lang_of(locale: Locale) -> ArticleLang {
    match locale {
        Locale::Es => ArticleLang::Es,
        Locale::En => ArticleLang::En,
    }
}

pub fn portal_url(slug: &str) -> String {
    format!("/portal/kb/{slug}")
}

fn parse_stored<T>(
    id: i64,
    column: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> ServiceResult<T> {
    crate::stored("article", id, column, value, parse)
}

fn tags_of(r: &ArticleRow) -> Vec<String> {
    serde_json::from_str(&r.tags).unwrap_or_default()
}

fn version_view(v: &VersionRow) -> ServiceResult<VersionView> {
    Ok(VersionView {
        lang: parse_stored(v.article_id, "lang", &v.lang, ArticleLang::parse)?,
        title: v.title.clone(),
        html: render::to_html(&v.body),
        body: v.body.clone(),
        updated_at: rfc3339(v.updated_at_us),
    })
}

/// Whether the actor may see the article at all (TENANT-free: articles are the provider's;
/// the rule is by role).
fn visible_to(actor: &Actor, r: &ArticleRow) -> bool {
    actor.is_staff() || (r.status == "published" && r.visibility == "public")
}

/// The article if the actor may see it; otherwise, and when missing, 404.
fn check_visible(actor: &Actor, r: Option<ArticleRow>) -> ServiceResult<ArticleRow> {
    match r {
        Some(r) if visible_to(actor, &r) => Ok(r),
        _ => Err(ServiceError::NotFound),
    }
}
