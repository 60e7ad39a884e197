//! Uploads and downloads that never hold a whole file: chunked storage round trips, the tenant
//! is checked before any byte is read, internal-note files stay internal, names that are not
//! UTF-8 are refused, uploads past the gate get 503, and files stored before the chunk table
//! still download after the migration.

use std::{path::PathBuf, sync::Arc, time::Duration};

use atiende::{config::Config, launch};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{
    both_backends,
    harness::{TestApp, t0},
    web_client::{browser, get, sign_in},
};

/// Bytes that differ from chunk to chunk, so a reordered or missing chunk shows.
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i / 524_288) as u8)
        .collect()
}

async fn upload(
    app: &TestApp,
    token: &str,
    ticket: i64,
    query: &str,
    data: Vec<u8>,
) -> (StatusCode, Value) {
    let res = app
        .http
        .post(format!(
            "{}/api/v1/tickets/{ticket}/attachments?{query}",
            app.base
        ))
        .bearer_auth(token)
        .header(header::CONTENT_TYPE, "application/pdf")
        .body(data)
        .send()
        .await
        .expect("upload");
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

async fn download(app: &TestApp, token: &str, id: i64) -> reqwest::Response {
    app.http
        .get(format!("{}/api/v1/attachments/{id}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("download")
}

async fn new_ticket(app: &TestApp, token: &str) -> i64 {
    let t = app
        .ok("/api/v1/tickets", token, json!({"category": "technical", "priority": "high", "subject": "Archivos", "body": "Detalle"}))
        .await;
    t["id"].as_i64().expect("ticket id")
}

/// A browser session's cookie and CSRF token.
async fn session(app: &TestApp, email: &str, password: &str) -> (String, String) {
    let cookie = sign_in(app, email, password).await;
    let token = cookie.split_once('=').expect("cookie").1;
    let s = app.service.session(token).await.expect("live session");
    (cookie, s.csrf)
}

/// A multipart form as a browser sends it; each file's name is given as raw bytes.
async fn post_form(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&[u8], &[u8])],
) -> (StatusCode, String) {
    let boundary = "----atiende-uploads-boundary-q8Zr";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (filename, data) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"")
                .as_bytes(),
        );
        body.extend_from_slice(filename);
        body.extend_from_slice(b"\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let res = browser()
        .post(format!("{}{path}", app.base))
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("form");
    let s = res.status();
    (s, res.text().await.unwrap_or_default())
}

/// Runs `sql` with one bind on the test's database, whichever engine it is.
async fn exec(app: &TestApp, sql: &'static str, id: i64) {
    match &app.service.db {
        store::Db::Sqlite { write, .. } => {
            sqlx::query(sql).bind(id).execute(write).await.map(|_| ())
        }
        store::Db::Postgres(p) => sqlx::query(sql).bind(id).execute(p).await.map(|_| ()),
    }
    .expect("sql");
}

