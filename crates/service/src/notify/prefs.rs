//! Each user's notification preferences: per kind, whether it comes by e-mail and (staff only)
//! in the app. Only the kinds of the user's own side are listed and accepted: client admins
//! hear of their tickets by e-mail; staff may have both. `send` reads what is stored here and
//! falls back to the same defaults (e-mail on; in the app on for staff).

use serde::{Deserialize, Serialize};
use store::notifications as st;
use utoipa::ToSchema;

use super::NoticeKind;
use crate::{Actor, Service, ServiceError, ServiceResult};

/// One kind as the user receives it now (their choice, or the default).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrefView {
    pub kind: NoticeKind,
    pub email: bool,
    pub in_app: bool,
    /// Whether this user can have it in the app at all (staff); client admins get e-mail only.
    pub in_app_available: bool,
}

/// A change to one kind; an omitted value keeps what the user has now.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrefInput {
    /// A notification kind of the caller's side (`public_reply`, `client_replied`…).
    pub kind: String,
    pub email: Option<bool>,
    /// Staff only; a client admin may only send `false` (or leave it out).
    pub in_app: Option<bool>,
}

/// The defaults `send` applies when nothing is stored: `(email, in_app)`.
fn default_pref(staff: bool) -> (bool, bool) {
    (true, staff)
}

/// The kinds a user of this side receives.
fn kinds_for(staff: bool) -> impl Iterator<Item = NoticeKind> {
    NoticeKind::ALL
        .into_iter()
        .filter(move |k| k.for_clients() != staff)
}

impl Service {
    /// Every kind the signed-in user can receive, with its effective setting.
    pub async fn notification_prefs(&self, actor: &Actor) -> ServiceResult<Vec<PrefView>> {
        let staff = actor.is_staff();
        let stored = st::list_prefs(&self.db, actor.user_id).await?;
        Ok(kinds_for(staff)
            .map(|kind| {
                let (email, in_app) = stored
                    .iter()
                    .find(|(k, _, _)| k == kind.as_str())
                    .map_or(default_pref(staff), |(_, e, i)| (*e, *i));
                PrefView {
                    kind,
                    email,
                    in_app: in_app && staff,
                    in_app_available: staff,
                }
            })
            .collect())
    }

    /// Saves the given kinds (others keep their setting) and returns the whole list. A kind
    /// this build does not know, one of the other side, or in-app for a client admin is
    /// refused (422) naming the kind, and nothing is saved.
    pub async fn set_notification_prefs(
        &self,
        actor: &Actor,
        input: Vec<PrefInput>,
    ) -> ServiceResult<Vec<PrefView>> {
        let staff = actor.is_staff();
        let mut errors = Vec::new();
        let mut changes = Vec::with_capacity(input.len());
        for (i, p) in input.iter().enumerate() {
            let Some(kind) = NoticeKind::parse(&p.kind) else {
                errors.push(
                    domain::FieldError::new(
                        format!("[{i}].kind"),
                        "invalid",
                        format!("unknown notification kind {:?}", p.kind),
                    )
                    .with("value", &p.kind),
                );
                continue;
            };
            if kind.for_clients() == staff {
                errors.push(
                    domain::FieldError::new(
                        format!("[{i}].kind"),
                        "invalid",
                        format!("{:?} is not a notification you receive", p.kind),
                    )
                    .with("value", &p.kind),
                );
                continue;
            }
            if !staff && p.in_app == Some(true) {
                errors.push(
                    domain::FieldError::new(
                        format!("[{i}].in_app"),
                        "invalid",
                        format!(
                            "{:?}: in-app notifications are for staff; clients are told by e-mail",
                            p.kind
                        ),
                    )
                    .with("value", &p.kind),
                );
                continue;
            }
            changes.push((kind, p.email, p.in_app));
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        let mut tx = self.db.begin().await?;
        for (kind, email, in_app) in changes {
            let (cur_email, cur_in_app) = st::pref(&mut tx, actor.user_id, kind.as_str())
                .await?
                .unwrap_or(default_pref(staff));
            let email = email.unwrap_or(cur_email);
            let in_app = staff && in_app.unwrap_or(cur_in_app);
            st::set_pref(&mut tx, actor.user_id, kind.as_str(), email, in_app).await?;
        }
        tx.commit().await?;
        self.notification_prefs(actor).await
    }
}
