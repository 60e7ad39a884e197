//! The agent console and the supervisor dashboard, over plain HTTP with a set clock.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{FormReply, csrf, get, post, sign_in},
};

/// Ticket numbers of the queue table, in page order.
fn queue(html: &str) -> Vec<String> {
    let table = &html[html.find("id=\"queue\"").expect("queue table")..];
    table
        .split("<tr data-ticket=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

/// The markup of one queue row.
fn row<'a>(html: &'a str, number: &str) -> &'a str {
    let start = html
        .find(&format!("data-ticket=\"{number}\""))
        .expect("row");
    let len = html[start..].find("</tr>").unwrap();
    &html[start..start + len]
}

async fn ticket(app: &TestApp, client: &str, priority: &str, subject: &str) -> (i64, String) {
    let t = app
        .ok("/api/v1/tickets", client, json!({"category": "technical", "priority": priority, "subject": subject, "body": "Detalle"}))
        .await;
    (
        t["id"].as_i64().unwrap(),
        t["number"].as_str().unwrap().to_string(),
    )
}

both_backends! {
    async fn queue_is_sorted_by_urgency_with_badges_and_filters(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (me, agent) = app.staff("agent@provider.test", "agent").await;
        let (_, low) = ticket(&app, &client, "low", "Duda de uso").await;
        let (_, medium) = ticket(&app, &client, "medium", "No llegan correos").await;
        let (urgent_id, urgent) = ticket(&app, &client, "urgent", "El campus no carga").await;
        let (_, high) = ticket(&app, &client, "high", "Muy lento").await;
        app.patch(&format!("/api/v1/tickets/{urgent_id}"), &agent, json!({"assignee_id": me})).await;
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;

        let (s, page) = get(&app, &cookie, "/console").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(queue(&page), [&urgent, &high, &medium, &low].map(|s| s.as_str()));
        assert!(page.contains("id=\"queue-wrap\" data-refresh=\"30\""));
        let r = row(&page, &urgent);
        assert!(r.contains("sla-ok") && r.contains("data-running=\"true\"") && r.contains("data-remaining=\"14400\""), "{r}");
        assert!(r.contains("/console/tickets/"));

        // 3.5 h in, the urgent ticket has used 87.5 % of its 4 h: at risk.
        app.at(3 * 3600 + 1800);
        let (_, page) = get(&app, &cookie, "/console").await;
        assert!(row(&page, &urgent).contains("sla-warning"));
        assert!(row(&page, &high).contains("sla-ok"));
        let (_, page) = get(&app, &cookie, "/console?view=at_risk").await;
        assert_eq!(queue(&page), [&urgent].map(|s| s.as_str()));
        let (_, page) = get(&app, &cookie, "/console?view=mine").await;
        assert_eq!(queue(&page), [&urgent].map(|s| s.as_str()));
        let (_, page) = get(&app, &cookie, "/console?view=unassigned").await;
        assert_eq!(queue(&page), [&high, &medium, &low].map(|s| s.as_str()));
        let (_, page) = get(&app, &cookie, "/console?view=all&priority=high&category=&client_id=&status=").await;
        assert_eq!(queue(&page), [&high].map(|s| s.as_str()));

        // 5 h in it is breached, and only it.
        app.at(5 * 3600);
        app.watch().await;
        let (_, page) = get(&app, &cookie, "/console?view=breached").await;
        assert_eq!(queue(&page), [&urgent].map(|s| s.as_str()));
        assert!(row(&page, &urgent).contains("sla-breached"));

        // Bad filters are a 400 page, not a panic; client admins are refused.
        let (s, _) = get(&app, &cookie, "/console?view=nope").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let (s, _) = get(&app, &cookie, "/console?client_id=abc").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let admin = sign_in(&app, "admin@norte.test", "client-password-1").await;
        for path in ["/console", &format!("/console/tickets/{urgent_id}"), "/console/canned", "/dashboard"] {
            let (s, _) = get(&app, &admin, path).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        }
        let (s, _) = get(&app, &cookie, "/dashboard").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "agents do not see the dashboard");
    }

    async fn ticket_page_replies_notes_status_triage_and_canned(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (_, _) = app.staff("agent@provider.test", "agent").await;
        let (id, number) = ticket(&app, &client, "high", "El campus no carga").await;
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let path = format!("/console/tickets/{id}");
        let (s, page) = get(&app, &cookie, &path).await;
        assert_eq!(s, StatusCode::OK);
        let token = csrf(&page);
        for id in ["id=\"reply\"", "id=\"reply-body\"", "id=\"internal\"", "data-canned-into=\"reply-body\"", "id=\"send-reply\"",
                   "id=\"status\"", "id=\"save-status\"", "id=\"triage\"", "id=\"priority\"", "id=\"priority_reason\"",
                   "id=\"category\"", "id=\"assignee_id\"", "id=\"save-triage\"", "id=\"sla-panel\"", "id=\"history\""] {
            assert!(page.contains(id), "{id}");
        }

        // Public reply and internal note through the forms; staff see both, the note marked.
        let s = post(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &token), ("body", "Estamos revisando")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let s = post(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &token), ("body", "Parece el disco"), ("internal", "on")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = get(&app, &cookie, &path).await;
        assert!(page.contains("Estamos revisando"));
        let note = page.find("Parece el disco").unwrap();
        assert!(page[..note].rfind("<li").map(|i| page[i..note].contains(" internal\"")).unwrap());
        let (_, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &client).await;
        assert!(!msgs.to_string().contains("Parece el disco"), "clients never see notes");
        // An empty reply re-renders the page with the message, not a bare error page.
        let FormReply { status: s, body: page, .. } = post(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &token), ("body", "  ")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"form-error\"") && page.contains("id=\"reply\""));
        // Without the CSRF token nothing happens.
        let s = post(&app, &cookie, &format!("{path}/messages"), &[("body", "x")]).await.status;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Waiting on the client stops the countdown and opens a pause in the SLA panel.
        app.at(3600);
        let s = post(&app, &cookie, &format!("{path}/status"), &[("_csrf", &token), ("status", "waiting_on_client")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        app.at(2 * 3600);
        let (_, page) = get(&app, &cookie, &path).await;
        let sla = &page[page.find("id=\"sla\"").unwrap()..];
        assert!(sla[..sla.find("</p>").unwrap()].contains("data-running=\"false\""), "{sla}");
        let panel = &page[page.find("id=\"sla-panel\"").unwrap()..];
        let panel = &panel[..panel.find("</section>").unwrap()];
        assert!(panel.contains("Esperando al cliente: 02/11/2026 08:00 → en curso (1 h 00 min)"), "{panel}");
        assert!(page.contains("→ Esperando al cliente"));

        // Lowering the priority without a reason: the page again, naming the field.
        let FormReply { status: s, body: page, .. } = post(&app, &cookie, &format!("{path}/triage"), &[("_csrf", &token), ("priority", "medium"), ("priority_reason", ""),
            ("category", "technical"), ("assignee_id", ""), ("scope_kind", "included"), ("scope_reason", "")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("Motivo del cambio de prioridad:") && page.contains("id=\"triage\""), "{page}");
        let (_, v) = app.get(&format!("/api/v1/tickets/{id}"), &client).await;
        assert_eq!(v["priority"], "high");
        let s = post(&app, &cookie, &format!("{path}/triage"), &[("_csrf", &token), ("priority", "medium"), ("priority_reason", "No es masivo"),
            ("category", "functional"), ("assignee_id", ""), ("scope_kind", "included"), ("scope_reason", "")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = get(&app, &cookie, &path).await;
        assert!(page.contains("Prioridad: Alta → Media (motivo: No es masivo)"));
        assert!(page.contains("Categoría: Soporte técnico → Soporte funcional"));

        // Canned replies: placeholders filled for this ticket in each option's data-body.
        let s = post(&app, &cookie, "/console/canned", &[("_csrf", &token), ("title", "Saludo"),
            ("body", "Hola {cliente}: sobre {ticket} ({asunto}). Saludos, {agente}")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = get(&app, &cookie, &path).await;
        let want = format!("data-body=\"Hola Norte: sobre {number} (El campus no carga). Saludos, agent@provider.test\"");
        assert!(page.contains(&want), "{want}");
        let (_, canned) = get(&app, &cookie, "/console/canned").await;
        assert!(canned.contains("{cliente}"), "raw on the canned page");

        // Another language, same history.
        let s = post(&app, &cookie, "/lang", &[("_csrf", &token), ("locale", "en"), ("back", &path)]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = get(&app, &cookie, &path).await;
        assert!(page.contains("Priority: High → Medium (reason: No es masivo)"));
        let (s, _) = get(&app, &cookie, "/console/tickets/999999").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = get(&app, &cookie, "/console/tickets/abc").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn dashboard_counts_compliance_and_workload(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
        app.staff("boss@provider.test", "supervisor").await;
        // A breaches (high, 12 h), B is met and closed (urgent, resolved at 1 h, confirmed).
        let (a, _) = ticket(&app, &client, "high", "Lento").await;
        let (b, _) = ticket(&app, &client, "urgent", "Caído").await;
        let (_, c) = ticket(&app, &client, "low", "Consulta").await;
        app.patch(&format!("/api/v1/tickets/{a}"), &agent, json!({"assignee_id": agent_id})).await;
        app.at(3600);
        app.patch(&format!("/api/v1/tickets/{b}"), &agent, json!({"status": "resolved"})).await;
        let (s, v) = app.patch(&format!("/api/v1/tickets/{b}"), &client, json!({"status": "closed"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        app.at(13 * 3600);
        app.watch().await;
        // Re-triaged after the breach: it still counts under the priority in force at the breach.
        let (s, _) = app.patch(&format!("/api/v1/tickets/{a}"), &agent, json!({"priority": "low", "priority_reason": "no es grave"})).await;
        assert_eq!(s, StatusCode::OK);

        let boss = sign_in(&app, "boss@provider.test", "agent-password-1").await;
        let (s, page) = get(&app, &boss, "/dashboard").await;
        assert_eq!(s, StatusCode::OK);
        let cell = |table: &str, key: &str| {
            let t = &page[page.find(&format!("id=\"{table}\"")).unwrap()..];
            let r = &t[t.find(key).unwrap_or_else(|| panic!("{key} in {table}"))..];
            r[..r.find("</tr>").unwrap()].to_string()
        };
        let client_row = cell("compliance-client", "Norte");
        assert!(client_row.contains("<td>1</td><td>1</td><td class=\"pct\">50 %</td>"), "{client_row}");
        assert!(cell("compliance-priority", "data-priority=\"high\"").contains("0 %"));
        assert!(cell("compliance-priority", "data-priority=\"urgent\"").contains("100 %"));
        assert!(cell("compliance-priority", "data-priority=\"low\"").contains("—"));
        // Not closed: A (open) and C (new); B is closed.
        let low = cell("open-matrix", "data-priority=\"low\"");
        assert!(low.contains("<td data-status=\"open\"><a href=\"/console?view=all&amp;status=open&amp;priority=low\">1</a></td>") && low.contains(">2</a></td>"), "{low}");
        assert!(cell("open-matrix", "data-priority=\"urgent\"").contains(">0</a></td>\n"));
        let load = cell("workload", &format!("data-user=\"{agent_id}\""));
        assert!(load.contains(&format!("assignee={agent_id}\">1</a></td><td class=\"at-risk\">")) && load.contains(&format!("view=breached&amp;assignee={agent_id}\">1</a>")), "{load}");
        let breached = &page[page.find("id=\"breached\"").unwrap()..];
        assert!(breached[..breached.find("</ul>").unwrap()].contains("Lento"));
        assert!(!page.contains("Consulta") && !page.contains(&c), "a healthy ticket is in no list");
    }
}