both_backends! {
    async fn files_round_trip_in_chunks_with_their_headers(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let ticket = new_ticket(&app, &client).await;
        // Three chunks and a bit: the chunk boundaries must not show in the bytes.
        let data = pattern(3 * 524_288 + 1234);
        let (s, meta) = upload(&app, &client, ticket, "filename=Planilla%20a%C3%B1o.pdf", data.clone()).await;
        assert_eq!(s, StatusCode::CREATED, "{meta}");
        assert_eq!(meta["size_bytes"], json!(data.len()));
        assert_eq!(meta["sha256"], json!(hex::encode(Sha256::digest(&data))));
        assert_eq!(meta["filename"], json!("Planilla año.pdf"));
        let res = download(&app, &client, meta["id"].as_i64().unwrap()).await;
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers().clone();
        assert_eq!(h[header::CONTENT_LENGTH], data.len().to_string().as_str());
        assert_eq!(h[header::CONTENT_TYPE], "application/pdf");
        assert!(h[header::CONTENT_DISPOSITION].to_str().unwrap().contains("filename*=UTF-8''Planilla%20a%C3%B1o.pdf"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(res.bytes().await.unwrap().as_ref(), data.as_slice());

        // Exactly the limit is accepted; one byte more is 413 naming `file`, and nothing is kept.
        let max = domain::limits::ATTACHMENT_MAX_BYTES;
        let (s, meta) = upload(&app, &client, ticket, "filename=max.bin", pattern(max)).await;
        assert_eq!(s, StatusCode::CREATED, "{meta}");
        let (s, p) = upload(&app, &client, ticket, "filename=over.bin", vec![1; max + 1]).await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{p}");
        assert_eq!(p["errors"][0]["field"], "file");
        let (_, list) = app.get(&format!("/api/v1/tickets/{ticket}/attachments"), &client).await;
        assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    }

    // Bug 8: the tenant is checked before a byte is read. A file whose stored chunks are gone
    // is an error for its owner (the bytes were read) but a plain 404 for another client's
    // admin, who therefore never reached them.
    async fn another_clients_download_is_refused_before_the_bytes_are_read(app) {
        let (_, _, norte) = app.client_with_admin("Norte").await;
        let (_, _, sur) = app.client_with_admin("Sur").await;
        let ticket = new_ticket(&app, &norte).await;
        let (_, meta) = upload(&app, &norte, ticket, "filename=a.pdf", pattern(1000)).await;
        let id = meta["id"].as_i64().unwrap();
        assert_eq!(download(&app, &sur, id).await.status(), StatusCode::NOT_FOUND);
        exec(&app, "delete from attachment_chunk where attachment_id = $1", id).await;
        let res = download(&app, &sur, id).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "application/problem+json");
        let (cookie, _) = session(&app, "admin@sur.test", "client-password-1").await;
        let (s, _) = get(&app, &cookie, &format!("/portal/attachments/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // The owner reaches the bytes: the corruption is reported, not a shorter file.
        assert_eq!(download(&app, &norte, id).await.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    // Agents attach files to replies and notes from the console; a note's files are internal:
    // a client admin neither lists nor downloads them (API and portal).
    async fn console_replies_carry_files_and_a_notes_files_stay_internal(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        app.staff("agent@provider.test", "agent").await;
        let ticket = new_ticket(&app, &client).await;
        let (cookie, csrf) = session(&app, "agent@provider.test", "agent-password-1").await;
        let path = format!("/console/tickets/{ticket}/messages");
        let public = pattern(700_000);
        let (s, page) = post_form(&app, &cookie, &path, &[("_csrf", &csrf), ("body", "Adjunto el registro")], &[(b"registro.txt", &public)]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{page}");
        let (s, page) = post_form(&app, &cookie, &path, &[("_csrf", &csrf), ("body", "Credenciales del servidor"), ("internal", "on")], &[(b"secreto.txt", b"root:hunter2")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{page}");
        // A file alone, without text, is a reply too.
        let (s, page) = post_form(&app, &cookie, &path, &[("_csrf", &csrf), ("body", "")], &[(b"solo.txt", b"solo")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{page}");

        let names = |v: &Value| v.as_array().unwrap().iter().map(|a| a["filename"].as_str().unwrap().to_string()).collect::<Vec<_>>();
        let (_, staff_list) = app.get(&format!("/api/v1/tickets/{ticket}/attachments"), &app.admin).await;
        assert_eq!(names(&staff_list), ["registro.txt", "secreto.txt", "solo.txt"]);
        let secret = staff_list[1]["id"].as_i64().unwrap();
        let (_, client_list) = app.get(&format!("/api/v1/tickets/{ticket}/attachments"), &client).await;
        assert_eq!(names(&client_list), ["registro.txt", "solo.txt"]);
        let public_id = client_list[0]["id"].as_i64().unwrap();
        assert_eq!(download(&app, &client, public_id).await.bytes().await.unwrap().as_ref(), public.as_slice());
        assert_eq!(download(&app, &client, secret).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(download(&app, &app.admin, secret).await.bytes().await.unwrap().as_ref(), b"root:hunter2");

        let (pc, _) = session(&app, "admin@norte.test", "client-password-1").await;
        let (s, html) = get(&app, &pc, &format!("/portal/tickets/{ticket}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("registro.txt") && !html.contains("secreto.txt"), "{html}");
        let (s, _) = get(&app, &pc, &format!("/portal/attachments/{secret}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = get(&app, &pc, &format!("/portal/attachments/{public_id}")).await;
        assert_eq!(s, StatusCode::OK);

        // The console's form is multipart with a file input.
        let (_, page) = get(&app, &cookie, &format!("/console/tickets/{ticket}")).await;
        assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("id=\"reply-files\""));
    }

    // Bug 16 (part): a file name that is not UTF-8 is refused naming the field, never stored
    // with replacement characters.
    async fn file_names_that_are_not_utf8_are_refused(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let ticket = new_ticket(&app, &client).await;
        let (s, p) = upload(&app, &client, ticket, "filename=a%FFb.pdf", b"x".to_vec()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        assert_eq!(p["errors"][0]["field"], "filename");
        let (cookie, csrf) = session(&app, "admin@norte.test", "client-password-1").await;
        let (s, html) = post_form(&app, &cookie, &format!("/portal/tickets/{ticket}/messages"), &[("_csrf", &csrf), ("body", "")], &[(b"informe\xff.pdf", b"datos")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("no es texto válido (UTF-8)"), "{html}");
        let (_, list) = app.get(&format!("/api/v1/tickets/{ticket}/attachments"), &client).await;
        assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
    }
}

/// Uploads past the gate: with one permit and no wait, a second upload while the first is
/// still being received gets 503 + `Retry-After` (problem+json); once the first ends, uploads
/// are accepted again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_past_the_gate_are_told_to_retry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("atiende.db").display());
    let mut config = Config::new(Some(url), PathBuf::from("unused")).expect("config");
    config.sla_watch_interval = Duration::ZERO;
    config.uploads.concurrency = 1;
    config.uploads.wait = Duration::ZERO;
    config.uploads.dir = dir.path().join("spool");
    let clock = Arc::new(service::ManualClock::new(t0()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let running = launch(&config, listener, clock, std::future::pending())
        .await
        .expect("launch");
    let admin = running
        .service
        .create_user(
            None,
            &service::admin::users::UserInput {
                email: "root@atiende.test".into(),
                name: "Root".into(),
                role: domain::user::Role::Admin,
                client_id: None,
                locale: domain::user::Locale::Es,
                time_zone: "Europe/Madrid".into(),
                password: Some("root-password-123".into()),
            },
        )
        .await
        .expect("admin");
    let (_, token) = running
        .service
        .create_token(admin.id, "t")
        .await
        .expect("token");
    let base = format!("http://{}", running.addr);
    let http = reqwest::Client::new();
    let c: Value = http
        .post(format!("{base}/api/v1/clients"))
        .bearer_auth(&token)
        .json(&json!({"name": "Norte", "tax_id": "TAX-N", "time_zone": "UTC"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let t: Value = http.post(format!("{base}/api/v1/tickets")).bearer_auth(&token)
        .json(&json!({"client_id": c["id"], "category": "technical", "priority": "high", "subject": "x", "body": "y"}))
        .send().await.unwrap().json().await.unwrap();
    let up = format!(
        "{base}/api/v1/tickets/{}/attachments?filename=a.bin",
        t["id"]
    );

    // The first upload sends one piece and then holds its body open until told to finish. The
    // small uploads run one after another, so one refused means the first holds the permit; if
    // a small one took the permit first, the first is refused instead and is sent again.
    let small = || {
        http.post(&up)
            .bearer_auth(&token)
            .body(b"x".to_vec())
            .send()
    };
    let mut attempts = 0;
    let (refused, tx, first) = loop {
        attempts += 1;
        assert!(attempts <= 20, "the first upload never held the permit");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let first = tokio::spawn({
            let (http, up, token) = (http.clone(), up.clone(), token.clone());
            async move {
                http.post(up)
                    .bearer_auth(token)
                    .body(futures_body(rx))
                    .send()
                    .await
                    .map(|r| r.status())
            }
        });
        let mut refused = None;
        for _ in 0..100 {
            if first.is_finished() {
                break;
            }
            let res = small().await.unwrap();
            if res.status() == StatusCode::SERVICE_UNAVAILABLE {
                refused = Some(res);
                break;
            }
            assert_eq!(res.status(), StatusCode::CREATED);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        match refused {
            Some(r) => break (r, tx, first),
            None => {
                tx.send(()).ok();
                let _ = first.await;
            }
        }
    };
    assert_eq!(refused.headers()[header::RETRY_AFTER], "5");
    assert_eq!(
        refused.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    tx.send(()).expect("first upload still running");
    assert_eq!(first.await.unwrap().unwrap(), StatusCode::CREATED);
    assert_eq!(small().await.unwrap().status(), StatusCode::CREATED);
}

/// A body that sends one piece, then waits for `go` before its last piece.
fn futures_body(go: tokio::sync::oneshot::Receiver<()>) -> reqwest::Body {
    let s = futures_util::stream::unfold((0u8, Some(go)), |(step, go)| async move {
        match step {
            0 => Some((Ok::<_, std::io::Error>(vec![1u8; 1024]), (1, go))),
            1 => {
                let _ = go?.await;
                Some((Ok(vec![2u8; 1024]), (2, None)))
            }
            _ => None,
        }
    });
    reqwest::Body::wrap_stream(s)
}

/// Migration 0006 splits files stored whole in `attachment.data` into 512 KiB chunks that add
/// up to the same bytes, on both engines (run on a scratch table of the old shape).
#[tokio::test]
async fn stored_files_are_split_into_chunks_by_the_migration() {
    let sizes = [1usize, 524_288, 524_289, 1_300_000];
    let check = |rows: Vec<(i64, i64, Vec<u8>)>| {
        for (n, size) in sizes.iter().enumerate() {
            let id = n as i64 + 1;
            let parts: Vec<&(i64, i64, Vec<u8>)> = rows.iter().filter(|r| r.0 == id).collect();
            assert_eq!(parts.len(), size.div_ceil(524_288), "chunks of {size}");
            let joined: Vec<u8> = parts.iter().flat_map(|r| r.2.clone()).collect();
            assert_eq!(joined, pattern(*size), "bytes of {size}");
            assert!(parts.iter().enumerate().all(|(i, r)| r.1 == i as i64));
        }
    };
    const OLD: &str = "create table attachment (id bigint primary key, filename text not null, data BLOBTYPE not null)";
    let select =
        "select attachment_id, seq, data from attachment_chunk order by attachment_id, seq";

    let sqlite = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(OLD.replace("BLOBTYPE", "blob")))
        .execute(&sqlite)
        .await
        .unwrap();
    for (n, size) in sizes.iter().enumerate() {
        sqlx::query("insert into attachment (id, filename, data) values ($1, 'f', $2)")
            .bind(n as i64 + 1)
            .bind(pattern(*size))
            .execute(&sqlite)
            .await
            .unwrap();
    }
    sqlx::raw_sql(include_str!(
        "../../../store/migrations/sqlite/0006_attachment_chunks.sql"
    ))
    .execute(&sqlite)
    .await
    .unwrap();
    check(sqlx::query_as(select).fetch_all(&sqlite).await.unwrap());

    let Some(app) = TestApp::spawn(crate::harness::Backend::Postgres).await else {
        return;
    };
    let store::Db::Postgres(pool) = &app.service.db else {
        unreachable!()
    };
    let mut c = pool.acquire().await.unwrap();
    sqlx::raw_sql("create schema old_shape; set search_path to old_shape")
        .execute(&mut *c)
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(OLD.replace("BLOBTYPE", "bytea")))
        .execute(&mut *c)
        .await
        .unwrap();
    for (n, size) in sizes.iter().enumerate() {
        sqlx::query("insert into attachment (id, filename, data) values ($1, 'f', $2)")
            .bind(n as i64 + 1)
            .bind(pattern(*size))
            .execute(&mut *c)
            .await
            .unwrap();
    }
    sqlx::raw_sql(include_str!(
        "../../../store/migrations/postgres/0006_attachment_chunks.sql"
    ))
    .execute(&mut *c)
    .await
    .unwrap();
    check(sqlx::query_as(select).fetch_all(&mut *c).await.unwrap());
    sqlx::raw_sql("set search_path to public")
        .execute(&mut *c)
        .await
        .unwrap();
}
