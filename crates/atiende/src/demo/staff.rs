//! The help desk's own people: the admin, the supervisor and the agents tickets are assigned to.

use domain::user::{Locale, Role};
use service::{
    Actor, Service,
    admin::users::{UserInput, UserView},
};

use super::{TZ_BUENOS_AIRES, TZ_CORDOBA, TZ_MADRID, data::SUPERVISOR, e};

/// Who works the demo's tickets.
pub(super) struct Staff {
    pub(super) supervisor: Actor,
    pub(super) agents: Vec<Actor>,
}

impl Staff {
    /// The ticket's named assignee, else round robin over the agents by the ticket's position
    /// `n`, so unassigned stories spread evenly.
    pub(super) fn pick(&self, assignee: Option<usize>, n: usize) -> &Actor {
        match assignee {
            Some(SUPERVISOR) => &self.supervisor,
            Some(i) => &self.agents[i % self.agents.len()],
            None => &self.agents[n % self.agents.len()],
        }
    }
}

/// Creates the staff; returns the admin (the token is issued for it), the staff and the logins
/// printed for the admin, the supervisor and one agent.
pub(super) async fn seed(
    tt: &Service,
) -> anyhow::Result<(UserView, Staff, Vec<(String, String, String)>)> {
    let admin = user(
        tt,
        "lucia.fernandez@atiende.example",
        "Lucía Fernández",
        Role::Admin,
        None,
        "demo-admin-2026",
        TZ_BUENOS_AIRES,
    )
    .await?;
    let supervisor = user(
        tt,
        "martin.gomez@atiende.example",
        "Martín Gómez",
        Role::Supervisor,
        None,
        "demo-supervisor-2026",
        TZ_BUENOS_AIRES,
    )
    .await?;
    let mut agents = Vec::new();
    for (email, name, tz) in [
        (
            "sofia.rodriguez@atiende.example",
            "Sofía Rodríguez",
            TZ_BUENOS_AIRES,
        ),
        (
            "diego.martinez@atiende.example",
            "Diego Martínez",
            TZ_CORDOBA,
        ),
        ("carmen.ruiz@atiende.example", "Carmen Ruiz", TZ_MADRID),
    ] {
        agents.push(actor(
            &user(tt, email, name, Role::Agent, None, "demo-agente-2026", tz).await?,
        ));
    }
    let logins = vec![
        (
            "admin".to_string(),
            admin.email.clone(),
            "demo-admin-2026".to_string(),
        ),
        (
            "supervisor".to_string(),
            supervisor.email.clone(),
            "demo-supervisor-2026".to_string(),
        ),
        (
            "agent".to_string(),
            "sofia.rodriguez@atiende.example".to_string(),
            "demo-agente-2026".to_string(),
        ),
    ];
    let supervisor = actor(&supervisor);
    Ok((admin, Staff { supervisor, agents }, logins))
}

/// Creates a Spanish-speaking user with a password (staff and client admins alike).
pub(super) async fn user(
    tt: &Service,
    email: &str,
    name: &str,
    role: Role,
    client_id: Option<i64>,
    password: &str,
    tz: &str,
) -> anyhow::Result<UserView> {
    tt.create_user(
        None,
        &UserInput {
            email: email.into(),
            name: name.into(),
            role,
            client_id,
            locale: Locale::Es,
            time_zone: tz.into(),
            password: Some(password.into()),
        },
    )
    .await
    .map_err(e(email))
}

/// The identity a user acts with; the demo calls use cases directly, without a session.
pub(super) fn actor(u: &UserView) -> Actor {
    Actor {
        user_id: u.id,
        role: u.role,
        client_id: u.client_id,
        name: u.name.clone(),
    }
}
