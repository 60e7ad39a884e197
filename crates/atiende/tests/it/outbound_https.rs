//! Outbound HTTPS that succeeds: a test CA and a certificate for 127.0.0.1 made at test time,
//! a local TLS endpoint in front of the tests' usual fake servers, and a node that trusts the
//! CA's file (as `ATIENDE_MAIL_CA_FILE` names it). Over `https://` the campus monitor records
//! the campus up with its status and latency, a webhook is delivered with a signature the
//! receiver verifies, and the Moodle check keeps the release and version. The same servers
//! behind a certificate from another CA (one the node does not trust) fail each of them with
//! a certificate error, and nothing reaches the server behind.

use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, Mutex},
};

use axum::{Router, http::Uri};
use jiff::SignedDuration;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use reqwest::{Method, StatusCode};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};
use service::jobs::RunnerConfig;

use crate::{
    harness::{Backend, TestApp},
    monitors::{FakeCampus, Mode, round},
    webhook_receiver::Receiver,
};

/// What the node's error says when a certificate chains to no root it trusts (rustls' words).
const UNTRUSTED: &str = "invalid peer certificate: UnknownIssuer";
const TOKEN: &str = "f0e1d2c3b4a5968778695a4b3c2d1e0f";

/// A certificate authority made for one test; its certificate is also in a PEM file, for the
/// node to trust.
struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
    _dir: tempfile::TempDir,
    file: PathBuf,
}

impl TestCa {
    fn new(name: &str) -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("CA key");
        let issuer = CertifiedIssuer::self_signed(params, key).expect("CA certificate");
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("ca.pem");
        std::fs::write(&file, issuer.pem()).expect("write the CA file");
        TestCa {
            issuer,
            _dir: dir,
            file,
        }
    }

    /// A server certificate for 127.0.0.1, signed by this CA, ready for rustls.
    fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let mut params = CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
        params
            .distinguished_name
            .push(DnType::CommonName, "127.0.0.1");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let key = KeyPair::generate().expect("server key");
        let cert = params
            .signed_by(&key, &self.issuer)
            .expect("server certificate");
        let chain = vec![CertificateDer::from(cert.der().to_vec())];
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server TLS configuration");
        Arc::new(config)
    }
}

/// A TLS endpoint on 127.0.0.1:0 in front of a plain HTTP server: it completes the handshake
/// with its certificate, then passes the bytes both ways. The fake servers stay as the other
/// tests use them; only the transport becomes HTTPS.
struct TlsFront {
    addr: SocketAddr,
    /// Handshakes completed: a refused certificate completes none.
    handshakes: Arc<Mutex<usize>>,
    task: tokio::task::JoinHandle<()>,
}

impl TlsFront {
    async fn start(tls: Arc<rustls::ServerConfig>, upstream: SocketAddr) -> TlsFront {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let acceptor = tokio_rustls::TlsAcceptor::from(tls);
        let handshakes = Arc::new(Mutex::new(0));
        let done = handshakes.clone();
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, done) = (acceptor.clone(), done.clone());
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    *done.lock().unwrap() += 1;
                    if let Ok(mut plain) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                    }
                });
            }
        });
        TlsFront {
            addr,
            handshakes,
            task,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("https://{}{path}", self.addr)
    }

    fn handshakes(&self) -> usize {
        *self.handshakes.lock().unwrap()
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The node under test trusts `trusted` (its file, as `ATIENDE_MAIL_CA_FILE` would name it);
/// `other` is a CA it has never heard of.
struct Pki {
    trusted: TestCa,
    other: TestCa,
}

async fn run<F, Fut>(backend: Backend, body: F)
where
    F: FnOnce(TestApp, Pki) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let pki = Pki {
        trusted: TestCa::new("Atiende test CA"),
        other: TestCa::new("Unknown CA"),
    };
    if let Some(app) = TestApp::spawn_trusting(backend, &pki.trusted.file).await {
        body(app, pki).await
    }
}

/// `both_backends!` for a node trusting a fresh test CA.
macro_rules! both_backends_with_a_test_ca {
    ($(async fn $name:ident($app:ident, $pki:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($app: TestApp, $pki: Pki) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run(Backend::Sqlite, body).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run(Backend::Postgres, body).await
            }
        }
    )*};
}

