//! Passwords (Argon2id) and API tokens (32 random bytes, SHA-256 at rest).

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use domain::user::Role;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::atomic::Ordering;

use crate::{Actor, Service, ServiceError, ServiceResult};

/// Prefix that makes leaked tokens easy to grep for in logs and repositories.
const TOKEN_PREFIX: &str = "atd_";

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Argon2id with a random salt; runs on a blocking thread (it is deliberately slow).
pub async fn hash_password(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
        let mut salt_bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut salt_bytes);
        let salt = SaltString::encode_b64(&salt_bytes)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
}

/// A hash of a random password, made once with the same parameters as real ones: a sign-in
/// with an unknown e-mail (or a deactivated user) is verified against it, so every failed
/// sign-in costs the same and the answer's timing does not tell which e-mails exist.
async fn dummy_hash() -> ServiceResult<&'static str> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| {
            let mut bytes = [0u8; 24];
            rand::rng().fill_bytes(&mut bytes);
            hash_password(hex::encode(bytes))
        })
        .await
        .map(String::as_str)
}

pub async fn verify_password(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

pub(crate) fn actor_from(u: &store::users::UserRow) -> ServiceResult<Actor> {
    let role = Role::parse(&u.role)
        .ok_or_else(|| ServiceError::Internal(format!("user {} has unknown role", u.id)))?;
    Ok(Actor {
        user_id: u.id,
        role,
        client_id: u.client_id,
        name: u.name.clone(),
    })
}

impl Service {
    /// Resolves a bearer token to its user. Only the hash is looked up: the database never
    /// holds a usable token.
    pub async fn authenticate_token(&self, token: &str) -> ServiceResult<Actor> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
            return Err(ServiceError::Unauthorized);
        }
        let user = store::users::user_by_token_hash(&self.db, &hash_token(token)).await?;
        actor_from(&user.ok_or(ServiceError::Unauthorized)?)
    }

    /// Checks e-mail + password (for the web UI and the CLI). Unknown e-mails and deactivated
    /// users are verified against [`dummy_hash`]: the same work as a wrong password.
    pub async fn authenticate_password(&self, email: &str, password: &str) -> ServiceResult<Actor> {
        let email = email.trim().to_lowercase();
        domain::ticket::check_chars("email", &email, false)?;
        let user = store::users::get_user_by_email(&self.db, &email).await?;
        // A user still invited (no password yet) costs the same as an unknown e-mail.
        let phc = match &user {
            Some(u) if crate::account_mail::has_password(&u.password_hash) => {
                u.password_hash.clone()
            }
            _ => dummy_hash().await?.to_string(),
        };
        self.password_checks.fetch_add(1, Ordering::Relaxed);
        let matches = verify_password(password.to_string(), phc).await;
        match user {
            Some(u)
                if matches
                    && u.is_active()
                    && crate::account_mail::has_password(&u.password_hash) =>
            {
                actor_from(&u)
            }
            _ => Err(ServiceError::Unauthorized),
        }
    }

    /// How many passwords this service has verified (real or dummy hash).
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(Ordering::Relaxed)
    }

    /// Creates a token for `user_id` and returns `(token id, the token)`: the only time the
    /// plain token exists.
    pub async fn create_token(&self, user_id: i64, name: &str) -> ServiceResult<(i64, String)> {
        let name = domain::ticket::single_line("name", name, domain::limits::NAME_MAX)?;
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
        let mut tx = self.db.begin().await?;
        let id =
            store::users::insert_token(&mut tx, user_id, &name, &hash_token(&token), self.now_us())
                .await?;
        tx.commit().await?;
        Ok((id, token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify() {
        let h = hash_password("correct horse".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse".into(), h.clone()).await);
        assert!(!verify_password("wrong".into(), h).await);
    }

    #[test]
    fn token_hash_is_sha256_hex() {
        assert_eq!(hash_token("abc").len(), 64);
    }
}
