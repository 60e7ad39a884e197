//! Files an article's Markdown refers to (screenshots, mostly): `![paso 2](/kb/files/12)`.
//! A file is served with its article's access rules: whoever may read the article may read
//! its files, nobody else (a draft's images stay with the staff).

use domain::FieldError;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::{Actor, Service, ServiceError, ServiceResult, admin::rfc3339, tickets::check_filename};

/// Images for articles are small; a row holds the bytes.
pub const ARTICLE_FILE_MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleFileView {
    pub id: i64,
    pub article_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: String,
    /// The address to use in the Markdown.
    pub url: String,
}

fn view(r: store::kb::files::ArticleFileRow) -> ArticleFileView {
    ArticleFileView {
        url: format!("/kb/files/{}", r.id),
        id: r.id,
        article_id: r.article_id,
        filename: r.filename,
        content_type: r.content_type,
        size_bytes: r.size_bytes,
        sha256: r.sha256,
        created_at: rfc3339(r.created_at_us),
    }
}

impl Service {
    /// Adds a file to an article. Staff only.
    pub async fn add_article_file(
        &self,
        actor: &Actor,
        key: &str,
        filename: &str,
        content_type: &str,
        data: &[u8],
    ) -> ServiceResult<ArticleFileView> {
        actor.require_staff()?;
        let a = self.visible_article(actor, key).await?;
        let filename = check_filename(filename)?;
        if data.is_empty() {
            return Err(FieldError::new("file", "empty", "the file is empty").into());
        }
        if data.len() > ARTICLE_FILE_MAX_BYTES {
            return Err(FieldError::new(
                "file",
                "too_large",
                format!("at most {ARTICLE_FILE_MAX_BYTES} bytes"),
            )
            .with("max_mb", ARTICLE_FILE_MAX_BYTES / (1024 * 1024))
            .into());
        }
        let content_type = domain::ticket::single_line("content_type", content_type, 255)
            .unwrap_or_else(|_| "application/octet-stream".into());
        let sha = hex::encode(Sha256::digest(data));
        let mut tx = self.db.begin().await?;
        let f = store::kb::files::NewArticleFile {
            article_id: a.id,
            filename: &filename,
            content_type: &content_type,
            sha256: &sha,
            data,
            by: actor.user_id,
            now_us: self.now_us(),
        };
        let id = store::kb::files::insert_file(&mut tx, &f).await?;
        tx.commit().await?;
        let meta = store::kb::files::get_file_meta(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(view(meta))
    }

    /// [`Service::add_article_file`] for a file received on disk (a console upload).
    pub async fn add_article_file_spooled(
        &self,
        actor: &Actor,
        key: &str,
        filename: &str,
        content_type: &str,
        file: &crate::tickets::Spooled,
    ) -> ServiceResult<ArticleFileView> {
        actor.require_staff()?;
        if file.len > ARTICLE_FILE_MAX_BYTES {
            return Err(FieldError::new(
                "file",
                "too_large",
                format!("at most {ARTICLE_FILE_MAX_BYTES} bytes"),
            )
            .with("max_mb", ARTICLE_FILE_MAX_BYTES / (1024 * 1024))
            .into());
        }
        let spool_err = |e: std::io::Error| ServiceError::Internal(format!("temporary file: {e}"));
        let mut chunks = file.chunks(256 * 1024).await.map_err(spool_err)?;
        let mut data = Vec::with_capacity(file.len);
        while let Some(c) = chunks.next().await.map_err(spool_err)? {
            data.extend_from_slice(&c);
        }
        self.add_article_file(actor, key, filename, content_type, &data)
            .await
    }

    pub async fn article_files(
        &self,
        actor: &Actor,
        key: &str,
    ) -> ServiceResult<Vec<ArticleFileView>> {
        let a = self.visible_article(actor, key).await?;
        Ok(store::kb::files::list_files(&self.db, a.id)
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// A file and its bytes, if the actor may read its article (else 404).
    pub async fn article_file(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<(ArticleFileView, Vec<u8>)> {
        let meta = store::kb::files::get_file_meta(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.visible_article(actor, &meta.article_id.to_string())
            .await?;
        let data = store::kb::files::get_file_data(&self.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok((view(meta), data))
    }
}