/// Points `campus` of `client_id` at `url`.
async fn move_campus(app: &TestApp, client_id: i64, campus: i64, url: &str) {
    let (s, v) = app
        .call(
            Method::PUT,
            &format!("/api/v1/campuses/{campus}"),
            &app.admin,
            Some(json!({"client_id": client_id, "url": url, "platform": "Moodle", "platform_version": "4.5",
                        "hosted_by_us": true, "service_start_date": "2026-01-15"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

/// Another campus of `client_id` at `url`; its id.
async fn add_campus(app: &TestApp, client_id: i64, url: &str) -> i64 {
    let c = app
        .ok(
            "/api/v1/campuses",
            &app.admin,
            json!({"client_id": client_id, "url": url, "platform": "Moodle", "platform_version": "4.5",
                   "hosted_by_us": true, "service_start_date": "2026-01-15"}),
        )
        .await;
    c["id"].as_i64().expect("campus id")
}

async fn uptime(app: &TestApp, campus: i64) -> Value {
    let (s, v) = app
        .get(&format!("/api/v1/campuses/{campus}/uptime"), &app.admin)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

/// A Moodle stand-in: every request gets `core_webservice_get_site_info`'s answer; each
/// request's path and query are kept.
async fn fake_moodle(seen: Arc<Mutex<Vec<String>>>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new().fallback(move |uri: Uri| {
        let seen = seen.clone();
        async move {
            seen.lock().unwrap().push(uri.to_string());
            axum::Json(
                json!({"sitename": "Campus Norte", "release": "4.5.2 (Build: 20250804)",
                              "version": "2024100702.00", "functions": []}),
            )
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    addr
}

both_backends_with_a_test_ca! {
    async fn a_campus_monitor_over_https_records_up_with_status_and_latency(app, pki) {
        let campus = FakeCampus::start(Mode::Up("<html>Moodle</html>")).await;
        let good = TlsFront::start(pki.trusted.server_config(), campus.addr).await;
        let bad = TlsFront::start(pki.other.server_config(), campus.addr).await;
        let (client_id, trusted, _) = app.client_with_admin("Norte").await;
        move_campus(&app, client_id, trusted, &good.url("/")).await;
        let untrusted = add_campus(&app, client_id, &bad.url("/")).await;

        round(&app).await;

        let up = uptime(&app, trusted).await;
        let p = &up["last_probe"];
        assert_eq!((up["state"].as_str(), p["ok"].as_bool(), p["http_status"].as_i64()),
            (Some("up"), Some(true), Some(200)), "{up}");
        assert!(p["latency_ms"].as_i64().is_some_and(|ms| ms >= 0), "a latency: {up}");
        assert!(p["error"].is_null(), "{up}");
        assert_eq!(good.handshakes(), 1, "one probe, one TLS connection");

        let down = uptime(&app, untrusted).await;
        let p = &down["last_probe"];
        assert_eq!((down["state"].as_str(), p["ok"].as_bool(), p["http_status"].as_i64()),
            (Some("down"), Some(false), None), "{down}");
        assert!(p["error"].as_str().is_some_and(|e| e.contains(UNTRUSTED)), "{down}");
        assert_eq!(bad.handshakes(), 0, "the certificate was refused during the handshake");
    }

    async fn a_webhook_to_an_https_receiver_is_delivered_signed(app, pki) {
        let rx = Receiver::start().await;
        let upstream: SocketAddr = rx.base.trim_start_matches("http://").parse().expect("addr");
        let good = TlsFront::start(pki.trusted.server_config(), upstream).await;
        let bad = TlsFront::start(pki.other.server_config(), upstream).await;
        let mut hooks = Vec::new();
        for url in [good.url("/seguro"), bad.url("/desconocido")] {
            let (s, v) = app.post("/api/v1/webhooks", &app.admin,
                json!({"url": url, "events": ["ticket.created"]})).await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
            hooks.push((v["webhook"]["id"].as_i64().expect("id"), v["secret"].as_str().expect("secret").to_string()));
        }
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (s, t) = app.post("/api/v1/tickets", &client, json!({"category": "technical", "priority": "medium",
            "subject": "Por HTTPS", "body": "El campus no carga"})).await;
        assert_eq!(s, StatusCode::CREATED, "{t}");

        let runner = RunnerConfig { node: "https-node".into(), lease: SignedDuration::from_mins(5), batch: 50, periodic: Vec::new() };
        let r = app.service.run_due_jobs(&runner).await.expect("round");
        assert_eq!(r.failed.len(), 1, "the delivery to the unknown CA's server: {r:?}");

        let deliveries = |id: i64| {
            let app = &app;
            async move {
                let (s, v) = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &app.admin).await;
                assert_eq!(s, StatusCode::OK, "{v}");
                v.as_array().expect("list").clone()
            }
        };
        let [d] = &deliveries(hooks[0].0).await[..] else { panic!("one delivery") };
        assert_eq!((d["state"].as_str(), d["last_status"].as_i64(), d["response_snippet"].as_str()),
            (Some("delivered"), Some(200), Some("ok")), "{d}");
        assert!(d["last_error"].is_null(), "{d}");
        let [got] = &rx.at("/seguro")[..] else { panic!("one request: {:?}", rx.got()) };
        assert_eq!(got.event, "ticket.created");
        assert_eq!(got.delivery, d["uuid"].as_str().unwrap());
        assert!(got.signed_by(&hooks[0].1), "the receiver verifies the signature: {}", got.signature);
        assert!(!got.signed_by(&hooks[1].1), "signed with this webhook's secret, not another's");

        let [d] = &deliveries(hooks[1].0).await[..] else { panic!("one delivery") };
        assert_eq!((d["state"].as_str(), d["last_status"].as_i64()), (Some("pending"), None), "{d}");
        assert_eq!(d["last_error"].as_str(),
            Some(format!("TLS handshake with 127.0.0.1:{}: {UNTRUSTED}", bad.addr.port()).as_str()), "{d}");
        assert!(rx.at("/desconocido").is_empty(), "nothing was sent past the refused certificate");
        assert_eq!(bad.handshakes(), 0);
    }

    async fn the_moodle_check_over_https_keeps_release_and_version(app, pki) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let moodle = fake_moodle(seen.clone()).await;
        let good = TlsFront::start(pki.trusted.server_config(), moodle).await;
        let bad = TlsFront::start(pki.other.server_config(), moodle).await;
        let (client_id, trusted, _) = app.client_with_admin("Norte").await;
        move_campus(&app, client_id, trusted, &good.url("/moodle")).await;
        let untrusted = add_campus(&app, client_id, &bad.url("/moodle")).await;

        let check = |campus: i64| {
            let app = &app;
            async move {
                let path = format!("/api/v1/campuses/{campus}/moodle");
                let (s, v) = app.call(Method::PUT, &path, &app.admin, Some(json!({"token": TOKEN}))).await;
                assert_eq!(s, StatusCode::OK, "{v}");
                let (s, v) = app.post(&format!("{path}/check"), &app.admin, json!({})).await;
                assert_eq!(s, StatusCode::OK, "{v}");
                assert!(!v.to_string().contains(TOKEN), "{v}");
                v
            }
        };
        let v = check(trusted).await;
        assert_eq!((v["release"].as_str(), v["version"].as_str()),
            (Some("4.5.2 (Build: 20250804)"), Some("2024100702.00")), "{v}");
        assert!(v["error"].is_null() && v["checked_at"].is_string(), "{v}");
        let asked = seen.lock().unwrap().clone();
        let [line] = &asked[..] else { panic!("one request: {asked:?}") };
        assert!(line.starts_with("/moodle/webservice/rest/server.php?") && line.contains(&format!("wstoken={TOKEN}"))
            && line.contains("wsfunction=core_webservice_get_site_info"), "{line}");

        let v = check(untrusted).await;
        assert!(v["release"].is_null() && v["version"].is_null(), "{v}");
        let error = v["error"].as_str().expect("an error");
        assert!(error.contains(UNTRUSTED) && error.contains(&format!("127.0.0.1:{}", bad.addr.port())), "{error}");
        assert_eq!(seen.lock().unwrap().len(), 1, "nothing was sent past the refused certificate");
        assert_eq!(bad.handshakes(), 0);
    }
}
