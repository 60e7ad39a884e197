//! What the monitor writes on tickets, in Spanish (the provider's and its clients' language;
//! the ticket is read by the client admin in the portal), with times in the client's zone.

use jiff::{SignedDuration, Timestamp, tz::TimeZone};

/// `02/11/2026 07:00` in `tz`.
pub fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%d/%m/%Y %H:%M")
        .to_string()
}

/// `2 d 3 h`, `1 h 25 min`, `12 min`, `40 s`.
pub fn duration(d: SignedDuration) -> String {
    let s = d.as_secs().max(0);
    let (days, hours, mins) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (days, hours, mins) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// The campus as people name it, for subjects ("Interrupción del servicio:
/// campus.example.edu"): the URL's host, with its port when not the scheme's, and its path
/// when the campus lives below one (several Moodle sites on one host: `example.edu/posgrado`).
pub fn host(url: &str) -> String {
    let Ok(u) = url::Url::parse(url) else {
        return url.to_string();
    };
    let Some(h) = u.host_str() else {
        return url.to_string();
    };
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!("{h}{port}{}", u.path().trim_end_matches('/'))
}

pub struct Facts<'a> {
    pub url: &'a str,
    pub tz: &'a TimeZone,
    pub zone_name: &'a str,
    pub started: Timestamp,
    pub count: i64,
    pub last_error: Option<&'a str>,
    pub threshold_ms: i32,
    pub sustain_minutes: i32,
}

impl Facts<'_> {
    fn since(&self) -> String {
        format!("{} ({})", local(self.started, self.tz), self.zone_name)
    }

    fn error(&self) -> String {
        self.last_error.unwrap_or("sin detalle").to_string()
    }
}

pub fn outage_subject(url: &str) -> String {
    format!("Interrupción del servicio: {}", host(url))
}

pub fn degraded_subject(url: &str) -> String {
    format!("Rendimiento degradado: {}", host(url))
}

pub fn outage_opened(f: &Facts<'_>) -> String {
    format!(
        "El monitoreo de Atiende detectó que el campus {} no responde desde el {}.\n\n\
         Fallaron {} comprobaciones seguidas. Último error: {}.\n\n\
         Este ticket se abrió automáticamente: lo actualizaremos cuando el servicio se restablezca.",
        f.url,
        f.since(),
        f.count,
        f.error()
    )
}

pub fn outage_again(f: &Facts<'_>) -> String {
    format!(
        "El campus {} volvió a dejar de responder el {} ({} comprobaciones fallidas seguidas; \
         último error: {}). Seguimos el problema en este mismo ticket.",
        f.url,
        f.since(),
        f.count,
        f.error()
    )
}

pub fn outage_running(f: &Facts<'_>) -> String {
    format!(
        "El campus sigue sin responder: {} comprobaciones fallidas seguidas desde el {}. \
         Último error: {}.",
        f.count,
        f.since(),
        f.error()
    )
}

pub fn outage_recovered(f: &Facts<'_>, ended: Timestamp) -> String {
    format!(
        "El servicio se restableció. La interrupción duró {}: desde el {} hasta el {} ({}).\n\n\
         Si nota que el problema continúa, puede reabrir este ticket.",
        duration(ended.duration_since(f.started)),
        local(f.started, f.tz),
        local(ended, f.tz),
        f.zone_name
    )
}

pub fn degraded_opened(f: &Facts<'_>) -> String {
    format!(
        "El monitoreo de Atiende detectó que el campus {} responde con lentitud desde el {}: \
         todas las comprobaciones de los últimos {} minutos tardaron más de {} ms ({} seguidas).\n\n\
         Este ticket se abrió automáticamente: lo actualizaremos cuando el rendimiento se normalice.",
        f.url,
        f.since(),
        f.sustain_minutes,
        f.threshold_ms,
        f.count
    )
}

pub fn degraded_again(f: &Facts<'_>) -> String {
    format!(
        "El campus {} vuelve a responder con lentitud desde el {} (más de {} ms durante {} minutos). \
         Seguimos el problema en este mismo ticket.",
        f.url,
        f.since(),
        f.threshold_ms,
        f.sustain_minutes
    )
}

pub fn degraded_running(f: &Facts<'_>) -> String {
    format!(
        "El campus sigue respondiendo con lentitud: {} comprobaciones lentas seguidas desde el {}.",
        f.count,
        f.since()
    )
}

pub fn degraded_recovered(f: &Facts<'_>, ended: Timestamp) -> String {
    format!(
        "El rendimiento se normalizó: las respuestas de los últimos {} minutos tardaron {} ms o \
         menos. La degradación duró {}: desde el {} hasta el {} ({}).\n\n\
         Si nota que el problema continúa, puede reabrir este ticket.",
        f.sustain_minutes,
        f.threshold_ms,
        duration(ended.duration_since(f.started)),
        local(f.started, f.tz),
        local(ended, f.tz),
        f.zone_name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(SignedDuration::from_secs(40)), "40 s");
        assert_eq!(duration(SignedDuration::from_mins(12)), "12 min");
        assert_eq!(duration(SignedDuration::from_mins(85)), "1 h 25 min");
        assert_eq!(duration(SignedDuration::from_hours(51)), "2 d 3 h");
        assert_eq!(host("https://campus.example.edu/"), "campus.example.edu");
        assert_eq!(host("https://campus.example.edu"), "campus.example.edu");
        assert_eq!(
            host("https://example.edu:8443/posgrado/"),
            "example.edu:8443/posgrado"
        );
    }
}
