//! Saved replies the demo's team starts with: the everyday answers of a campus help desk,
//! in Spanish, using the placeholders agents rely on ({nombre} is the requester's first name).

use service::{Actor, Service};

use super::e;

/// `(title, body, shared)`; the personal one belongs to the first agent.
const REPLIES: [(&str, &str, bool); 5] = [
    (
        "Acuse de recibo",
        "Hola {nombre}:\n\nRecibimos su consulta «{asunto}» y ya la estamos revisando. Le escribiremos por este mismo ticket ({ticket}) apenas tengamos novedades.\n\nSaludos,\n{agente}",
        true,
    ),
    (
        "Pedir captura y pasos",
        "Hola {nombre}:\n\nPara reproducir el problema, ¿podría enviarnos una captura de pantalla del error, la dirección (URL) de la página y los pasos que siguió? Si afecta a un estudiante o docente en particular, indíquenos su usuario.\n\nGracias,\n{agente}",
        true,
    ),
    (
        "Resuelto: pedir confirmación",
        "Hola {nombre}:\n\nAplicamos la solución en el campus de {cliente}. ¿Puede confirmarnos que ya funciona? Si en 7 días no recibimos respuesta, el ticket se cerrará solo; puede reabrirlo respondiendo aquí.\n\nSaludos,\n{agente}",
        true,
    ),
    (
        "Fuera del alcance del contrato",
        "Hola {nombre}:\n\nLo que solicita en {ticket} no está incluido en el plan contratado por {cliente} (desarrollo a medida o cambios al núcleo de la plataforma). Con gusto le enviamos un presupuesto si desea avanzar.\n\nSaludos,\n{agente}",
        true,
    ),
    (
        "Mi firma (personal)",
        "Quedo atento a su respuesta.\n\n{agente}\nMesa de ayuda",
        false,
    ),
];

pub(super) async fn seed(tt: &Service, supervisor: &Actor, agent: &Actor) -> anyhow::Result<()> {
    for (title, body, shared) in REPLIES {
        let owner = if shared { supervisor } else { agent };
        tt.create_canned(owner, title, body, shared)
            .await
            .map_err(e(title))?;
    }
    Ok(())
}
