//! Secrets kept in the database (mail server passwords) are encrypted with ChaCha20-Poly1305
//! under the node's secret key, so a copy of the database or a backup does not hand out the
//! passwords. The key comes from `ATIENDE_SECRET_KEY` (64 hex digits; every node of a
//! PostgreSQL deployment needs the same one) or else from `secret.key` in the data directory,
//! created on first start, readable by its owner only.
//!
//! Stored form: `v1.<key id>.<hex(nonce ‖ ciphertext ‖ tag)>`. The key id (the first 4 bytes
//! of the key's SHA-256) lets a node tell "saved under another key" from "damaged".

use std::{io::Write, path::Path};

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest, Sha256};

/// The environment variable that holds the key (64 hex digits).
pub const KEY_ENV: &str = "ATIENDE_SECRET_KEY";
/// The key file's name in the data directory when the variable is not set.
pub const KEY_FILE: &str = "secret.key";

/// The node's secret key. `Debug` shows only its id.
#[derive(Clone)]
pub struct SecretKey {
    key: [u8; 32],
    /// Where it came from, for the admin page ("ATIENDE_SECRET_KEY", a file path, …).
    pub source: String,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey({} from {})", self.id(), self.source)
    }
}

/// Why a stored secret could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error(
        "it was saved under another secret key (key {stored}, this node has {ours}): give every \
         node the same ATIENDE_SECRET_KEY, or enter the password again"
    )]
    OtherKey { stored: String, ours: String },
    #[error("the stored secret is damaged")]
    Damaged,
}

impl SecretKey {
    /// A random key for this process only (tests, and services built without a key):
    /// what it encrypts cannot be read after a restart.
    pub fn ephemeral() -> SecretKey {
        SecretKey {
            key: rand::random(),
            source: "this process only".into(),
        }
    }

    pub fn from_hex(hex_key: &str, source: &str) -> Result<SecretKey, String> {
        let bytes = hex::decode(hex_key.trim())
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or_else(|| format!("{source} must be 64 hexadecimal digits (32 bytes)"))?;
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes);
        Ok(SecretKey {
            key,
            source: source.to_string(),
        })
    }

    /// `ATIENDE_SECRET_KEY` when set, else `<data_dir>/secret.key`, created (owner-only) with
    /// a fresh random key when missing.
    pub fn from_env_or_file(data_dir: &Path) -> Result<SecretKey, String> {
        if let Ok(v) = std::env::var(KEY_ENV)
            && !v.trim().is_empty()
        {
            return SecretKey::from_hex(&v, KEY_ENV);
        }
        SecretKey::from_file(&data_dir.join(KEY_FILE))
    }

    pub fn from_file(path: &Path) -> Result<SecretKey, String> {
        let shown = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => SecretKey::from_hex(&text, &shown),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let fresh: [u8; 32] = rand::random();
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                let mut file = match create_private(path) {
                    Ok(f) => f,
                    // Another node sharing the directory created it meanwhile: use that one.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        return SecretKey::from_file(path);
                    }
                    Err(e) => return Err(format!("cannot create {shown}: {e}")),
                };
                writeln!(file, "{}", hex::encode(fresh))
                    .and_then(|()| file.sync_all())
                    .map_err(|e| format!("cannot write {shown}: {e}"))?;
                tracing::info!(path = %shown, "created a new secret key for stored passwords");
                Ok(SecretKey {
                    key: fresh,
                    source: shown,
                })
            }
            Err(e) => Err(format!("cannot read {shown}: {e}")),
        }
    }

    /// The first 4 bytes of the key's SHA-256, in hex: names the key without revealing it.
    pub fn id(&self) -> String {
        hex::encode(&Sha256::digest(self.key)[..4])
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(
            UnboundKey::new(&CHACHA20_POLY1305, &self.key).expect("a 32-byte ChaCha20 key"),
        )
    }

    /// Encrypts `plain`; `purpose` is bound to the ciphertext (one kind of secret cannot be
    /// passed off as another).
    pub fn seal(&self, purpose: &str, plain: &str) -> String {
        // A random 96-bit nonce per secret: few secrets are ever written under one key, far
        // below the birthday bound.
        let nonce: [u8; NONCE_LEN] = rand::random();
        let mut buf = plain.as_bytes().to_vec();
        self.aead()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(purpose.as_bytes()),
                &mut buf,
            )
            .expect("ChaCha20-Poly1305 seals any length we store");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&buf);
        format!("v1.{}.{}", self.id(), hex::encode(out))
    }

    /// Decrypts what [`SecretKey::seal`] stored for `purpose`.
    pub fn open(&self, purpose: &str, stored: &str) -> Result<String, SecretError> {
        let mut parts = stored.splitn(3, '.');
        let (Some("v1"), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SecretError::Damaged);
        };
        if key_id != self.id() {
            return Err(SecretError::OtherKey {
                stored: key_id.to_string(),
                ours: self.id(),
            });
        }
        let raw = hex::decode(body).map_err(|_| SecretError::Damaged)?;
        if raw.len() < NONCE_LEN {
            return Err(SecretError::Damaged);
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SecretError::Damaged)?;
        let mut buf = sealed.to_vec();
        let plain = self
            .aead()
            .open_in_place(nonce, Aad::from(purpose.as_bytes()), &mut buf)
            .map_err(|_| SecretError::Damaged)?;
        String::from_utf8(plain.to_vec()).map_err(|_| SecretError::Damaged)
    }
}

#[cfg(unix)]
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_purpose() {
        let k = SecretKey::ephemeral();
        let s = k.seal("smtp", "pä$$word");
        assert!(!s.contains("word"), "{s}");
        assert_ne!(s, k.seal("smtp", "pä$$word"), "a fresh nonce each time");
        assert_eq!(k.open("smtp", &s).unwrap(), "pä$$word");
        assert_eq!(k.open("imap", &s), Err(SecretError::Damaged));
        let other = SecretKey::ephemeral();
        assert!(matches!(
            other.open("smtp", &s),
            Err(SecretError::OtherKey { .. })
        ));
        let mut flipped = s.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == '0' { '1' } else { '0' });
        assert_eq!(k.open("smtp", &flipped), Err(SecretError::Damaged));
        assert_eq!(k.open("smtp", "garbage"), Err(SecretError::Damaged));
    }

    #[test]
    fn the_key_file_is_created_once_owner_only_and_reread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(KEY_FILE);
        let a = SecretKey::from_file(&path).unwrap();
        let b = SecretKey::from_file(&path).unwrap();
        assert_eq!(a.id(), b.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "short").unwrap();
        assert!(
            SecretKey::from_file(&path)
                .unwrap_err()
                .contains("64 hexadecimal")
        );
    }
}
