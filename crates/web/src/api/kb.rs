//! The knowledge base: articles (search, read, write, publish, revisions, files), votes, the
//! portal's suggestions and deflections. Staff see and change every article; client admins
//! read published public ones (any other answers 404) and vote and deflect.

use axum::{
    Json,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::Response,
};
use domain::kb::{ArticleLang, ArticleStatus};
use serde::{Deserialize, Serialize};
use service::{
    Service,
    kb::{
        ARTICLE_FILE_MAX_BYTES, ArticleFileView, ArticleInput, ArticleList, ArticleQuery,
        ArticleSummary, ArticleView, DeflectionInput, RevisionView, Vote, VoteCounts,
    },
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, Auth, Id},
};

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> OpenApiRouter<Service> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(upload_file))
        .layer(DefaultBodyLimit::max(ARTICLE_FILE_MAX_BYTES + 1));
    OpenApiRouter::new()
        .routes(routes!(list_articles, create_article))
        .routes(routes!(get_article, update_article))
        .routes(routes!(publish))
        .routes(routes!(unpublish))
        .routes(routes!(revisions))
        .routes(routes!(revision))
        .routes(routes!(vote))
        .routes(routes!(deflect))
        .routes(routes!(suggest))
        .routes(routes!(draft_from_ticket))
        .routes(routes!(list_files))
        .routes(routes!(get_file))
        .merge(uploads)
}

/// Search (every word; any word when no article has them all) or, without `q`, the newest
/// articles. Client admins get published public articles only.
#[utoipa::path(get, path = "/api/v1/kb/articles", tag = "kb", params(ArticleQuery), responses((status = 200, body = ArticleList)), security(("bearer" = [])))]
async fn list_articles(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiQuery(q): ApiQuery<ArticleQuery>,
) -> ApiResult<ArticleList> {
    Ok(Json(s.search_articles(&a, &q).await?))
}

/// Creates a draft article (staff). Each version's text is its first revision.
#[utoipa::path(post, path = "/api/v1/kb/articles", tag = "kb", request_body = ArticleInput, responses((status = 201, body = ArticleView)), security(("bearer" = [])))]
async fn create_article(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(i): ApiJson<ArticleInput>,
) -> Result<(StatusCode, Json<ArticleView>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.create_article(&a, &i).await?)))
}

/// One article by id or slug (counts a view).
#[utoipa::path(get, path = "/api/v1/kb/articles/{key}", tag = "kb", params(("key" = String, Path, description = "id or slug")), responses((status = 200, body = ArticleView)), security(("bearer" = [])))]
async fn get_article(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
) -> ApiResult<ArticleView> {
    Ok(Json(s.get_article(&a, &key, true).await?))
}

/// Saves the article (staff): every version whose text changed gets a new revision.
#[utoipa::path(put, path = "/api/v1/kb/articles/{key}", tag = "kb", params(("key" = String, Path, description = "id or slug")), request_body = ArticleInput, responses((status = 200, body = ArticleView)), security(("bearer" = [])))]
async fn update_article(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
    ApiJson(i): ApiJson<ArticleInput>,
) -> ApiResult<ArticleView> {
    Ok(Json(s.update_article(&a, &key, &i).await?))
}

/// Publishes the article (staff): a public one then shows in the portal.
#[utoipa::path(post, path = "/api/v1/kb/articles/{key}/publish", tag = "kb", params(("key" = String, Path)), responses((status = 200, body = ArticleView)), security(("bearer" = [])))]
async fn publish(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
) -> ApiResult<ArticleView> {
    Ok(Json(
        s.set_article_status(&a, &key, ArticleStatus::Published)
            .await?,
    ))
}

/// Returns the article to draft (staff): clients no longer see it.
#[utoipa::path(post, path = "/api/v1/kb/articles/{key}/unpublish", tag = "kb", params(("key" = String, Path)), responses((status = 200, body = ArticleView)), security(("bearer" = [])))]
async fn unpublish(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
) -> ApiResult<ArticleView> {
    Ok(Json(
        s.set_article_status(&a, &key, ArticleStatus::Draft).await?,
    ))
}

/// Every saved text of the article, newest first, with who saved it and when (staff).
#[utoipa::path(get, path = "/api/v1/kb/articles/{key}/revisions", tag = "kb", params(("key" = String, Path)), responses((status = 200, body = Vec<RevisionView>)), security(("bearer" = [])))]
async fn revisions(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
) -> ApiResult<Vec<RevisionView>> {
    Ok(Json(s.article_revisions(&a, &key).await?))
}

