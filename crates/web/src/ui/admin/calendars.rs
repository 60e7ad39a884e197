//! Business calendars: one text input per weekday (`09:00-13:00, 14:00-18:00` — a lunch break
//! is two windows) and a textarea of holidays, one per line (see `holidays`). The text is turned into the
//! `CalendarSpec` here with Spanish/English messages for typing mistakes; the domain validates
//! the result again (time zone, holidays, the invariants of `BusinessCalendar`).

use axum::{
    Router,
    extract::{Path, State},
    routing::{get, post},
};
use domain::calendar::{CalendarSpec, DAY_KEYS};
use serde::Deserialize;
use service::{
    Service,
    admin::{
        deletes::Deletable,
        policies::{CalendarInput, CalendarView},
    },
};

use super::{
    Errs, admin_only, delete_route,
    plans::{Forms, Kind, LIST, after_save, render_edit},
    screen::{OrPage, Page, attempt},
};
use crate::ui::{
    i18n::Tr,
    session::{CsrfForm, Session},
};

pub fn routes() -> Router<Service> {
    Router::new()
        .route("/admin/calendars", post(save))
        .route("/admin/calendars/{id}", get(edit).post(save))
        .route(
            "/admin/calendars/{id}/delete",
            delete_route(Deletable::Calendar, LIST),
        )
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct CalendarForm {
    pub name: String,
    pub time_zone: String,
    pub mon: String,
    pub tue: String,
    pub wed: String,
    pub thu: String,
    pub fri: String,
    pub sat: String,
    pub sun: String,
    pub holidays: String,
}

impl Default for CalendarForm {
    fn default() -> Self {
        let office = "09:00-13:00, 14:00-18:00".to_string();
        CalendarForm {
            name: String::new(),
            time_zone: "America/Argentina/Buenos_Aires".into(),
            mon: office.clone(),
            tue: office.clone(),
            wed: office.clone(),
            thu: office.clone(),
            fri: office,
            sat: String::new(),
            sun: String::new(),
            holidays: String::new(),
        }
    }
}

impl CalendarForm {
    /// `(day key, text)` Monday first, for the template's loop.
    pub fn days(&self) -> [(&'static str, &str); 7] {
        [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ]
    }

    fn from_view(c: CalendarView) -> CalendarForm {
        let day = |k: &str| {
            c.spec
                .weekly
                .get(k)
                .map(|ws| {
                    ws.iter()
                        .map(|[a, b]| format!("{a}-{b}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        CalendarForm {
            mon: day("mon"),
            tue: day("tue"),
            wed: day("wed"),
            thu: day("thu"),
            fri: day("fri"),
            sat: day("sat"),
            sun: day("sun"),
            holidays: super::holidays::lines(&c.spec.holidays),
            time_zone: c.spec.time_zone,
            name: c.name,
        }
    }

    fn input(&self, t: &Tr, errs: &mut Errs) -> CalendarInput {
        let mut weekly = std::collections::BTreeMap::new();
        for (key, text) in self.days() {
            let windows = day_windows(t, errs, &format!("spec.weekly.{key}"), text);
            if !windows.is_empty() {
                weekly.insert(key.to_string(), windows);
            }
        }
        // Checked here too, so one submission reports every mistake, not only the first kind.
        let time_zone = self.time_zone.trim().to_string();
        if jiff::tz::TimeZone::get(&time_zone).is_err() {
            errs.push(
                "spec.time_zone",
                t.t1("admin-err-time-zone", "zone", &time_zone),
            );
        }
        let holidays = super::holidays::parse(t, errs, &self.holidays);
        CalendarInput {
            name: self.name.clone(),
            spec: CalendarSpec {
                time_zone,
                weekly,
                holidays,
            },
        }
    }
}

/// `H:MM` → minutes since midnight (24:00 allowed as an end).
fn minutes(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// One weekday's text → windows; typing mistakes become localized errors on `field`.
fn day_windows(t: &Tr, errs: &mut Errs, field: &str, text: &str) -> Vec<[String; 2]> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for piece in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let Some((a, b)) = piece.split_once(['-', '–']) else {
            errs.push(field, t.t1("admin-err-window-format", "window", piece));
            continue;
        };
        let (a, b) = (a.trim(), b.trim());
        match (minutes(a), minutes(b)) {
            (Some(s), Some(e)) if s < e && s < 24 * 60 => spans.push((s, e, piece)),
            (Some(_), Some(_)) => errs.push(field, t.t1("admin-err-window-order", "window", piece)),
            _ => errs.push(field, t.t1("admin-err-window-format", "window", piece)),
        }
        out.push([a.to_string(), b.to_string()]);
    }
    spans.sort();
    for w in spans.windows(2) {
        if w[1].0 < w[0].1 {
            errs.push(field, t.t1("admin-err-window-overlap", "window", w[1].2));
        }
    }
    out
}

/// A calendar's week for the list: `[("Lunes", "09:00–13:00, 14:00–18:00"), …]`, open days only.
pub fn week_text(t: &Tr, c: &CalendarView) -> Vec<(String, String)> {
    DAY_KEYS
        .iter()
        .filter_map(|k| {
            let ws = c.spec.weekly.get(*k).filter(|w| !w.is_empty())?;
            let text = ws
                .iter()
                .map(|[a, b]| format!("{a}–{b}"))
                .collect::<Vec<_>>()
                .join(", ");
            Some((t.t(&format!("admin-day-{k}")), text))
        })
        .collect()
}

/// Creates (no id in the path) or updates a calendar.
async fn save(
    State(svc): State<Service>,
    id: Option<Path<i64>>,
    f: CsrfForm<CalendarForm>,
) -> Page {
    let id = id.map(|Path(id)| id);
    let s = &f.session;
    let t = admin_only(s)?;
    let mut errs = Errs::default();
    let input = f.form.input(&t, &mut errs);
    let outcome = attempt(&t, errs, svc.save_calendar(&s.0.actor, id, &input)).await?;
    let editing = id.map(|id| (Kind::Calendar, id));
    after_save(&svc, s, &t, editing, outcome, |forms, errs| {
        forms.cal = f.form;
        forms.cal_errs = errs;
    })
    .await
}

async fn edit(State(svc): State<Service>, s: Session, Path(id): Path<i64>) -> Page {
    let t = admin_only(&s)?;
    let v = svc.get_calendar(&s.0.actor, id).await.or_page(&t)?;
    let mut forms = Forms::editing(Kind::Calendar, id);
    forms.cal = CalendarForm::from_view(v);
    render_edit(&svc, &s, &t, Kind::Calendar, forms).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::user::Locale;

    #[test]
    fn lunch_breaks_parse_and_overlaps_are_named() {
        let t = Tr::new(Locale::En, "UTC");
        let mut e = Errs::default();
        let w = day_windows(&t, &mut e, "spec.weekly.mon", "09:00-13:00, 14:00 - 18:00");
        assert!(!e.any());
        assert_eq!(
            w,
            [
                ["09:00".to_string(), "13:00".into()],
                ["14:00".into(), "18:00".into()]
            ]
        );
        day_windows(&t, &mut e, "spec.weekly.tue", "09:00-13:00, 12:00-14:00");
        assert!(
            e.of("spec.weekly.tue")
                .is_some_and(|m| m.contains("12:00-14:00"))
        );
        day_windows(&t, &mut e, "spec.weekly.wed", "9-13");
        assert!(e.of("spec.weekly.wed").is_some());
        assert!(day_windows(&t, &mut Errs::default(), "x", "  ").is_empty());
    }
}
