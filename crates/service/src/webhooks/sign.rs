//! The signature every delivery carries, Stripe's scheme:
//! `Atiende-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
//!
//! The key is the secret exactly as shown to the administrator (`whsec_…`, its ASCII bytes),
//! so a receiver pastes it and never decodes anything. The timestamp is inside the signed text:
//! a receiver that refuses old timestamps refuses replays. During a rotation's overlap the
//! header carries one `v1=` per secret in force (newest first); any one matching is valid.

use ring::hmac;

/// The header's name.
pub const HEADER: &str = "Atiende-Signature";

/// The prefix of every secret, so one found in a log or a repository is recognisable.
pub const SECRET_PREFIX: &str = "whsec_";

/// A fresh secret: `whsec_` and 32 random bytes in hex.
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("{SECRET_PREFIX}{}", hex::encode(bytes))
}

/// `hex(HMAC-SHA256(secret, "<t>.<body>"))`.
pub fn v1(secret: &str, t: i64, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(t.to_string().as_bytes());
    ctx.update(b".");
    ctx.update(body);
    hex::encode(ctx.sign().as_ref())
}

/// The header's value for a body sent at `t`, signed with each of `secrets`.
pub fn header_value(t: i64, body: &[u8], secrets: &[&str]) -> String {
    let mut out = format!("t={t}");
    for s in secrets {
        out.push_str(",v1=");
        out.push_str(&v1(s, t, body));
    }
    out
}

/// The header's value with the signatures blanked, for the delivery log (admins see what was
/// sent, but a log is no oracle for signatures).
pub fn redacted(t: i64, signatures: usize) -> String {
    let mut out = format!("t={t}");
    for _ in 0..signatures {
        out.push_str(",v1=…");
    }
    out
}

/// A receiver's check, as docs/webhooks.md describes it: the timestamp within `tolerance_secs` of
/// `now` and one `v1` equal to ours (compared in constant time).
pub fn verify(header: &str, body: &[u8], secret: &str, now: i64, tolerance_secs: i64) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.push(v),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now - t).abs() > tolerance_secs {
        return false;
    }
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    sigs.iter().any(|s| {
        hex::decode(s)
            .ok()
            .is_some_and(|tag| hmac::verify(&key, &signed, &tag).is_ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Vectors computed outside Rust (Python's hmac module): RFC 4231 case 2 shows the
        // primitive; the second is "<t>.<body>" with nothing added or re-encoded.
        let key = hmac::Key::new(hmac::HMAC_SHA256, b"Jefe");
        assert_eq!(
            hex::encode(hmac::sign(&key, b"what do ya want for nothing?").as_ref()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            v1("whsec_test", 1_793_613_600, br#"{"id":"x"}"#),
            "da02df752394259cf4f583056fd8efcbe198c0196d6787ebea17f92450db152c"
        );
    }

    #[test]
    fn the_header_has_the_timestamp_and_one_v1_per_secret() {
        let body = br#"{"id":"x","event":"ticket.created"}"#;
        let h = header_value(1_793_613_600, body, &["whsec_new", "whsec_old"]);
        let parts: Vec<&str> = h.split(',').collect();
        assert_eq!(parts.len(), 3, "{h}");
        assert_eq!(parts[0], "t=1793613600");
        assert_eq!(
            parts[1],
            format!("v1={}", v1("whsec_new", 1_793_613_600, body))
        );
        assert_eq!(
            parts[2],
            format!("v1={}", v1("whsec_old", 1_793_613_600, body))
        );
        assert!(parts[1].len() == 3 + 64 && parts[1][3..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(redacted(1_793_613_600, 2), "t=1793613600,v1=…,v1=…");
    }

    #[test]
    fn verification_needs_the_secret_the_exact_body_and_a_fresh_timestamp() {
        let body = br#"{"a":1}"#;
        let h = header_value(1000, body, &["whsec_a"]);
        assert!(verify(&h, body, "whsec_a", 1100, 300));
        assert!(
            !verify(&h, br#"{"a": 1}"#, "whsec_a", 1100, 300),
            "one byte differs"
        );
        assert!(!verify(&h, body, "whsec_b", 1100, 300), "another secret");
        assert!(!verify(&h, body, "whsec_a", 1400, 300), "too old: a replay");
        let both = header_value(1000, body, &["whsec_b", "whsec_a"]);
        assert!(
            verify(&both, body, "whsec_a", 1000, 300),
            "the old secret still verifies"
        );
        assert!(!verify("v1=00", body, "whsec_a", 1000, 300), "no timestamp");
    }

    #[test]
    fn secrets_are_prefixed_random_and_long() {
        let a = new_secret();
        assert!(
            a.starts_with(SECRET_PREFIX) && a.len() == SECRET_PREFIX.len() + 64,
            "{a}"
        );
        assert_ne!(a, new_secret());
    }
}
