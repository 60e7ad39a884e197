//! The article editor: Markdown textareas for the Spanish and English versions, a preview
//! that renders exactly what readers will get (sanitised) without saving, files to show as
//! images, publish / back to draft. Each save records a revision per changed language.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use domain::kb::{ArticleCategory, ArticleLang, Visibility};
use serde::Deserialize;
use service::{
    Service, ServiceError,
    kb::{ArticleFileView, ArticleInput, ArticleView, VersionInput, render},
};

use super::{Opt, actions::explain_fields, parse_id, staff_tr};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
    upload::{self, UploadForm},
};

/// The editor's fields, as typed (kept when the form comes back with an error or a preview).
#[derive(Default, Deserialize)]
pub struct EditorForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    title_es: String,
    #[serde(default)]
    body_es: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    body_en: String,
    /// `preview` renders without saving; anything else saves.
    #[serde(default)]
    action: String,
}

impl EditorForm {
    fn of(a: &ArticleView) -> EditorForm {
        let text = |lang: ArticleLang| {
            a.versions
                .iter()
                .find(|v| v.lang == lang)
                .map(|v| (v.title.clone(), v.body.clone()))
                .unwrap_or_default()
        };
        let ((title_es, body_es), (title_en, body_en)) =
            (text(ArticleLang::Es), text(ArticleLang::En));
        EditorForm {
            slug: a.slug.clone(),
            category: a.category.as_str().into(),
            tags: a.tags.join(", "),
            visibility: a.visibility.as_str().into(),
            title_es,
            body_es,
            title_en,
            body_en,
            action: String::new(),
        }
    }

    /// The input to save: a language with neither title nor text is left out. Unknown
    /// category or visibility values become field errors.
    fn input(&self) -> Result<ArticleInput, ServiceError> {
        let mut errs = Vec::new();
        let category = ArticleCategory::parse(&self.category);
        let visibility = Visibility::parse(&self.visibility);
        if category.is_none() {
            errs.push(domain::FieldError::new(
                "category",
                "invalid",
                "unknown category",
            ));
        }
        if visibility.is_none() {
            errs.push(domain::FieldError::new(
                "visibility",
                "invalid",
                "unknown visibility",
            ));
        }
        let mut versions = Vec::new();
        for (lang, title, body) in [
            (ArticleLang::Es, &self.title_es, &self.body_es),
            (ArticleLang::En, &self.title_en, &self.body_en),
        ] {
            if !title.trim().is_empty() || !body.trim().is_empty() {
                versions.push(VersionInput {
                    lang,
                    title: title.clone(),
                    body: body.clone(),
                });
            }
        }
        match (category, visibility) {
            (Some(category), Some(visibility)) if errs.is_empty() => Ok(ArticleInput {
                slug: Some(self.slug.clone()).filter(|s| !s.trim().is_empty()),
                category,
                tags: self
                    .tags
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect(),
                visibility,
                versions,
            }),
            _ => Err(ServiceError::Invalid(errs)),
        }
    }
}

#[derive(Template)]
#[template(path = "console/kb_editor.html")]
struct EditorPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    f: EditorForm,
    /// The article being edited; `None` for a new one.
    a: Option<ArticleView>,
    categories: Vec<Opt>,
    visibilities: Vec<Opt>,
    errors: Vec<String>,
    /// `(language, title, sanitised HTML)` of each version, when previewing.
    preview: Vec<(&'static str, String, String)>,
    files: Vec<ArticleFileView>,
    saved: bool,
}

struct Shown {
    errors: Vec<String>,
    preview: bool,
    saved: bool,
}

