//! The demo's administration hours (issue 19): a client whose ticket is administration work
//! gets a 10-hour package for this month, and the work on that ticket is logged so the portal
//! and the ticket show the bank past its 80 % warning (8 h 30 min used: two entries visible
//! to the client, one internal).

use domain::ticket::ScopeKind;
use service::{
    Actor, Service,
    hours::{AddonInput, TimeEntryInput},
};

use super::{data::DemoTicket, e, staff::Staff};

pub(super) async fn seed(
    service: &Service,
    admin: &Actor,
    staff: &Staff,
    clients: &[super::clients::Seeded],
    written: &[(i64, &DemoTicket)],
) -> anyhow::Result<()> {
    let mut done: Vec<i64> = Vec::new();
    for (n, (id, spec)) in written.iter().enumerate() {
        if spec.scope.map(|s| s.0) != Some(ScopeKind::AdminHours) {
            continue;
        }
        let Some(client) = clients[spec.client].admin.client_id else {
            continue;
        };
        if done.contains(&client) {
            continue;
        }
        done.push(client);
        let month = service
            .hours_balance(admin, client, None)
            .await
            .map_err(e("hours"))?
            .month;
        service
            .create_addon(
                admin,
                client,
                &AddonInput {
                    month,
                    hours: 10.0,
                    note: Some("Paquete de 10 horas de administración".into()),
                },
            )
            .await
            .map_err(e("hours add-on"))?;
        let agent = staff.pick(spec.assignee, n);
        for (minutes, visible, note) in [
            (180, true, "Carga de los 300 usuarios desde la planilla"),
            (150, true, "Matriculación en los cursos de ingreso"),
            (
                180,
                false,
                "Revisión de duplicados y correos inválidos de la planilla",
            ),
        ] {
            service
                .log_time(
                    agent,
                    *id,
                    &TimeEntryInput {
                        minutes,
                        visible_to_client: Some(visible),
                        note: Some(note.into()),
                        ..TimeEntryInput::default()
                    },
                )
                .await
                .map_err(e("time entry"))?;
        }
    }
    Ok(())
}
