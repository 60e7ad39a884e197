//! A webhook receiver for the tests: a real HTTP server on 127.0.0.1:0 that records every
//! request and answers as told, and an HMAC-SHA256 of the test's own (RFC 2104 over `sha2`),
//! so signatures are checked independently of the product's code (ring).

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode, Uri},
    routing::post,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// HMAC-SHA256 straight from RFC 2104 over `sha2`: independent of the product's code (ring).
fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

#[test]
fn the_tests_hmac_is_hmac() {
    // RFC 4231, test case 2.
    assert_eq!(
        hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

/// One request the receiver got: the headers that matter and the raw body.
#[derive(Debug, Clone)]
pub struct Got {
    pub path: String,
    pub event: String,
    pub delivery: String,
    pub signature: String,
    pub content_type: String,
    pub user_agent: String,
    pub body: Vec<u8>,
}

impl Got {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// `t` and every `v1` of the signature header.
    pub fn signature_parts(&self) -> (i64, Vec<String>) {
        let mut t = None;
        let mut v1 = Vec::new();
        for part in self.signature.split(',') {
            match part.split_once('=') {
                Some(("t", v)) => t = Some(v.parse().expect("t is a number")),
                Some(("v1", v)) => v1.push(v.to_string()),
                other => panic!("unexpected signature part {other:?} in {}", self.signature),
            }
        }
        (t.expect("a timestamp"), v1)
    }

    /// Whether one `v1` is HMAC-SHA256(secret, "<t>.<raw body>").
    pub fn signed_by(&self, secret: &str) -> bool {
        let (t, v1) = self.signature_parts();
        let mut signed = format!("{t}.").into_bytes();
        signed.extend_from_slice(&self.body);
        let expected = hex::encode(hmac_sha256(secret.as_bytes(), &signed));
        v1.contains(&expected)
    }
}

/// A webhook receiver on 127.0.0.1:0 that records every request and answers the statuses it
/// is told to, in turn (200 once the list is empty).
#[derive(Clone, Default)]
pub struct Receiver {
    got: Arc<Mutex<Vec<Got>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
    pub base: String,
}

async fn record(
    State(r): State<Receiver>,
    uri: Uri,
    h: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let header = |n: &str| {
        h.get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    r.got.lock().unwrap().push(Got {
        path: uri.path().to_string(),
        event: header("atiende-event"),
        delivery: header("atiende-delivery"),
        signature: header("atiende-signature"),
        content_type: header("content-type"),
        user_agent: header("user-agent"),
        body: body.to_vec(),
    });
    let status = r.answers.lock().unwrap().pop_front().unwrap_or(200);
    let status = StatusCode::from_u16(status).expect("status");
    let text = if status.is_success() {
        "ok".to_string()
    } else {
        format!("boom {}", status.as_u16())
    };
    (status, text)
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let r = Receiver {
            base: format!("http://{}", listener.local_addr().unwrap()),
            ..Receiver::default()
        };
        let app = Router::new()
            .route("/{*path}", post(record))
            .with_state(r.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        r
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn answer(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    pub fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }

    pub fn at(&self, path: &str) -> Vec<Got> {
        self.got().into_iter().filter(|g| g.path == path).collect()
    }
}
