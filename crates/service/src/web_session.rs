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
}

fn random_hex() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn web_session(s: st::SessionRow, u: store::users::UserRow) -> ServiceResult<WebSession> {
    let actor = auth::actor_from(&u)?;
    Ok(WebSession {
        actor,
        email: u.email,
        csrf: s.csrf_token,
        locale: Locale::parse(&u.locale).unwrap_or(Locale::Es),
        time_zone: u.time_zone,
    })
}

impl Service {
    /// Checks the password and opens a session; returns the cookie value (shown once).
    /// Repeated failures for one e-mail or one client address answer `RateLimited`
    /// before the password is even checked, so guessing stays slow.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client_addr: Option<&str>,
    ) -> ServiceResult<(String, WebSession)> {
        let email = email.trim().to_lowercase();
        let now = self.now();
        let window_start = now
            .saturating_sub(SignedDuration::from_mins(LOGIN_WINDOW_MINUTES))
            .unwrap_or(now);
        let email_key = format!("email:{email}");
        let addr_key = client_addr.map(|a| format!("ip:{a}"));
        let too_many = st::failed_logins(&self.db, &email_key, us(window_start)).await?
            >= MAX_FAILED_LOGINS
            || match &addr_key {
                Some(k) => {
                    st::failed_logins(&self.db, k, us(window_start)).await? >= 4 * MAX_FAILED_LOGINS
                }
                None => false,
            };
        if too_many {
            return Err(ServiceError::RateLimited {
                retry_after_seconds: LOGIN_WINDOW_MINUTES * 60,
            });
        }
        let actor = match self.authenticate_password(&email, password).await {
            Ok(a) => a,
            Err(ServiceError::Unauthorized) => {
                let mut tx = self.db.begin().await?;
                let mut keys = vec![email_key.as_str()];
                keys.extend(addr_key.as_deref());
                st::record_failed_login(&mut tx, &keys, us(now)).await?;
                tx.commit().await?;
                return Err(ServiceError::Unauthorized);
            }
            Err(e) => return Err(e),
        };
        let token = random_hex();
        let csrf = random_hex();
        let expires = now
            .saturating_add(SignedDuration::from_hours(SESSION_HOURS))
            .unwrap_or(now);
        let mut tx = self.db.begin().await?;
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
        web_session(s, u)
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
