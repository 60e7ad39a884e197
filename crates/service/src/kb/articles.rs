//! Writing and reading articles. Every save writes the changed versions, one revision per
//! changed text (who and when), and the versions' search entries, in one transaction.

use domain::{
    FieldError,
    kb::{ArticleLang, ArticleStatus, parse_slug, slugify},
    limits,
    search::{Stemmers, index_words},
    ticket::{bounded_text, parse_tags, single_line},
};
use store::kb::{self as st, ArticleRow, index::IndexedText};

use super::{
    ArticleInput, ArticleView, RevisionView, VersionInput, VoteCounts, check_visible, parse_stored,
    portal_url, tags_of, version_view,
};
use crate::{Actor, Service, ServiceError, ServiceResult, admin::Errors, admin::rfc3339};

/// Index budget per text: a pasted log is indexed by its beginning.
const INDEX_BYTES: usize = 200_000;

/// An article's input checked: at most one version per language, titles and bodies bounded,
/// tags as tickets have them, a valid slug when one is given.
struct Checked {
    slug: Option<String>,
    tags: Vec<String>,
    versions: Vec<(ArticleLang, String, String)>,
}

fn check(input: &ArticleInput, require_version: bool) -> ServiceResult<Checked> {
    let mut e = Errors::default();
    let slug = match input
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => e.take(parse_slug(s)),
        None => None,
    };
    let tags = e.take(parse_tags(&input.tags)).unwrap_or_default();
    if require_version && input.versions.is_empty() {
        e.0.push(FieldError::new(
            "versions",
            "required",
            "at least one language version",
        ));
    }
    let mut versions: Vec<(ArticleLang, String, String)> = Vec::new();
    for (i, v) in input.versions.iter().enumerate() {
        let VersionInput { lang, title, body } = v;
        if versions.iter().any(|(l, _, _)| l == lang) {
            e.0.push(FieldError::new(
                format!("versions[{i}].lang"),
                "duplicate",
                "one version per language",
            ));
            continue;
        }
        let title = e.take(single_line(
            &format!("versions[{i}].title"),
            title,
            limits::SUBJECT_MAX,
        ));
        let body = e.take(bounded_text(
            &format!("versions[{i}].body"),
            body,
            limits::BODY_MAX,
        ));
        if let (Some(t), Some(b)) = (title, body) {
            versions.push((*lang, t, b));
        }
    }
    e.finish()?;
    Ok(Checked {
        slug,
        tags,
        versions,
    })
}

impl Service {
    pub async fn create_article(
        &self,
        actor: &Actor,
        input: &ArticleInput,
    ) -> ServiceResult<ArticleView> {
        self.create_article_from(actor, input, None).await
    }

    pub(super) async fn create_article_from(
        &self,
        actor: &Actor,
        input: &ArticleInput,
        source_ticket_id: Option<i64>,
    ) -> ServiceResult<ArticleView> {
        actor.require_staff()?;
        let c = check(input, true)?;
        let slug = match c.slug.clone() {
            Some(s) => s,
            None => self.free_slug(&slugify(&c.versions[0].1)).await?,
        };
        let tags = serde_json::to_string(&c.tags).unwrap_or_else(|_| "[]".into());
        let now = self.now_us();
        let mut tx = self.db.begin().await?;
        let row = st::ArticleInput {
            slug: &slug,
            category: input.category.as_str(),
            tags: &tags,
            visibility: input.visibility.as_str(),
        };
        let id = st::insert_article(&mut tx, &row, source_ticket_id, actor.user_id, now).await?;
        write_versions(&mut tx, id, &c, actor.user_id, now, &[]).await?;
        tx.commit().await?;
        self.article_view(actor, id, false).await
    }

    /// `base`, or `base-2`, `base-3`… when taken (a race between two saves is a 409).
    async fn free_slug(&self, base: &str) -> ServiceResult<String> {
        let mut slug = base.to_string();
        for n in 2..100 {
            if st::get_article_by_slug(&self.db, &slug).await?.is_none() {
                return Ok(slug);
            }
            slug = format!("{base}-{n}");
        }
        Err(ServiceError::Conflict { field: "slug" })
    }