async fn render_editor(
    svc: &Service,
    s: &Session,
    t: &Tr,
    a: Option<ArticleView>,
    f: EditorForm,
    shown: Shown,
) -> Response {
    let files = match &a {
        Some(a) => svc
            .article_files(&s.0.actor, &a.id.to_string())
            .await
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let preview = if shown.preview {
        [
            ("es", &f.title_es, &f.body_es),
            ("en", &f.title_en, &f.body_en),
        ]
        .into_iter()
        .filter(|(_, title, body)| !title.trim().is_empty() || !body.trim().is_empty())
        .map(|(l, title, body)| (l, title.clone(), render::to_html(body)))
        .collect()
    } else {
        Vec::new()
    };
    let path = a.as_ref().map_or("/console/kb/new".into(), |a| {
        format!("/console/kb/{}", a.id)
    });
    let failed = !shown.errors.is_empty();
    let mut res = page::render(&EditorPage {
        chrome: Some(Chrome::of(&s.0, &path)),
        categories: ArticleCategory::ALL
            .iter()
            .map(|c| Opt::new(c.as_str(), t.label("kb-category", c.as_str()), &f.category))
            .collect(),
        visibilities: Visibility::ALL
            .iter()
            .map(|v| {
                Opt::new(
                    v.as_str(),
                    t.label("kb-visibility", v.as_str()),
                    &f.visibility,
                )
            })
            .collect(),
        t,
        f,
        a,
        errors: shown.errors,
        preview,
        files,
        saved: shown.saved,
    });
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

pub async fn new_page(State(svc): State<Service>, s: Session) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let f = EditorForm {
        category: "other".into(),
        visibility: "public".into(),
        ..Default::default()
    };
    render_editor(
        &svc,
        &s,
        &t,
        None,
        f,
        Shown {
            errors: Vec::new(),
            preview: false,
            saved: false,
        },
    )
    .await
}

#[derive(Default, Deserialize)]
pub struct EditParams {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn edit_page(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
    Query(p): Query<EditParams>,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match svc.get_article(&s.0.actor, &id.to_string(), false).await {
        Ok(a) => {
            let f = EditorForm::of(&a);
            render_editor(
                &svc,
                &s,
                &t,
                Some(a),
                f,
                Shown {
                    errors: Vec::new(),
                    preview: false,
                    saved: p.saved.is_some(),
                },
            )
            .await
        }
        Err(e) => page::service_error(&t, e),
    }
}

/// Saves (or previews) `f`: a new article when `id` is `None`.
async fn submit(svc: Service, f: CsrfForm<EditorForm>, t: Tr, id: Option<i64>) -> Response {
    let actor = &f.session.0.actor;
    let current = match id {
        Some(id) => match svc.get_article(actor, &id.to_string(), false).await {
            Ok(a) => Some(a),
            Err(e) => return page::service_error(&t, e),
        },
        None => None,
    };
    if f.form.action == "preview" {
        let shown = Shown {
            errors: Vec::new(),
            preview: true,
            saved: false,
        };
        return render_editor(&svc, &f.session, &t, current, f.form, shown).await;
    }
    let saved = match f.form.input() {
        Ok(input) => match id {
            Some(id) => svc.update_article(actor, &id.to_string(), &input).await,
            None => svc.create_article(actor, &input).await,
        },
        Err(e) => Err(e),
    };
    match saved {
        Ok(a) => Redirect::to(&format!("/console/kb/{}?saved=1", a.id)).into_response(),
        Err(ServiceError::Invalid(errs)) => {
            let shown = Shown {
                errors: explain_fields(&t, &errs),
                preview: false,
                saved: false,
            };
            render_editor(&svc, &f.session, &t, current, f.form, shown).await
        }
        Err(ServiceError::Conflict { .. }) => {
            let shown = Shown {
                errors: vec![format!(
                    "{}: {}",
                    t.t("kb-field-slug"),
                    t.t("kb-slug-taken")
                )],
                preview: false,
                saved: false,
            };
            render_editor(&svc, &f.session, &t, current, f.form, shown).await
        }
        Err(e) => page::service_error(&t, e),
    }
}

pub async fn create(State(svc): State<Service>, f: CsrfForm<EditorForm>) -> Response {
    let t = match staff_tr(&f.session) {
        Ok(t) => t,
        Err(r) => return r,
    };
    submit(svc, f, t, None).await
}

pub async fn update(
    State(svc): State<Service>,
    Path(id): Path<String>,
    f: CsrfForm<EditorForm>,
) -> Response {
    let (t, id) = guard!(f, id);
    submit(svc, f, t, Some(id)).await
}

/// Uploads a file to the article (multipart, field `file`), then back to the editor.
pub async fn upload_file(
    State(svc): State<Service>,
    s: Session,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: UploadForm,
) -> Response {
    let t = match staff_tr(&s) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let id = match parse_id(&t, &id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let up = match upload::accept(&t, &s, &headers, form).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let problems = up.problems(&t);
    if !problems.is_empty() {
        return page::error(&t, up.problem_status(), &problems.join(" "));
    }
    for f in &up.files {
        if let Err(e) = svc
            .add_article_file_spooled(
                &s.0.actor,
                &id.to_string(),
                &f.name,
                &f.content_type,
                &f.data,
            )
            .await
        {
            return match e {
                ServiceError::Invalid(errs) => page::error(
                    &t,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &explain_fields(&t, &errs).join(" "),
                ),
                e => page::service_error(&t, e),
            };
        }
    }
    Redirect::to(&format!("/console/kb/{id}#files")).into_response()
}
