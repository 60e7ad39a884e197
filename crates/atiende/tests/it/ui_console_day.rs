//! The agent's day in the console: campus and due time on every row, client replies in the
//! default view, one-submit replies, "Asignarme", tickets opened by phone, saved replies and
//! the dashboard's links — over plain HTTP against the real server, on both engines.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::StatusCode;
use serde_json::{Value, json};
use service::{Actor, tickets::Reply};

use crate::{
    both_backends,
    harness::TestApp,
    web_client::{FormReply, csrf, get, post, sign_in},
};

/// `(ticket number, row markup)` of the queue table, in page order.
fn rows(html: &str) -> Vec<(String, String)> {
    let table = &html[html.find("id=\"queue\"").expect("queue table")..];
    let table = &table[..table.find("</table>").expect("table end")];
    table
        .split("<tr data-ticket=\"")
        .skip(1)
        .map(|s| {
            let number = s.split('"').next().unwrap().to_string();
            let end = s.find("</tr>").unwrap_or(s.len());
            (number, s[..end].to_string())
        })
        .collect()
}

/// The `href` of the element with `id` (entities decoded as a browser would).
fn href_of(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = html[..at].rfind("<a ")?;
    let tag = &html[start..];
    let h = tag.find("href=\"")? + 6;
    Some(
        tag[h..]
            .split('"')
            .next()?
            .replace("&amp;", "&")
            .replace("&#38;", "&"),
    )
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

async fn api_ticket(app: &TestApp, token: &str, id: i64) -> Value {
    let (s, v) = app.get(&format!("/api/v1/tickets/{id}"), token).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

both_backends! {
    async fn the_console_shows_campus_and_due_time_of_every_demo_ticket(app) {
        let seed = atiende::demo::seed(&app.service).await.expect("demo seed");
        let (_, all) = app.get("/api/v1/tickets?limit=200", &seed.token).await;
        let all = all["items"].as_array().expect("items").clone();
        let (_, campuses) = app.get("/api/v1/campuses", &seed.token).await;
        let host: BTreeMap<i64, String> = campuses.as_array().expect("campuses").iter()
            .map(|c| (c["id"].as_i64().unwrap(), c["url"].as_str().unwrap().split("://").nth(1).unwrap().split('/').next().unwrap().to_string()))
            .collect();
        let cookie = sign_in(&app, "sofia.rodriguez@atiende.example", "demo-agente-2026").await;

        // Every ticket, page by page (previous/next and a total), in every status.
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut path = "/console?status=any".to_string();
        let mut pages = 0;
        loop {
            let (s, page) = get(&app, &cookie, &path).await;
            assert_eq!(s, StatusCode::OK);
            let total = &page[page.find("id=\"queue-total\"").expect("total")..];
            assert!(total[..total.find("</span>").unwrap()].ends_with(&format!(" de {}", all.len())), "the total is shown: {} (API: {})", &total[..80], all.len());
            if pages > 0 {
                assert!(href_of(&page, "prev-page").is_some(), "a later page links back");
            } else {
                assert!(href_of(&page, "prev-page").is_none());
            }
            for (n, r) in rows(&page) {
                assert!(seen.insert(n.clone(), r).is_none(), "{n} on two pages");
            }
            pages += 1;
            match href_of(&page, "next-page") {
                Some(next) => path = next,
                None => break,
            }
        }
        assert!(pages >= 2, "about 60 tickets over pages of 50");
        assert_eq!(seen.len(), all.len(), "every ticket is in the queue once");
        let mut stopped = BTreeSet::new();
        for t in &all {
            let n = t["number"].as_str().unwrap();
            let r = &seen[n];
            let due = t["sla"]["due_at"].as_str().unwrap();
            assert!(r.contains(&format!("<time datetime=\"{due}\">")), "{n}: due time shown: {r}");
            match t["campus_id"].as_i64() {
                Some(c) => assert!(r.contains(&host[&c]) && r.contains("Moodle"), "{n}: campus shown: {r}"),
                None => assert!(r.contains("Sin campus"), "{n}: {r}"),
            }
            let final_ = t["status"] == "closed" || t["sla"]["state"] == "met";
            if !final_ && t["sla"]["paused"] == true {
                assert!(r.contains("data-stopped=\"paused\"") && r.contains("Reloj detenido: en pausa"), "{n}: {r}");
                stopped.insert("paused");
            } else if !final_ && t["sla"]["clock_running"] == false {
                assert!(r.contains("data-stopped=\"off_hours\"") && r.contains("Reloj detenido: fuera de horario"), "{n}: {r}");
                stopped.insert("off_hours");
            } else {
                assert!(!r.contains("data-stopped"), "{n}: the clock runs or is final: {r}");
            }
        }
        assert!(stopped.contains("paused"), "the demo has paused tickets");
        // The ticket page shows the campus too.
        let with_campus = all.iter().find(|t| t["campus_id"].is_i64()).expect("a ticket with a campus");
        let (_, page) = get(&app, &cookie, &format!("/console/tickets/{}", with_campus["id"])).await;
        let campus = &page[page.find("id=\"campus\"").expect("campus on the ticket")..];
        assert!(campus[..campus.find("</dd>").unwrap()].contains(&host[&with_campus["campus_id"].as_i64().unwrap()]));

        // A client writes on a resolved ticket without reopening: the agent's default view
        // shows it, badged, and so does the "client replied" view.
        let resolved = all.iter().find(|t| t["status"] == "resolved" && t["client_replied_at"].is_null()).expect("a resolved demo ticket");
        let id = resolved["id"].as_i64().unwrap();
        let n = resolved["number"].as_str().unwrap();
        let (_, before) = get(&app, &cookie, "/console").await;
        assert!(!rows(&before).iter().any(|(x, _)| x == n), "resolved tickets are not open work");
        let requester = Actor {
            user_id: resolved["requester_id"].as_i64().unwrap(),
            role: domain::user::Role::ClientAdmin,
            client_id: resolved["client_id"].as_i64(),
            name: "cliente".into(),
        };
        app.service.reply(&requester, id, Reply { body: "Sigue fallando".into(), ..Default::default() }).await.expect("client reply");
        let (_, page) = get(&app, &cookie, "/console").await;
        let found = rows(&page).into_iter().find(|(x, _)| x == n).expect("the client's reply brings it into the default view");
        assert!(found.1.contains("Respondió el cliente"), "{}", found.1);
        let (_, page) = get(&app, &cookie, "/console?view=client_replied").await;
        let listed = rows(&page);
        assert!(listed.iter().any(|(x, _)| x == n), "in the client-replied view");
        assert!(listed.iter().all(|(_, r)| r.contains("Respondió el cliente")));
        let views = &page[page.find("id=\"views\"").unwrap()..];
        let count = format!("data-view=\"client_replied\" aria-current=\"page\">Respondió el cliente <span class=\"count\">{}</span>", listed.len());
        assert!(views.contains(&count), "the view's count is its length: {}", &views[..views.find("</ul>").unwrap()]);
        // An agent's reply acts on it: the mark goes, the ticket stays resolved.
        let (_, tpage) = get(&app, &cookie, &format!("/console/tickets/{id}")).await;
        assert!(tpage.contains("id=\"client-replied\""));
        let token = csrf(&tpage);
        let s = post(&app, &cookie, &format!("/console/tickets/{id}/messages"), &[("_csrf", &token), ("body", "Lo revisamos"), ("status", "")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = get(&app, &cookie, "/console").await;
        assert!(!rows(&page).iter().any(|(x, _)| x == n));
        assert_eq!(api_ticket(&app, &seed.token, id).await["status"], "resolved");
    }

    async fn one_submit_replies_and_sets_the_status_and_agents_take_tickets(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        let (me, _) = app.staff("agent@provider.test", "agent").await;
        let (other, _) = app.staff("otra@provider.test", "agent").await;
        let (id, _) = ticket(&app, &client, "high", "El campus no carga").await;
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let path = format!("/console/tickets/{id}");
        let (_, page) = get(&app, &cookie, &path).await;
        let token = csrf(&page);
        for id in ["id=\"send-reply\"", "id=\"send-wait\"", "id=\"send-resolve\"", "name=\"files\" multiple", "id=\"take\""] {
            assert!(page.contains(id), "{id}");
        }
        // Nothing to send: the page again, in Spanish, and nothing changed.
        let FormReply { status, body, .. } = post(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &token), ("body", " "), ("status", "waiting_on_client")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Mensaje: es obligatorio"), "{body}");
        assert_eq!(api_ticket(&app, &client, id).await["status"], "new");
        let FormReply { status, .. } = post(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &token), ("body", "x"), ("status", "nope")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        // "Enviar y esperar al cliente": message, status and (first public reply) assignee at once.
        let s = post(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &token), ("body", "¿Qué error ven?"), ("status", "waiting_on_client")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let v = api_ticket(&app, &client, id).await;
        assert_eq!((v["status"].as_str(), v["assignee_id"].as_i64()), (Some("waiting_on_client"), Some(me)));
        let (_, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &client).await;
        assert!(msgs.to_string().contains("¿Qué error ven?"));
        let (_, page) = get(&app, &cookie, &path).await;
        assert!(!page.contains("id=\"take\""), "already mine");
        assert!(page.contains("data-stopped=\"paused\""), "waiting stops the clock, badged");

        // Another agent takes it with one button.
        let cookie2 = sign_in(&app, "otra@provider.test", "agent-password-1").await;
        let (_, page) = get(&app, &cookie2, &path).await;
        let s = post(&app, &cookie2, &format!("{path}/take"), &[("_csrf", &csrf(&page))]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(api_ticket(&app, &client, id).await["assignee_id"].as_i64(), Some(other));
        let s = post(&app, &cookie2, &format!("{path}/take"), &[]).await.status;
        assert_eq!(s, StatusCode::FORBIDDEN, "CSRF still applies");

        // An internal note with "Enviar y resolver": resolved, the client never sees the note.
        let s = post(&app, &cookie, &format!("{path}/messages"), &[("_csrf", &token), ("body", "Era el disco"), ("internal", "on"), ("status", "resolved")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(api_ticket(&app, &client, id).await["status"], "resolved");
        let (_, msgs) = app.get(&format!("/api/v1/tickets/{id}/messages"), &client).await;
        assert!(!msgs.to_string().contains("Era el disco"));
        // The thread tells the sides apart.
        let (_, page) = get(&app, &cookie, &path).await;
        assert!(page.contains("class=\"from-client\"") && page.contains("class=\"from-staff\"") && page.contains("class=\"from-staff internal\""), "{page}");
        assert!(page.contains(">Cliente</span>") && page.contains(">Soporte</span>") && page.contains(">Nota interna</span>"));
    }

    async fn an_agent_opens_a_ticket_for_a_client_admin(app) {
        let (cid, campus, client) = app.client_with_admin("Norte").await;
        let (other_cid, _, _) = app.client_with_admin("Sur").await;
        let (agent_id, _) = app.staff("agent@provider.test", "agent").await;
        let admin_id = app.service.user_id_by_email("admin@norte.test").await.expect("admin");
        let sur_admin = app.service.user_id_by_email("admin@sur.test").await.expect("admin");
        let cookie = sign_in(&app, "agent@provider.test", "agent-password-1").await;
        let (s, page) = get(&app, &cookie, "/console").await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("href=\"/console/new\""));
        let (_, page) = get(&app, &cookie, "/console/new").await;
        assert!(page.contains("id=\"pick-client\"") && !page.contains("id=\"new-ticket\""));
        let (_, page) = get(&app, &cookie, &format!("/console/new?client_id={cid}")).await;
        assert!(page.contains(&format!("value=\"{admin_id}\"")) && page.contains("Admin Norte"));
        assert!(!page.contains(&format!("value=\"{sur_admin}\"")), "only that client's admins");
        assert!(page.contains(&format!("value=\"{campus}\"")) && page.contains("norte.campus.invalid"));
        let token = csrf(&page);
        let form = |requester: String, subject: &'static str| {
            vec![("_csrf", token.clone()), ("client_id", cid.to_string()), ("requester_id", requester), ("campus_id", campus.to_string()),
                 ("category", "technical".into()), ("priority", "high".into()), ("subject", subject.into()), ("body", "Llamó por teléfono: no cargan los cursos".into())]
        };
        let send = |f: Vec<(&'static str, String)>| {
            let cookie = cookie.clone();
            let app = &app;
            async move {
                let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                post(app, &cookie, "/console/new", &pairs).await
            }
        };
        // Missing subject and requester: the form again, in Spanish, with what was typed.
        let FormReply { status, body, .. } = send(form(String::new(), "")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Solicitante: es obligatorio"), "{body}");
        assert!(body.contains("id=\"new-ticket\"") && body.contains("Llamó por teléfono"), "input kept");
        let FormReply { status, body, .. } = send(form(admin_id.to_string(), "")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Asunto: es obligatorio"), "{body}");
        // Another client's admin is refused.
        let FormReply { status, body, .. } = send(form(sur_admin.to_string(), "No cargan los cursos")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Solicitante:"), "{body}");
        let _ = other_cid;
        // The ticket, in the admin's name, opened by the agent.
        let FormReply { status, location, .. } = send(form(admin_id.to_string(), "No cargan los cursos")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id: i64 = location.expect("location").rsplit('/').next().unwrap().parse().unwrap();
        let v = api_ticket(&app, &client, id).await;
        assert_eq!((v["requester_id"].as_i64(), v["client_id"].as_i64(), v["campus_id"].as_i64()), (Some(admin_id), Some(cid), Some(campus)));
        assert_eq!(v["priority"], "high");
        let (_, events) = app.get(&format!("/api/v1/tickets/{id}/events"), &client).await;
        let created = events.as_array().unwrap().iter().find(|e| e["kind"] == "created").expect("created");
        assert_eq!((created["actor_id"].as_i64(), created["data"]["on_behalf_of"].as_i64()), (Some(agent_id), Some(admin_id)));
    }

    async fn saved_replies_are_personal_or_shared_editable_and_checked(app) {
        let (_, _, client) = app.client_with_admin("Norte").await;
        app.staff("ana@provider.test", "agent").await;
        app.staff("beto@provider.test", "agent").await;
        let (id, number) = ticket(&app, &client, "high", "Lento").await;
        let ana = sign_in(&app, "ana@provider.test", "agent-password-1").await;
        let beto = sign_in(&app, "beto@provider.test", "agent-password-1").await;
        let admin = sign_in(&app, "root@atiende.test", "root-password-123").await;
        let (_, page) = get(&app, &ana, "/console/canned").await;
        let token = csrf(&page);
        // An unknown placeholder is refused, naming it and listing the valid ones, in Spanish.
        let FormReply { status, body, .. } = post(&app, &ana, "/console/canned", &[("_csrf", &token), ("title", "Saludo"), ("body", "Hola {nmbre}"), ("shared", "on")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Marcadores desconocidos: {nmbre}") && body.contains("Válidos: {nombre}, {cliente}, {ticket}, {asunto}, {agente}"), "{body}");
        assert!(body.contains("Hola {nmbre}"), "what was typed comes back");
        for (title, text, shared) in [("Saludo", "Hola {nombre} de {cliente}: {ticket}", true), ("Mía", "Firma de Ana", false)] {
            let mut f = vec![("_csrf", token.as_str()), ("title", title), ("body", text)];
            if shared { f.push(("shared", "on")); }
            assert_eq!(post(&app, &ana, "/console/canned", &f).await.status, StatusCode::SEE_OTHER);
        }
        let (_, page) = get(&app, &ana, "/console/canned").await;
        let id_of = |page: &str, title: &str| -> i64 {
            let at = page.find(&format!("<h3>{title} ")).unwrap();
            let li = &page[..at];
            li[li.rfind("data-canned=\"").unwrap() + 13..].split('"').next().unwrap().parse().unwrap()
        };
        let (shared, mine) = (id_of(&page, "Saludo"), id_of(&page, "Mía"));
        // The ticket page fills {nombre} with the requester's first name.
        let (_, tpage) = get(&app, &ana, &format!("/console/tickets/{id}")).await;
        assert!(tpage.contains(&format!("data-body=\"Hola Admin de Norte: {number}\"")), "{tpage}");
        // Beto sees the shared one (not editable) and not Ana's personal one.
        let (_, page) = get(&app, &beto, "/console/canned").await;
        assert!(page.contains("Saludo") && !page.contains("Firma de Ana"));
        assert!(!page.contains(&format!("href=\"/console/canned/{shared}\"")), "no edit link for another's reply");
        let (_, tpage) = get(&app, &beto, &format!("/console/tickets/{id}")).await;
        assert!(!tpage.contains("Firma de Ana"));
        let btoken = csrf(&page);
        let (s, _) = get(&app, &beto, &format!("/console/canned/{mine}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let s = post(&app, &beto, &format!("/console/canned/{shared}"), &[("_csrf", &btoken), ("title", "X"), ("body", "Y"), ("shared", "on")]).await.status;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let s = post(&app, &beto, &format!("/console/canned/{mine}/delete"), &[("_csrf", &btoken)]).await.status;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Ana edits hers (an unknown placeholder is refused there too), an admin edits the shared one.
        let (s, page) = get(&app, &ana, &format!("/console/canned/{mine}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("id=\"edit-canned\"") && page.contains("Firma de Ana"));
        let FormReply { status, .. } = post(&app, &ana, &format!("/console/canned/{mine}"), &[("_csrf", &token), ("title", "Mía"), ("body", "{firma}")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let s = post(&app, &ana, &format!("/console/canned/{mine}"), &[("_csrf", &token), ("title", "Mi firma"), ("body", "Saludos, {agente}")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = get(&app, &admin, "/console/canned").await;
        assert!(!page.contains("Mi firma"), "personal even for admins");
        let s = post(&app, &admin, &format!("/console/canned/{shared}"), &[("_csrf", &csrf(&page)), ("title", "Saludo corto"), ("body", "Hola {nombre}"), ("shared", "on")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = get(&app, &beto, "/console/canned").await;
        assert!(page.contains("Saludo corto"));
        // In English, the refusal is English.
        let s = post(&app, &ana, "/lang", &[("_csrf", &token), ("locale", "en"), ("back", "/console/canned")]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let FormReply { body, .. } = post(&app, &ana, "/console/canned", &[("_csrf", &token), ("title", "T"), ("body", "{x}")]).await;
        assert!(body.contains("Unknown placeholders: {x}") && body.contains("Valid: {nombre}"), "{body}");
        assert!(!body.contains("Marcadores desconocidos"));
        // Deleting: gone for everyone.
        let s = post(&app, &ana, &format!("/console/canned/{mine}/delete"), &[("_csrf", &token)]).await.status;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _) = get(&app, &ana, &format!("/console/canned/{mine}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }

    async fn dashboard_shows_pending_confirmation_assignees_and_links(app) {
        let (cid, _, client) = app.client_with_admin("Norte").await;
        let (agent_id, agent) = app.staff("agent@provider.test", "agent").await;
        app.staff("boss@provider.test", "supervisor").await;
        let (a, a_number) = ticket(&app, &client, "urgent", "Caído").await;
        let (b, b_number) = ticket(&app, &client, "high", "Lento").await;
        app.patch(&format!("/api/v1/tickets/{b}"), &agent, json!({"assignee_id": agent_id})).await;
        app.at(1800);
        // A is resolved within its 4 h: met, but the client has not confirmed yet.
        let (s, _) = app.patch(&format!("/api/v1/tickets/{a}"), &agent, json!({"status": "resolved"})).await;
        assert_eq!(s, StatusCode::OK);
        // B (12 h; assigning it opened it) is at risk at 10 h.
        app.at(10 * 3600);
        let boss = sign_in(&app, "boss@provider.test", "agent-password-1").await;
        let (s, page) = get(&app, &boss, "/dashboard").await;
        assert_eq!(s, StatusCode::OK);
        let cell = |table: &str, key: &str| {
            let t = &page[page.find(&format!("id=\"{table}\"")).unwrap()..];
            let r = &t[t.find(key).unwrap_or_else(|| panic!("{key} in {table}"))..];
            r[..r.find("</tr>").unwrap()].to_string()
        };
        let urgent = cell("compliance-priority", "data-priority=\"urgent\"");
        assert!(urgent.contains("<td>0</td><td>0</td><td class=\"pct\">—</td>"), "not an outcome yet: {urgent}");
        assert!(urgent.contains("sla_state=met&amp;priority=urgent\">1</a>"), "met, pending confirmation: {urgent}");
        let norte = cell("compliance-client", "Norte");
        assert!(norte.contains(&format!("client_id={cid}\">1</a>")), "{norte}");
        // The pending number links to a queue that lists exactly that ticket.
        let at = urgent.find("href=\"").unwrap() + 6;
        let link = urgent[at..].split('"').next().unwrap().replace("&amp;", "&");
        let (s, q) = get(&app, &boss, &link).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(rows(&q).iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), [a_number]);
        // At risk: B, with its assignee; the heading links to the queue's view.
        let risk = &page[page.find("id=\"at-risk\"").unwrap()..];
        let risk = &risk[..risk.find("</ul>").unwrap()];
        assert!(risk.contains(&b_number) && risk.contains("Asignado a: agent@provider.test"), "{risk}");
        assert!(page.contains("href=\"/console?view=at_risk\""));
        // Open matrix and workload numbers link to the filtered queue.
        let high = cell("open-matrix", "data-priority=\"high\"");
        assert!(high.contains("href=\"/console?view=all&amp;status=open&amp;priority=high\">1</a>"), "{high}");
        let load = cell("workload", &format!("data-user=\"{agent_id}\""));
        assert!(load.contains(&format!("href=\"/console?view=all&amp;assignee={agent_id}\">1</a>")), "{load}");
        let (_, q) = get(&app, &boss, &format!("/console?view=at_risk&assignee={agent_id}")).await;
        assert_eq!(rows(&q).iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), [b_number]);
        // The admin (no tickets) and the supervisor (none assigned) are not workload.
        let work = &page[page.find("id=\"workload\"").unwrap()..];
        let work = &work[..work.find("</table>").unwrap()];
        assert_eq!(work.matches("data-user=").count(), 1, "{work}");
    }
}
