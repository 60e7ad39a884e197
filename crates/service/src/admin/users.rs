//! Users and API tokens.

use domain::{
    FieldError, limits,
    ticket::single_line,
    user::{self, Locale, Role},
};
use serde::{Deserialize, Serialize};
use store::users::{self as st, NewUser, UserRow};
use utoipa::ToSchema;

use super::{Errors, rfc3339};
use crate::{Actor, Service, ServiceError, ServiceResult, auth};

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    #[schema(format = Email)]
    pub email: String,
    pub name: String,
    pub role: Role,
    pub client_id: Option<i64>,
    pub locale: Locale,
    pub time_zone: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// False once deactivated: the user cannot sign in and none of their sessions or tokens
    /// work; their name stays on the tickets and history they appear in.
    pub active: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    #[schema(format = Email)]
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Required for `client_admin`, forbidden for staff roles.
    pub client_id: Option<i64>,
    #[serde(default = "default_locale")]
    pub locale: Locale,
    #[serde(default = "default_tz")]
    pub time_zone: String,
    /// On create, omitted sends the user an invitation e-mail with a single-use link (valid 7
    /// days) to choose their password; until then nobody can sign in as them. On update,
    /// omitted keeps the current password. A new password ends the user's browser sessions
    /// and revokes their API tokens at once.
    pub password: Option<String>,
}

fn default_locale() -> Locale {
    Locale::Es
}

fn default_tz() -> String {
    "America/Argentina/Buenos_Aires".into()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenCreated {
    pub id: i64,
    /// Shown once; only its SHA-256 is stored.
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    pub name: String,
    /// Staff admins may create a token for another user; default: the caller.
    pub user_id: Option<i64>,
}

pub(crate) fn user_view(r: UserRow) -> ServiceResult<UserView> {
    Ok(UserView {
        id: r.id,
        role: crate::stored("user", r.id, "role", &r.role, Role::parse)?,
        locale: crate::stored("user", r.id, "locale", &r.locale, Locale::parse)?,
        email: r.email,
        name: r.name,
        client_id: r.client_id,
        time_zone: r.time_zone,
        created_at: rfc3339(r.created_at_us),
        active: r.deactivated_at_us.is_none(),
    })
}

struct ValidUser {
    email: String,
    name: String,
    time_zone: String,
    password_hash: Option<String>,
}

impl ValidUser {
    fn row<'a>(&'a self, i: &UserInput, now_us: i64) -> NewUser<'a> {
        NewUser {
            email: &self.email,
            name: &self.name,
            role: i.role.as_str(),
            client_id: i.client_id,
            locale: i.locale.as_str(),
            time_zone: &self.time_zone,
            password_hash: self
                .password_hash
                .as_deref()
                .unwrap_or(crate::account_mail::NO_PASSWORD),
            now_us,
        }
    }
}

/// `require_password`: the CLI creates users with a password (it sends no invitations).
async fn validate_user(i: &UserInput, require_password: bool) -> ServiceResult<ValidUser> {
    let mut e = Errors::default();
    let email = e.take(user::parse_email("email", &i.email));
    let name = e.take(single_line("name", &i.name, limits::NAME_MAX));
    let time_zone = e.take(user::parse_time_zone("time_zone", &i.time_zone));
    match (i.role, i.client_id) {
        (Role::ClientAdmin, None) => e.0.push(FieldError::new(
            "client_id",
            "required",
            "a client admin belongs to one client",
        )),
        (r, Some(_)) if r.is_staff() => e.0.push(FieldError::new(
            "client_id",
            "forbidden",
            "staff users belong to no client",
        )),
        _ => {}
    }
    match &i.password {
        None if require_password => e.0.push(FieldError::new(
            "password",
            "required",
            "a new user needs a password",
        )),
        Some(p) => {
            if let Err(f) = crate::account_mail::check_password(p) {
                e.0.push(f);
            }
        }
        _ => {}
    }
    e.finish()?;
    let password_hash = match &i.password {
        Some(p) => Some(auth::hash_password(p.clone()).await?),
        None => None,
    };
    Ok(ValidUser {
        email: email.unwrap_or_default(),
        name: name.unwrap_or_default(),
        time_zone: time_zone.unwrap_or_default(),
        password_hash,
    })
}

impl Service {
    pub async fn me(&self, actor: &Actor) -> ServiceResult<UserView> {
        st::get_user(&self.db, actor.user_id)
            .await?
            .map(user_view)
            .ok_or(ServiceError::NotFound)?
    }

    pub async fn list_users(&self, actor: &Actor) -> ServiceResult<Vec<UserView>> {
        st::list_users(&self.db, actor.client_scope())
            .await?
            .into_iter()
            .map(user_view)
            .collect::<ServiceResult<_>>()
    }

    pub async fn get_user(&self, actor: &Actor, id: i64) -> ServiceResult<UserView> {
        let u = st::get_user(&self.db, id)
            .await?
            // The system user is nobody's to edit, reactivate, delete or give a token.
            .filter(|u| u.email != st::SYSTEM_EMAIL)
            .ok_or(ServiceError::NotFound)?;
        if !actor.is_staff() && u.client_id != actor.client_id {
            return Err(ServiceError::NotFound); // TENANT
        }
        user_view(u)
    }

