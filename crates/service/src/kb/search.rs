//! Finding articles: the knowledge base's search box (every word; any word when no article
//! has them all) and the portal's suggestions while a client types a ticket's subject (any
//! word, best first). Both engines get the same parsed query (`domain::search`), rendered for
//! each; the user's text never reaches the engine.

use std::collections::HashMap;

use domain::{
    kb::{ArticleCategory, ArticleLang, ArticleStatus, Visibility},
    search::{Combine, SearchQuery, snippet},
};
use serde::Serialize;
use store::kb::{
    self as st, ArticleRow, VersionRow,
    index::{Hit, Rendered},
};
use utoipa::ToSchema;

use super::{ArticleQuery, ArticleSummary, parse_stored, portal_url, render::to_plain};
use crate::{Actor, Service, ServiceResult};

/// Suggestions shown under a ticket's subject.
pub const SUGGESTIONS_MAX: i64 = 5;
const LIST_DEFAULT: i64 = 20;
const LIST_MAX: i64 = 100;
const EXCERPT_CHARS: usize = 160;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleList {
    pub items: Vec<ArticleSummary>,
    /// How the words were combined: `all`, `any` (no article had them all) or `none` (no
    /// search words: the newest articles).
    pub matched: &'static str,
}

impl Service {
    /// The search box: client admins search published public articles, staff all of them.
    pub async fn search_articles(
        &self,
        actor: &Actor,
        q: &ArticleQuery,
    ) -> ServiceResult<ArticleList> {
        self.search_in(q, !actor.is_staff()).await
    }

    /// The same search over published public articles only, whoever asks: what an agent may
    /// link to in a reply (the client must be able to open it).
    pub async fn search_public_articles(&self, q: &ArticleQuery) -> ServiceResult<ArticleList> {
        self.search_in(q, true).await
    }

    async fn search_in(&self, q: &ArticleQuery, public_only: bool) -> ServiceResult<ArticleList> {
        let limit = q.limit.unwrap_or(LIST_DEFAULT).clamp(1, LIST_MAX);
        let lang = q.lang.unwrap_or(ArticleLang::Es);
        let text = q.q.as_deref().unwrap_or("").trim();
        if text.is_empty() {
            let rows =
                st::list_articles(&self.db, public_only, q.category.map(|c| c.as_str()), limit)
                    .await?;
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let items = self.summaries(&ids, &HashMap::new(), lang, None).await?;
            return Ok(ArticleList {
                items,
                matched: "none",
            });
        }
        let query = SearchQuery::parse(text);
        // A category narrows after ranking: fetch more than asked so it still fills a page
        // (and twice the page anyway: an article may rank with both its versions).
        let fetch = if q.category.is_some() {
            LIST_MAX * 2
        } else {
            limit * 2
        };
        let mut matched = "all";
        let mut hits = self.hits(&query, Combine::All, public_only, fetch).await?;
        if hits.is_empty() {
            matched = "any";
            hits = self.hits(&query, Combine::Any, public_only, fetch).await?;
        }
        let (mut ids, chosen) = best_per_article(&hits);
        if let Some(c) = q.category {
            let rows = st::get_articles(&self.db, &ids).await?;
            ids.retain(|id| rows.iter().any(|r| r.id == *id && r.category == c.as_str()));
        }
        // Only the page is summarised: an excerpt reads a whole article.
        ids.truncate(usize::try_from(limit).unwrap_or(20));
        let items = self.summaries(&ids, &chosen, lang, Some(&query)).await?;
        Ok(ArticleList { items, matched })
    }

    /// Published public articles matching any word of `text`, best first: what the portal
    /// suggests under a new ticket's subject (staff see the same as a client would).
    pub async fn suggest_articles(
        &self,
        text: &str,
        lang: ArticleLang,
    ) -> ServiceResult<Vec<ArticleSummary>> {
        let query = SearchQuery::parse(text);
        let hits = self
            .hits(&query, Combine::Any, true, SUGGESTIONS_MAX * 2)
            .await?;
        let (mut ids, chosen) = best_per_article(&hits);
        ids.truncate(SUGGESTIONS_MAX as usize);
        self.summaries(&ids, &chosen, lang, Some(&query)).await
    }

    async fn hits(
        &self,
        q: &SearchQuery,
        combine: Combine,
        public_only: bool,
        limit: i64,
    ) -> ServiceResult<Vec<Hit>> {
        let (Some(fts5), Some(tsquery)) = (q.fts5(combine, None), q.tsquery(combine)) else {
            return Ok(Vec::new());
        };
        let r = Rendered {
            fts5: &fts5,
            tsquery: &tsquery,
        };
        Ok(st::index::search(&self.db, &r, public_only, limit).await?)
    }

    /// Summaries of `ids` in that order: the version that matched (`chosen`), else the one in
    /// `lang`, else any; with an excerpt around the match when searching.
    async fn summaries(
        &self,
        ids: &[i64],
        chosen: &HashMap<i64, i64>,
        lang: ArticleLang,
        query: Option<&SearchQuery>,
    ) -> ServiceResult<Vec<ArticleSummary>> {
        let rows: HashMap<i64, ArticleRow> = st::get_articles(&self.db, ids)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let mut versions: HashMap<i64, Vec<VersionRow>> = HashMap::new();
        for v in st::versions_of(&self.db, ids).await? {
            versions.entry(v.article_id).or_default().push(v);
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let (Some(r), Some(vs)) = (rows.get(id), versions.get(id)) else {
                continue;
            };
            // The matching version when it is in the reader's language or the other one has
            // no match; otherwise the reader's language.
            let in_lang = vs.iter().find(|v| v.lang == lang.as_str());
            let matched = chosen
                .get(id)
                .and_then(|vid| vs.iter().find(|v| v.id == *vid));
            let excerpt_of =
                |v: &VersionRow| query.and_then(|q| snippet(&to_plain(&v.body), q, EXCERPT_CHARS));
            // Each version's excerpt is computed once (it reads the whole body).
            let lang_excerpt = match (in_lang, matched) {
                (Some(l), Some(_)) => excerpt_of(l),
                _ => None,
            };
            let (pick, excerpt) = match (in_lang, matched) {
                (Some(l), Some(_)) if lang_excerpt.is_some() || query.is_none() => {
                    (l, lang_excerpt)
                }
                (_, Some(m)) => (m, excerpt_of(m)),
                (Some(l), None) => (l, excerpt_of(l)),
                (None, None) => (&vs[0], excerpt_of(&vs[0])),
            };
            out.push(ArticleSummary {
                id: r.id,
                slug: r.slug.clone(),
                category: parse_stored(r.id, "category", &r.category, ArticleCategory::parse)?,
                visibility: parse_stored(r.id, "visibility", &r.visibility, Visibility::parse)?,
                status: parse_stored(r.id, "status", &r.status, ArticleStatus::parse)?,
                lang: parse_stored(r.id, "lang", &pick.lang, ArticleLang::parse)?,
                title: pick.title.clone(),
                excerpt,
                portal_url: portal_url(&r.slug),
            });
        }
        Ok(out)
    }
}

/// Article ids in rank order (each once, at its best version) and the version that ranked it.
fn best_per_article(hits: &[Hit]) -> (Vec<i64>, HashMap<i64, i64>) {
    let mut ids = Vec::new();
    let mut chosen = HashMap::new();
    for h in hits {
        if let std::collections::hash_map::Entry::Vacant(e) = chosen.entry(h.article_id) {
            e.insert(h.version_id);
            ids.push(h.article_id);
        }
    }
    (ids, chosen)
}
