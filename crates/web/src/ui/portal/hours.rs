//! A business calendar said the way a contract says it: "lun a vie 09:00–18:00 (hora de
//! Buenos Aires), excepto feriados". A client on a business-hours plan needs
//! this to read a due time: the clock stops outside these hours.

use domain::calendar::CalendarSpec;

use crate::ui::i18n::Tr;

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Consecutive days with the same windows are one range ("lun a vie"); days without windows
/// are left out.
pub(super) fn business_hours(t: &Tr, spec: &CalendarSpec) -> String {
    let windows = |d: &str| -> String {
        spec.weekly
            .get(d)
            .map(|w| {
                w.iter()
                    .map(|[a, b]| format!("{a}–{b}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < DAYS.len() {
        let w = windows(DAYS[i]);
        let mut j = i;
        while j + 1 < DAYS.len() && windows(DAYS[j + 1]) == w {
            j += 1;
        }
        if !w.is_empty() {
            let first = t.t(&format!("portal-day-{}", DAYS[i]));
            let days = match j - i {
                0 => first,
                1 => format!("{first}, {}", t.t(&format!("portal-day-{}", DAYS[j]))),
                _ => format!(
                    "{first} {} {}",
                    t.t("portal-day-to"),
                    t.t(&format!("portal-day-{}", DAYS[j]))
                ),
            };
            parts.push(format!("{days} {w}"));
        }
        i = j + 1;
    }
    // "America/Argentina/Buenos_Aires" → "Buenos Aires": the place a client recognises.
    let place = spec
        .time_zone
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace('_', " ");
    let mut out = format!(
        "{} ({})",
        parts.join("; "),
        t.t1("portal-hours-zone", "zone", place)
    );
    if !spec.holidays.is_empty() {
        out.push_str(&t.t("portal-hours-holidays"));
    }
    out
}

#[cfg(test)]
mod tests {
    use domain::user::Locale;

    use super::*;

    fn spec(holidays: bool) -> CalendarSpec {
        let day = vec![["09:00".to_string(), "18:00".to_string()]];
        let mut weekly = std::collections::BTreeMap::new();
        for d in ["mon", "tue", "wed", "thu", "fri"] {
            weekly.insert(d.to_string(), day.clone());
        }
        weekly.insert("sat".into(), vec![["09:00".into(), "13:00".into()]]);
        CalendarSpec {
            time_zone: "Europe/Madrid".into(),
            weekly,
            holidays: if holidays {
                vec!["2026-12-25".into()]
            } else {
                Vec::new()
            },
        }
    }

    #[test]
    fn weekdays_are_one_range() {
        let es = Tr::new(Locale::Es, "UTC");
        assert_eq!(
            business_hours(&es, &spec(true)),
            "lun a vie 09:00–18:00; sáb 09:00–13:00 (hora de Madrid), excepto feriados"
        );
        let en = Tr::new(Locale::En, "UTC");
        assert_eq!(
            business_hours(&en, &spec(false)),
            "Mon to Fri 09:00–18:00; Sat 09:00–13:00 (Madrid time)"
        );
    }
}