/// One saved text (staff).
#[utoipa::path(get, path = "/api/v1/kb/revisions/{id}", tag = "kb", params(("id" = i64, Path)), responses((status = 200, body = RevisionView)), security(("bearer" = [])))]
async fn revision(State(s): State<Service>, Auth(a): Auth, Id(id): Id) -> ApiResult<RevisionView> {
    Ok(Json(s.article_revision(&a, id).await?))
}

/// "¿Le resultó útil?": one vote per user and article; voting again changes it. Answers the
/// article's counts.
#[utoipa::path(post, path = "/api/v1/kb/articles/{key}/vote", tag = "kb", params(("key" = String, Path)), request_body = Vote, responses((status = 200, body = VoteCounts)), security(("bearer" = [])))]
async fn vote(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
    ApiJson(v): ApiJson<Vote>,
) -> ApiResult<VoteCounts> {
    Ok(Json(s.vote_article(&a, &key, &v).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// "Esto resolvió mi consulta": the article answered the client admin's question and no
/// ticket is opened (client admins only; staff 403).
#[utoipa::path(post, path = "/api/v1/kb/articles/{key}/deflections", tag = "kb", params(("key" = String, Path)), request_body = DeflectionInput, responses((status = 201, body = Created), (status = 403, body = crate::Problem)), security(("bearer" = [])))]
async fn deflect(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
    ApiJson(d): ApiJson<DeflectionInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = s.record_deflection(&a, &key, &d).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SuggestQuery {
    /// What the client is typing (a new ticket's subject).
    pub q: String,
    /// The language of the titles shown (`es` by default).
    pub lang: Option<ArticleLang>,
}

/// Published public articles matching any word of `q`, best first (at most 5): what the
/// portal shows under a new ticket's subject.
#[utoipa::path(get, path = "/api/v1/kb/suggest", tag = "kb", params(SuggestQuery), responses((status = 200, body = Vec<ArticleSummary>)), security(("bearer" = [])))]
async fn suggest(
    State(s): State<Service>,
    Auth(_a): Auth,
    ApiQuery(q): ApiQuery<SuggestQuery>,
) -> ApiResult<Vec<ArticleSummary>> {
    Ok(Json(
        s.suggest_articles(&q.q, q.lang.unwrap_or(ArticleLang::Es))
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftFromTicket {
    pub ticket_id: i64,
}

/// Turns a ticket into an internal draft article: its subject is the title, its public
/// messages the body (internal notes never). Staff only.
#[utoipa::path(post, path = "/api/v1/kb/drafts", tag = "kb", request_body = DraftFromTicket, responses((status = 201, body = ArticleView)), security(("bearer" = [])))]
async fn draft_from_ticket(
    State(s): State<Service>,
    Auth(a): Auth,
    ApiJson(d): ApiJson<DraftFromTicket>,
) -> Result<(StatusCode, Json<ArticleView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(s.article_draft_from_ticket(&a, d.ticket_id).await?),
    ))
}

/// The article's files.
#[utoipa::path(get, path = "/api/v1/kb/articles/{key}/files", tag = "kb", params(("key" = String, Path)), responses((status = 200, body = Vec<ArticleFileView>)), security(("bearer" = [])))]
async fn list_files(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
) -> ApiResult<Vec<ArticleFileView>> {
    Ok(Json(s.article_files(&a, &key).await?))
}

/// Adds a file (an image the Markdown shows with `![…](url)`): the raw body is the file,
/// `Content-Type` its type, at most 5 MiB. Staff only.
#[utoipa::path(post, path = "/api/v1/kb/articles/{key}/files", tag = "kb", params(("key" = String, Path), super::tickets::UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = ArticleFileView), (status = 413, body = crate::Problem)), security(("bearer" = [])))]
async fn upload_file(
    State(s): State<Service>,
    Auth(a): Auth,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<ArticleFileView>), ApiError> {
    let filename = super::upload_query::filename(query.as_deref())?;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    let f = s.add_article_file(&a, &key, &filename, ct, &body).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// A file, with its article's access rules (a draft's images are the staff's).
#[utoipa::path(get, path = "/api/v1/kb/files/{id}", tag = "kb", params(("id" = i64, Path)), responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>)), security(("bearer" = [])))]
async fn get_file(
    State(s): State<Service>,
    Auth(a): Auth,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let (meta, data) = s.article_file(&a, id).await?;
    Ok(crate::download::article_file_response(&meta, data))
}
