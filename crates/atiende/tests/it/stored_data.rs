//! Stored data is read as stored: a corrupt or unknown value is an error that names its row,
//! never a quietly different due time; previews read without taking the write lock.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use service::Actor;
use store::Db;

use crate::{both_backends, harness::TestApp};

/// Runs one statement on the live engine, behind the service's back (a corrupting hand).
async fn exec(app: &TestApp, sql: &str) {
    let done = match &app.service.db {
        Db::Sqlite { write, .. } => sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(write)
            .await
            .map(|_| ()),
        Db::Postgres(p) => sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(p)
            .await
            .map(|_| ()),
    };
    done.expect("statement");
}

async fn ticket(app: &TestApp) -> (i64, String) {
    let (_, _, client) = app.client_with_admin("Norte").await;
    let t = app
        .ok(
            "/api/v1/tickets",
            &client,
            json!({"category": "technical", "priority": "high", "subject": "Caso", "body": "?"}),
        )
        .await;
    (t["id"].as_i64().expect("id"), client)
}

both_backends! {
    async fn an_unreadable_event_is_an_error_naming_its_row(app) {
        let (id, client) = ticket(&app).await;
        exec(&app, &format!("insert into ticket_event (id, ticket_id, at_us, actor_id, kind, data) \
            values (900001, {id}, 1793613600000000, null, 'priority_changed', '{{\"kind\":\"priority_changed\",\"to\":\"extreme\"}}')")).await;
        let err = app.service.replay_projection(id, app.service.now()).await.expect_err("corrupt history");
        assert!(err.to_string().contains("ticket_event 900001"), "{err}");
        let (s, body) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
        let (s, _) = app.get("/api/v1/tickets", &client).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "a list does not drop or reinterpret it either");
    }

    async fn a_history_without_its_created_event_is_an_error(app) {
        let (id, client) = ticket(&app).await;
        exec(&app, &format!("delete from ticket_event where ticket_id = {id} and kind = 'created'")).await;
        let err = app.service.replay_projection(id, app.service.now()).await.expect_err("no created event");
        assert!(err.to_string().contains(&format!("ticket {id}")), "{err}");
        let (s, _) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    }

    async fn an_unknown_stored_time_zone_is_an_error_not_utc(app) {
        let (client_id, _, client) = app.client_with_admin("Norte").await;
        exec(&app, &format!("update client set time_zone = 'Mars/Olympus' where id = {client_id}")).await;
        let (s, _) = app.post("/api/v1/tickets", &client,
            json!({"category": "technical", "priority": "high", "subject": "Caso", "body": "?"})).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    }

    async fn an_unknown_stored_locale_or_contact_list_is_an_error_not_a_default(app) {
        let (client_id, _, client) = app.client_with_admin("Norte").await;
        let (_, admin) = app.staff("root@provider.test", "admin").await;
        let user_id = app.service.user_id_by_email("admin@norte.test").await.expect("user");
        // A locale that does not parse used to read as Spanish. (Roles are read as strictly;
        // the schema's CHECK already keeps an unknown one out.)
        exec(&app, &format!("update app_user set locale = 'xx' where id = {user_id}")).await;
        let (s, body) = app.get(&format!("/api/v1/users/{user_id}"), &admin).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
        let (s, _) = app.get("/api/v1/users", &admin).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "a list does not reinterpret it either");
        let (s, _) = app.get("/api/v1/tickets", &client).await;
        assert_eq!(s, StatusCode::OK, "the API does not read the locale");
        // Contact e-mails that are not a JSON list used to read as "none".
        exec(&app, &format!("update client set contact_emails = 'soporte@norte.test' where id = {client_id}")).await;
        let (s, _) = app.get(&format!("/api/v1/clients/{client_id}"), &admin).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    }

    async fn the_new_ticket_preview_reads_while_a_write_is_in_progress(app) {
        let (client_id, campus_id, _) = app.client_with_admin("Norte").await;
        let user_id = app.service.user_id_by_email("admin@norte.test").await.expect("user");
        let actor = Actor { user_id, role: domain::user::Role::ClientAdmin, client_id: Some(client_id), name: "Admin".into() };
        // Another request holds the write transaction (on SQLite: the database's write lock).
        let tx = app.service.db.begin().await.expect("write transaction");
        let preview = tokio::time::timeout(
            Duration::from_secs(10),
            app.service.resolution_targets(&actor, client_id, Some(campus_id)),
        )
        .await
        .expect("the preview waited for the write lock");
        assert_eq!(preview.expect("targets").policy, "Abono mensual");
        drop(tx);
    }
}
