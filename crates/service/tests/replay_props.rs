//! Property: replaying any ticket's events at a fixed *now* equals its stored projection.
//! Random operation sequences run through the real service on a real SQLite file.

use std::sync::Arc;

use domain::{
    Priority,
    ticket::{Category, Status},
    user::{Locale, Role},
};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use service::{
    Actor, ManualClock, Service,
    admin::{clients::ClientInput, users::UserInput},
    tickets::{NewMessage, NewTicket, Reply, Spooled, StagedFile, TicketPatch},
};

#[derive(Debug, Clone)]
enum Op {
    Wait(i64),
    Status(Status),
    Priority(Priority),
    ClientReply,
    /// A client's reply with only a file (resumes a waiting ticket like text does).
    ClientFile,
    /// A client's reply asking to reopen a resolved ticket.
    ClientReopen,
    /// An agent's reply that also sets the status (one submit).
    AgentReplyWith(Status),
    Watch,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1i64..20 * 3600).prop_map(Op::Wait),
        prop::sample::select(vec![
            Status::Open,
            Status::WaitingOnClient,
            Status::Resolved
        ])
        .prop_map(Op::Status),
        prop::sample::select(Priority::ALL.to_vec()).prop_map(Op::Priority),
        Just(Op::ClientReply),
        Just(Op::ClientFile),
        Just(Op::ClientReopen),
        prop::sample::select(vec![
            Status::WaitingOnClient,
            Status::Resolved,
            Status::Open
        ])
        .prop_map(Op::AgentReplyWith),
        Just(Op::Watch),
    ]
}

async fn run(ops: Vec<Op>, start: Priority) {
    let dir = tempfile::tempdir().unwrap();
    let url = store::DbUrl::SqliteFile(dir.path().join("t.db"));
    let db = store::Db::open(&url, 1).await.unwrap();
    let t0: Timestamp = "2026-11-06T15:00:00Z".parse().unwrap();
    let clock = Arc::new(ManualClock::new(t0));
    let svc = Service::new(db, clock.clone());
    let root = Actor {
        user_id: 0,
        role: Role::Admin,
        client_id: None,
        name: "root".into(),
    };
    let client = svc
        .create_client(
            &root,
            &ClientInput {
                name: "C".into(),
                tax_id: "1".into(),
                contact_emails: vec![],
                time_zone: "Europe/Madrid".into(),
            },
        )
        .await
        .unwrap();
    let user = |email: &str, role, client_id| UserInput {
        email: email.into(),
        name: email.into(),
        role,
        client_id,
        locale: Locale::Es,
        time_zone: "Europe/Madrid".into(),
        password: Some("password-123".into()),
    };
    let agent_u = svc
        .create_user(None, &user("a@x.test", Role::Agent, None))
        .await
        .unwrap();
    let client_u = svc
        .create_user(None, &user("c@x.test", Role::ClientAdmin, Some(client.id)))
        .await
        .unwrap();
    let agent = Actor {
        user_id: agent_u.id,
        role: Role::Agent,
        client_id: None,
        name: "a".into(),
    };
    let cadmin = Actor {
        user_id: client_u.id,
        role: Role::ClientAdmin,
        client_id: Some(client.id),
        name: "c".into(),
    };
    let t = svc
        .create_ticket(
            &cadmin,
            &NewTicket {
                client_id: None,
                campus_id: None,
                category: Category::Technical,
                priority: start,
                subject: "s".into(),
                body: "b".into(),
                tags: vec![],
                linked_ticket_id: None,
                requester_id: None,
            },
        )
        .await
        .unwrap();
    for op in ops {
        match op {
            Op::Wait(s) => clock.advance(SignedDuration::from_secs(s)),
            Op::Status(st) => {
                let _ = svc
                    .update_ticket(
                        &agent,
                        t.id,
                        &TicketPatch {
                            status: Some(st),
                            ..Default::default()
                        },
                    )
                    .await;
            }
            Op::Priority(p) => {
                let patch = TicketPatch {
                    priority: Some(p),
                    priority_reason: Some("re-triage".into()),
                    ..Default::default()
                };
                let _ = svc.update_ticket(&agent, t.id, &patch).await;
            }
            Op::ClientReply => {
                let _ = svc
                    .add_message(
                        &cadmin,
                        t.id,
                        &NewMessage {
                            body: "hola".into(),
                            internal: false,
                            reopen: false,
                            status: None,
                        },
                    )
                    .await;
            }
            Op::ClientFile => {
                let body = Spooled::from_bytes(&std::env::temp_dir(), &[1, 2, 3]).unwrap();
                let f = StagedFile::new("captura.png", "image/png", body).unwrap();
                let _ = svc.add_attachment(&cadmin, t.id, f).await;
            }
            Op::ClientReopen => {
                let r = Reply {
                    body: "sigue fallando".into(),
                    reopen: true,
                    ..Reply::default()
                };
                let _ = svc.reply(&cadmin, t.id, r).await;
            }
            Op::AgentReplyWith(st) => {
                let r = Reply {
                    body: "respuesta".into(),
                    status: Some(st),
                    ..Reply::default()
                };
                let _ = svc.reply(&agent, t.id, r).await;
            }
            Op::Watch => {
                svc.sla_watch_step().await.unwrap();
            }
        }
    }
    // The watcher brings the stored projection up to *now*; a replay at *now* must agree.
    svc.sla_watch_step().await.unwrap();
    let now = svc.now();
    let _ = svc
        .update_ticket(
            &agent,
            t.id,
            &TicketPatch {
                tags: Some(vec!["x".into()]),
                ..Default::default()
            },
        )
        .await;
    let (stored, replayed) = svc.replay_projection(t.id, now).await.unwrap();
    assert_eq!(stored, replayed);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn replay_equals_stored_projection(ops in prop::collection::vec(op(), 0..14), start in prop::sample::select(Priority::ALL.to_vec())) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(run(ops, start));
    }
}
