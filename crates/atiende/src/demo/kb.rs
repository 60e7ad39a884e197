//! The knowledge base the demo starts with: Moodle-administration articles a campus help desk
//! really answers with (enrolment, backups, grades, CSV imports, plugin requests…), written
//! for this demo in Spanish and English; two internal ones for the agents and one draft.

mod accounts;
mod courses;

use domain::kb::{ArticleCategory, ArticleLang, ArticleStatus, Visibility};
use service::{
    Actor, Service,
    kb::{ArticleInput, VersionInput},
};

use super::e;

/// One demo article: `(title, Markdown body)` per language.
pub(super) struct DemoArticle {
    pub slug: &'static str,
    pub category: ArticleCategory,
    pub tags: &'static [&'static str],
    pub visibility: Visibility,
    pub published: bool,
    pub es: (&'static str, &'static str),
    pub en: Option<(&'static str, &'static str)>,
}

pub async fn seed(tt: &Service, author: &Actor) -> anyhow::Result<()> {
    for a in courses::ARTICLES.iter().chain(accounts::ARTICLES.iter()) {
        let mut versions = vec![VersionInput {
            lang: ArticleLang::Es,
            title: a.es.0.into(),
            body: a.es.1.into(),
        }];
        if let Some((title, body)) = a.en {
            versions.push(VersionInput {
                lang: ArticleLang::En,
                title: title.into(),
                body: body.into(),
            });
        }
        let input = ArticleInput {
            slug: Some(a.slug.into()),
            category: a.category,
            tags: a.tags.iter().map(|t| t.to_string()).collect(),
            visibility: a.visibility,
            versions,
        };
        tt.create_article(author, &input).await.map_err(e(a.slug))?;
        if a.published {
            tt.set_article_status(author, a.slug, ArticleStatus::Published)
                .await
                .map_err(e(a.slug))?;
        }
    }
    Ok(())
}

/// The slug of the article the portal must suggest for "no puedo matricular alumnos".
pub const ENROLMENT_SLUG: &str = "matricular-alumnos";
