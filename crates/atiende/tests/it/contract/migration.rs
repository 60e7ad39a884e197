//! Migration 0018 turns the free-text scope reasons written before it into codes: an
//! out-of-scope ticket's text becomes the note of reason `other`; a text on another kind was
//! only ever a note. Its `update` statements are run, as written in each engine's file, on
//! rows put back into the old shape.

use serde_json::{Value, json};
use store::Db;

use super::open;
use crate::{both_backends, harness::TestApp};

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
    done.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The data statements of this engine's 0018 migration.
fn updates(app: &TestApp) -> Vec<String> {
    let dir = match &app.service.db {
        Db::Sqlite { .. } => "sqlite",
        Db::Postgres(_) => "postgres",
    };
    let path = format!(
        "{}/../store/migrations/{dir}/0018_scope.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("migration file");
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    code.split(';')
        .map(str::trim)
        .filter(|s| s.starts_with("update"))
        .map(str::to_string)
        .collect()
}

both_backends! {
    async fn free_text_reasons_become_codes_with_a_note(app) {
        let (_, campus, client) = app.client_with_admin("Norte").await;
        let mut ids = Vec::new();
        for s in ["SIU", "Horas", "Sin texto", "Incluido"] {
            ids.push(open(&app, &client, campus, s, "Pedido").await["id"].as_i64().unwrap());
        }
        // The rows as they were before 0018.
        exec(&app, &format!("update ticket set scope = 'out_of_scope', scope_reason = 'Integración con SIU Guaraní: se cotiza aparte' where id = {}", ids[0])).await;
        exec(&app, &format!("update ticket set scope = 'admin_hours', scope_reason = 'Tarea del administrador' where id = {}", ids[1])).await;
        exec(&app, &format!("update ticket set scope = 'out_of_scope', scope_reason = null where id = {}", ids[2])).await;
        let steps = updates(&app);
        assert_eq!(steps.len(), 2, "{steps:?}");
        for s in &steps {
            exec(&app, s).await;
        }
        let scope = |id: i64| {
            let app = &app;
            async move { app.get(&format!("/api/v1/tickets/{id}"), &app.admin).await.1["scope"].clone() }
        };
        let want = |kind: &str, reason: Value, note: Value| json!({"kind": kind, "reason": reason, "note": note});
        let strip = |mut v: Value| { v.as_object_mut().unwrap().remove("explanation"); v };
        assert_eq!(strip(scope(ids[0]).await), want("out_of_scope", json!("other"), json!("Integración con SIU Guaraní: se cotiza aparte")));
        assert_eq!(strip(scope(ids[1]).await), want("admin_hours", Value::Null, json!("Tarea del administrador")));
        assert_eq!(strip(scope(ids[2]).await), want("out_of_scope", json!("other"), Value::Null));
        assert_eq!(strip(scope(ids[3]).await), want("included", Value::Null, Value::Null));
    }
}