    /// Saves the whole article: fields, and the versions given (a new revision for each text
    /// that changed). Staff only.
    pub async fn update_article(
        &self,
        actor: &Actor,
        key: &str,
        input: &ArticleInput,
    ) -> ServiceResult<ArticleView> {
        actor.require_staff()?;
        let current = self.visible_article(actor, key).await?;
        let id = current.id;
        let c = check(input, false)?;
        let existing = st::versions_of(&self.db, &[id]).await?;
        let tags = serde_json::to_string(&c.tags).unwrap_or_else(|_| "[]".into());
        let now = self.now_us();
        let mut tx = self.db.begin().await?;
        let row = st::ArticleInput {
            slug: c.slug.as_deref().unwrap_or(&current.slug),
            category: input.category.as_str(),
            tags: &tags,
            visibility: input.visibility.as_str(),
        };
        st::update_article(&mut tx, id, &row, now).await?;
        let written = write_versions(&mut tx, id, &c, actor.user_id, now, &existing).await?;
        // The tags are in every version's index entry: reindex the versions left as they were.
        if current.tags != tags {
            for v in existing.iter().filter(|v| !written.contains(&v.id)) {
                index(&mut tx, v.id, &v.title, &v.body, &c.tags).await?;
            }
        }
        tx.commit().await?;
        self.article_view(actor, id, false).await
    }

    /// Publishes (or returns to draft) an article. Staff only.
    pub async fn set_article_status(
        &self,
        actor: &Actor,
        key: &str,
        status: ArticleStatus,
    ) -> ServiceResult<ArticleView> {
        actor.require_staff()?;
        let id = self.visible_article(actor, key).await?.id;
        let mut tx = self.db.begin().await?;
        st::set_status(&mut tx, id, status.as_str(), self.now_us()).await?;
        tx.commit().await?;
        self.article_view(actor, id, false).await
    }

    /// An article by id or slug, counting a view when `count_view`.
    pub async fn get_article(
        &self,
        actor: &Actor,
        key: &str,
        count_view: bool,
    ) -> ServiceResult<ArticleView> {
        let row = self.visible_article(actor, key).await?;
        self.article_view(actor, row.id, count_view).await
    }

    /// The article the key names (an id or a slug), if the actor may see it.
    pub(super) async fn visible_article(
        &self,
        actor: &Actor,
        key: &str,
    ) -> ServiceResult<ArticleRow> {
        let row = match key.parse::<i64>() {
            Ok(id) => st::get_article(&self.db, id).await?,
            Err(_) => st::get_article_by_slug(&self.db, key).await?,
        };
        check_visible(actor, row)
    }

    pub(super) async fn article_view(
        &self,
        actor: &Actor,
        id: i64,
        count_view: bool,
    ) -> ServiceResult<ArticleView> {
        let r = check_visible(actor, st::get_article(&self.db, id).await?)?;
        if count_view {
            let mut tx = self.db.begin().await?;
            store::kb::activity::insert_view(
                &mut tx,
                id,
                actor.user_id,
                actor.client_id,
                self.now_us(),
            )
            .await?;
            tx.commit().await?;
        }
        let versions = st::versions_of(&self.db, &[id])
            .await?
            .iter()
            .map(version_view)
            .collect::<ServiceResult<Vec<_>>>()?;
        let (helpful, not_helpful) = store::kb::activity::vote_counts(&self.db, id).await?;
        Ok(ArticleView {
            category: parse_stored(
                id,
                "category",
                &r.category,
                domain::kb::ArticleCategory::parse,
            )?,
            visibility: parse_stored(
                id,
                "visibility",
                &r.visibility,
                domain::kb::Visibility::parse,
            )?,
            status: parse_stored(id, "status", &r.status, ArticleStatus::parse)?,
            tags: tags_of(&r),
            versions,
            source_ticket_id: r.source_ticket_id.filter(|_| actor.is_staff()),
            created_at: rfc3339(r.created_at_us),
            updated_at: rfc3339(r.updated_at_us),
            published_at: r.published_at_us.map(rfc3339),
            views: store::kb::activity::view_count(&self.db, id).await?,
            votes: VoteCounts {
                helpful,
                not_helpful,
            },
            my_vote: store::kb::activity::user_vote(&self.db, id, actor.user_id).await?,
            portal_url: portal_url(&r.slug),
            id: r.id,
            slug: r.slug,
        })
    }