    /// Creates a user. `actor = None` is the CLI (trusted local operator), which must give a
    /// password; an admin who gives none sends the user an invitation instead.
    pub async fn create_user(
        &self,
        actor: Option<&Actor>,
        i: &UserInput,
    ) -> ServiceResult<UserView> {
        if let Some(a) = actor {
            if let Some(c) = i.client_id {
                a.check_client(c)?;
            }
            a.require_admin()?;
        }
        let v = validate_user(i, actor.is_none()).await?;
        if let Some(c) = i.client_id
            && store::clients::get_client(&self.db, c).await?.is_none()
        {
            return Err(FieldError::new("client_id", "unknown", "no such client").into());
        }
        let mut tx = self.db.begin().await?;
        let nu = v.row(i, self.now_us());
        let id = st::insert_user(&mut tx, &nu).await?;
        if v.password_hash.is_none() {
            // No password: the user chooses one through the invitation e-mail.
            let u = st::get_user_in(&mut tx, id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            self.issue_account_link(&mut tx, &u, crate::account_mail::Purpose::Invite)
                .await?;
        }
        tx.commit().await?;
        st::get_user(&self.db, id)
            .await?
            .map(user_view)
            .ok_or(ServiceError::NotFound)?
    }

    pub async fn update_user(
        &self,
        actor: &Actor,
        id: i64,
        i: &UserInput,
    ) -> ServiceResult<UserView> {
        self.get_user(actor, id).await?;
        actor.require_admin()?;
        let v = validate_user(i, false).await?;
        let mut tx = self.db.begin().await?;
        let nu = v.row(i, 0);
        st::update_user(&mut tx, id, &nu, v.password_hash.is_some()).await?;
        if v.password_hash.is_some() {
            // A new password is often set because the old one leaked: end every way in.
            self.revoke_access(&mut tx, id).await?;
        }
        tx.commit().await?;
        self.get_user(actor, id).await
    }

    /// Deactivates (`active = false`) or reactivates a user. Deactivating ends their sessions
    /// and revokes their API tokens in the same transaction; reactivating restores sign-in
    /// only (revoked tokens stay revoked). Admins only, and never oneself.
    pub async fn set_user_active(
        &self,
        actor: &Actor,
        id: i64,
        active: bool,
    ) -> ServiceResult<UserView> {
        self.get_user(actor, id).await?;
        actor.require_admin()?;
        if id == actor.user_id && !active {
            return Err(ServiceError::state(
                "deactivate_self",
                "you cannot deactivate yourself",
            ));
        }
        let mut tx = self.db.begin().await?;
        st::set_deactivated(&mut tx, id, (!active).then(|| self.now_us())).await?;
        if !active {
            self.revoke_access(&mut tx, id).await?;
        }
        tx.commit().await?;
        self.get_user(actor, id).await
    }

    /// Deletes a user nothing refers to (with their sessions and tokens). A user who appears
    /// in tickets, messages, history or saved replies is refused with a conflict that says to
    /// deactivate them instead: history keeps its names.
    pub async fn delete_user(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        self.get_user(actor, id).await?;
        if id == actor.user_id {
            return Err(ServiceError::state(
                "delete_self",
                "you cannot delete yourself",
            ));
        }
        actor.require_admin()?;
        let mut tx = self.db.begin().await?;
        match store::deletes::delete(&mut tx, store::deletes::Deletable::User, id).await {
            Ok(()) => {}
            Err(store::StoreError::Conflict { .. }) => {
                return Err(ServiceError::state(
                    "user_in_history",
                    "the user appears in tickets, time entries, quotes or history: deactivate them instead",
                ));
            }
            Err(e) => return Err(e.into()),
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session and revokes every API token of `user_id`, inside `tx`.
    pub(crate) async fn revoke_access(
        &self,
        tx: &mut store::Tx,
        user_id: i64,
    ) -> ServiceResult<()> {
        store::web_sessions::delete_user_sessions(tx, user_id).await?;
        st::revoke_user_tokens(tx, user_id, self.now_us()).await?;
        Ok(())
    }

    /// Any user may create tokens for themself; admins for anyone.
    pub async fn create_token_for(
        &self,
        actor: &Actor,
        i: &TokenInput,
    ) -> ServiceResult<TokenCreated> {
        let user_id = i.user_id.unwrap_or(actor.user_id);
        if user_id != actor.user_id {
            self.get_user(actor, user_id).await?;
            actor.require_admin()?;
        }
        let (id, token) = self.create_token(user_id, &i.name).await?;
        Ok(TokenCreated { id, token })
    }

    /// The CLI's `user create` / `token create` look users up by e-mail.
    pub async fn user_id_by_email(&self, email: &str) -> ServiceResult<i64> {
        let u = st::get_user_by_email(&self.db, &email.trim().to_lowercase()).await?;
        u.map(|u| u.id).ok_or(ServiceError::NotFound)
    }
}
