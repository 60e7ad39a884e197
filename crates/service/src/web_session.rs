//! Browser sessions (stored in the database so any node can serve them), login throttling
//! what the web UI needs beyond the API's use cases (saved replies are in `canned`).

use domain::user::Locale;
use jiff::SignedDuration;
use rand::RngCore;
use store::web_sessions as st;

use crate::{Actor, Service, ServiceError, ServiceResult, auth, us};

/// How long a browser session lives.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins tolerated per e-mail (and 4× that per client address) in the window.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOGIN_WINDOW_MINUTES: i64 = 15;

/// The signed-in user of a browser request.
#[derive(Debug, Clone)]
pub struct WebSession {
    pub actor: Actor,
    pub email: String,
    /// Synchronizer token every form must echo back.
    pub csrf: String,
    pub locale: Locale,
    pub time_zone: String,
    /// Unread notifications (the bell's count; staff only, clients get e-mail).
    pub unread: i64,
}

fn random_hex() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn web_session(s: st::SessionRow, u: store::users::UserRow) -> ServiceResult<WebSession> {
    let actor = auth::actor_from(&u)?;
    // Pages show every time in this zone: an unknown one is corrupt data, not UTC.
    crate::stored_zone("user", u.id, &u.time_zone)?;
    Ok(WebSession {
        actor,
        email: u.email,
        csrf: s.csrf_token,
        locale: crate::stored("user", u.id, "locale", &u.locale, Locale::parse)?,
        time_zone: u.time_zone,
        unread: 0,
    })
}

impl Service {
    /// Checks the password and opens a session; returns the cookie value (shown once).
    ///
    /// Throttling: at most [`MAX_FAILED_LOGINS`] passwords are checked per e-mail (and 4× that
    /// per client address) in the window, however many requests arrive at once. Each attempt
    /// is recorded and *committed* before it counts the attempts in the window, its own
    /// included; so the k-th attempt to commit sees at least k rows, and only the first few can
    /// pass — on SQLite and PostgreSQL alike, with no lock held across the slow hash. An
    /// attempt refused that way is forgotten, so hammering does not extend the lock-out.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client_addr: Option<&str>,
    ) -> ServiceResult<(String, WebSession)> {
        let email = email.trim().to_lowercase();
        domain::ticket::check_chars("email", &email, false)?;
        let now = self.now();
        let window_start = now
            .saturating_sub(SignedDuration::from_mins(LOGIN_WINDOW_MINUTES))
            .unwrap_or(now);
        let email_key = format!("email:{email}");
        let addr_key = client_addr.map(|a| format!("ip:{a}"));
        let mut keys = vec![email_key.as_str()];
        keys.extend(addr_key.as_deref());
        let mut tx = self.db.begin().await?;
        let attempt = st::record_attempt(&mut tx, &keys, us(now)).await?;
        tx.commit().await?;
        let too_many = st::failed_logins(&self.db, &email_key, us(window_start)).await?
            > MAX_FAILED_LOGINS
            || match &addr_key {
                Some(k) => {
                    st::failed_logins(&self.db, k, us(window_start)).await? > 4 * MAX_FAILED_LOGINS
                }
                None => false,
            };
        if too_many {
            let mut tx = self.db.begin().await?;
            st::delete_attempts(&mut tx, &attempt).await?;
            tx.commit().await?;
            return Err(ServiceError::RateLimited {
                retry_after_seconds: LOGIN_WINDOW_MINUTES * 60,
            });
        }
        // A failure keeps its recorded attempt; a success clears the e-mail's.
        let actor = self.authenticate_password(&email, password).await?;
        let token = random_hex();
        let csrf = random_hex();
        let expires = now
            .saturating_add(SignedDuration::from_hours(SESSION_HOURS))
            .unwrap_or(now);
        let mut tx = self.db.begin().await?;
        st::delete_attempts(&mut tx, &attempt).await?;
        st::clear_failed_logins(&mut tx, &email_key).await?;
        st::sweep(&mut tx, us(now), us(window_start)).await?;
        st::insert_session(
            &mut tx,
            &auth::hash_token(&token),
            actor.user_id,
            &csrf,
            us(now),
            us(expires),
        )
        .await?;
        tx.commit().await?;
        let session = self.session(&token).await?;
        Ok((token, session))
    }

    /// The live session behind a cookie value.
    pub async fn session(&self, token: &str) -> ServiceResult<WebSession> {
        if token.len() != 64 {
            return Err(ServiceError::Unauthorized);
        }
        let found = st::session_user(&self.db, &auth::hash_token(token), self.now_us()).await?;
        let (s, u) = found.ok_or(ServiceError::Unauthorized)?;
        if !u.is_active() {
            return Err(ServiceError::Unauthorized);
        }
        let mut ws = web_session(s, u)?;
        if ws.actor.is_staff() {
            ws.unread = store::notifications::unread_count(&self.db, ws.actor.user_id).await?;
        }
        Ok(ws)
    }

    pub async fn logout(&self, token: &str) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        st::delete_session(&mut tx, &auth::hash_token(token)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_locale(&self, actor: &Actor, locale: Locale) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        st::set_locale(&mut tx, actor.user_id, locale.as_str()).await?;
        tx.commit().await?;
        Ok(())
    }
}
