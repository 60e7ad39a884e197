//! /admin/jobs: the background work of every node — how many jobs are queued, running, done
//! or failed, the latest ones with the node that ran them and the error of a failed one, and
//! "retry" for a failed job.

use askama::Template;
use axum::{
    Router,
    extract::{Path, Query, State},
    routing::{get, post},
};
use serde::Deserialize;
use service::{
    Service,
    jobs::{JobCounts, JobView},
};

use super::{
    admin_only, chrome, done,
    forms::NoFields,
    screen::{OrPage, Page},
};
use crate::ui::{
    Chrome,
    i18n::Tr,
    page,
    session::{CsrfForm, Session},
};

const LIST: &str = "/admin/jobs";

pub fn routes() -> Router<Service> {
    Router::new()
        .route(LIST, get(list))
        .route("/admin/jobs/{id}/retry", post(retry))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JobQuery {
    state: String,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/jobs.html")]
struct ListPage<'a> {
    t: &'a Tr,
    chrome: Option<Chrome>,
    csrf: String,
    flash: Option<String>,
    counts: JobCounts,
    /// The state shown ("" = all).
    state: String,
    jobs: Vec<JobView>,
}

impl ListPage<'_> {
    /// A kind's name in the user's language; one this build does not know, as stored.
    fn kind(&self, kind: &str) -> String {
        self.t
            .try_t(&format!("job-kind-{}", kind.replace('_', "-")))
            .unwrap_or_else(|| kind.to_string())
    }

    fn count(&self, state: &str) -> i64 {
        match state {
            "queued" => self.counts.queued,
            "running" => self.counts.running,
            "done" => self.counts.done,
            "failed" => self.counts.failed,
            _ => 0,
        }
    }
}

async fn list(State(svc): State<Service>, s: Session, Query(q): Query<JobQuery>) -> Page {
    let t = admin_only(&s)?;
    let state = q.state.trim();
    let filter = (!state.is_empty()).then_some(state);
    let list = svc.list_jobs(&s.0.actor, filter, 200).await.or_page(&t)?;
    let flash = (q.ok.as_deref() == Some("retried")).then(|| t.t("admin-jobs-retried"));
    Ok(page::render(&ListPage {
        t: &t,
        chrome: chrome(&s, LIST),
        csrf: s.0.csrf.clone(),
        flash,
        counts: list.counts,
        state: state.to_string(),
        jobs: list.jobs,
    }))
}

async fn retry(State(svc): State<Service>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Page {
    let s = &f.session;
    let t = admin_only(s)?;
    svc.retry_job(&s.0.actor, id).await.or_page(&t)?;
    Ok(done(LIST, "retried"))
}