    /// An article's saved texts, newest first. Staff only.
    pub async fn article_revisions(
        &self,
        actor: &Actor,
        key: &str,
    ) -> ServiceResult<Vec<RevisionView>> {
        actor.require_staff()?;
        let a = self.visible_article(actor, key).await?;
        Ok(st::list_revisions(&self.db, a.id)
            .await?
            .into_iter()
            .map(revision_view)
            .collect())
    }

    pub async fn article_revision(&self, actor: &Actor, id: i64) -> ServiceResult<RevisionView> {
        actor.require_staff()?;
        st::get_revision(&self.db, id)
            .await?
            .map(revision_view)
            .ok_or(ServiceError::NotFound)
    }
}

impl Service {
    /// Indexes every article version again when a migration asked for it (the words'
    /// indexing changed); `Some(n)` when it did. Part of the search backfill.
    pub(crate) async fn reindex_articles_if_pending(&self) -> ServiceResult<Option<usize>> {
        if !st::index::reindex_pending(&self.db).await? {
            return Ok(None);
        }
        let mut tx = self.db.begin().await?;
        let versions = st::index::all_version_texts(&mut tx).await?;
        for v in &versions {
            let tags: Vec<String> = serde_json::from_str(&v.tags).unwrap_or_default();
            index(&mut tx, v.id, &v.title, &v.body, &tags).await?;
        }
        st::index::reindex_done(&mut tx).await?;
        tx.commit().await?;
        Ok(Some(versions.len()))
    }
}

fn revision_view(r: st::RevisionRow) -> RevisionView {
    RevisionView {
        id: r.id,
        article_id: r.article_id,
        lang: r.lang,
        title: r.title,
        body: r.body,
        saved_by: r.saved_by,
        saved_by_name: r.saved_by_name,
        saved_at: rfc3339(r.saved_at_us),
    }
}

/// Writes the versions whose text changed (or is new), each with a revision and its index
/// entry; returns the ids of the versions written.
async fn write_versions(
    tx: &mut store::Tx,
    article_id: i64,
    c: &Checked,
    by: i64,
    now: i64,
    existing: &[st::VersionRow],
) -> ServiceResult<Vec<i64>> {
    let mut written = Vec::new();
    for (lang, title, body) in &c.versions {
        let same = existing
            .iter()
            .any(|v| v.lang == lang.as_str() && v.title == *title && v.body == *body);
        if same {
            continue;
        }
        let vid = st::save_version(tx, article_id, lang.as_str(), title, body, by, now).await?;
        st::insert_revision(tx, article_id, lang.as_str(), title, body, by, now).await?;
        index(tx, vid, title, body, &c.tags).await?;
        written.push(vid);
    }
    Ok(written)
}

async fn index(
    tx: &mut store::Tx,
    version_id: i64,
    title: &str,
    body: &str,
    tags: &[String],
) -> ServiceResult<()> {
    let s = Stemmers::default();
    let t = IndexedText {
        title: &index_words(title, INDEX_BYTES, &s),
        body: &index_words(&super::render::to_plain(body), INDEX_BYTES, &s),
        tags: &index_words(&tags.join(" "), INDEX_BYTES, &s),
    };
    store::kb::index::index_version(tx, version_id, &t).await?;
    Ok(())
}
