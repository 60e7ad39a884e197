//! Knowledge-base phases (`--kb N`): the articles to search are written first (a generated
//! database has none), then `N` searches (`GET /api/v1/kb/articles?q=`) and `N` suggestions
//! (`GET /api/v1/kb/suggest?q=`) at the run's concurrency, cycling through typical queries.

use std::sync::Arc;

use serde_json::json;

use crate::{
    client::Api,
    runner::{self, Outcome},
    stats::Phase,
};

/// Articles written before measuring: enough that most queries match several.
pub(crate) const ARTICLES: usize = 200;

/// `(title, body)` themes; each article takes one, with its number, so many share words.
const THEMES: [(&str, &str); 8] = [
    (
        "Matricular alumnos en un curso",
        "Matriculación manual, por cohortes y auto-matriculación de estudiantes en Moodle.",
    ),
    (
        "Copia de seguridad de un curso",
        "Crear y restaurar copias de seguridad de cursos, archivos mbz y datos de usuarios.",
    ),
    (
        "Libro de calificaciones",
        "Configurar categorías, ponderaciones y exportar las notas de los alumnos.",
    ),
    (
        "Importar usuarios con CSV",
        "Subir usuarios en bloque desde un archivo CSV en UTF-8 con cohortes y cursos.",
    ),
    (
        "Restablecer contraseñas",
        "Recuperar el acceso de un usuario, forzar el cambio de contraseña y revisar el correo.",
    ),
    (
        "Solicitar un plugin",
        "Pedir la instalación de un plugin: compatibilidad, mantenimiento y alcance del contrato.",
    ),
    (
        "Configurar un cuestionario",
        "Tiempo límite, intentos permitidos, revisión y excepciones de usuario.",
    ),
    (
        "Suscripciones a foros",
        "Modos de suscripción, resúmenes por correo y avisos del curso.",
    ),
];

const QUERIES: [&str; 10] = [
    "no puedo matricular alumnos",
    "matriculación",
    "copia de seguridad",
    "restaurar curso",
    "calificaciones exportar",
    "importar usuarios csv",
    "contraseña",
    "plugin",
    "cuestionario intentos",
    "foro correo",
];

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Writes and publishes [`ARTICLES`] articles (stamped, so runs do not collide).
pub(crate) async fn seed(api: &Arc<Api>, c: usize) -> Phase {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    runner::run(
        "kb write+publish",
        ARTICLES,
        c,
        api.clone(),
        move |api, i| async move {
            let (title, body) = THEMES[i % THEMES.len()];
            let article = json!({
                "slug": format!("loadgen-{stamp}-{i}"), "category": "courses", "visibility": "public",
                "tags": ["loadgen"],
                "versions": [{"lang": "es", "title": format!("{title} ({i})"), "body": format!("{body}\n\nVariante {i}.")}],
            });
            match api.send(reqwest::Method::POST, "/api/v1/kb/articles".into(), Some(article), 201).await {
                Outcome::Ok(Some(id)) => {
                    api.send(reqwest::Method::POST, format!("/api/v1/kb/articles/{id}/publish"), None, 200).await
                }
                Outcome::Ok(None) => Outcome::Err("the new article has no id".into()),
                e => e,
            }
        },
        None,
    )
    .await
}

async fn queries(
    api: &Arc<Api>,
    name: &'static str,
    path: &'static str,
    n: usize,
    c: usize,
) -> Phase {
    runner::run(
        name,
        n,
        c,
        api.clone(),
        move |api, i| async move {
            let q = encode(QUERIES[i % QUERIES.len()]);
            api.send(reqwest::Method::GET, format!("{path}?q={q}"), None, 200)
                .await
        },
        None,
    )
    .await
}

/// The search box: every word, else any.
pub(crate) async fn search(api: &Arc<Api>, n: usize, c: usize) -> Phase {
    queries(api, "kb search", "/api/v1/kb/articles", n, c).await
}

/// The portal's suggestions while a subject is typed.
pub(crate) async fn suggest(api: &Arc<Api>, n: usize, c: usize) -> Phase {
    queries(api, "kb suggest", "/api/v1/kb/suggest", n, c).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn queries_are_encoded() {
        assert_eq!(super::encode("no puedo ñ"), "no%20puedo%20%C3%B1");
    }
}
