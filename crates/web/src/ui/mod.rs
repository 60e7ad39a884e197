//! The web UI: server-rendered HTML (askama), Spanish first (Fluent), sessions in the
//! database, CSRF on every form, a little embedded JS for countdowns and refresh.
//!
//! Areas: `portal` (client admins), `console` (agents, supervisors), `admin` (admins).

mod account_pages;
mod admin;
mod assets;
mod auth_pages;
pub mod campus_maintenance;
pub(crate) mod console;
pub mod contract;
pub mod feedback;
pub mod hours_view;
pub mod i18n;
mod notifications;
pub mod page;
mod portal;
mod preferences;
pub mod quotes;
mod reports;
pub mod session;
pub mod sla_badge;
mod upload;
pub mod uptime;

use axum::Router;
use domain::user::Role;
use service::{Service, web_session::WebSession};

/// What the shared layout needs about the signed-in user (navigation, forms).
#[derive(Debug, Clone)]
pub struct Chrome {
    pub name: String,
    pub role: Role,
    pub csrf: String,
    /// The other language, offered by the switch.
    pub other_locale: &'static str,
    /// The current path (the language switch comes back to it).
    pub path: String,
    /// Unread notifications (the bell).
    pub unread: i64,
}

impl Chrome {
    pub fn of(s: &WebSession, path: &str) -> Chrome {
        Chrome {
            name: s.actor.name.clone(),
            role: s.actor.role,
            csrf: s.csrf.clone(),
            other_locale: match s.locale {
                domain::user::Locale::Es => "en",
                domain::user::Locale::En => "es",
            },
            path: path.to_string(),
            unread: s.unread,
        }
    }

    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }

    pub fn is_supervisor(&self) -> bool {
        matches!(self.role, Role::Supervisor | Role::Admin)
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

pub fn routes() -> Router<Service> {
    Router::new()
        .merge(assets::routes())
        .merge(auth_pages::routes())
        .merge(account_pages::routes())
        .merge(portal::routes())
        .merge(console::routes())
        .merge(admin::routes())
        .merge(notifications::routes())
        .merge(preferences::routes())
}
