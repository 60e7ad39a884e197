//! How pages say hours (issue 19): a month of the administration-hours bank ready to print,
//! civil dates and month names in the reader's language. Shared by the console's time block,
//! the portal's "Horas de administración" and the staff hours pages.

use std::collections::HashMap;

use domain::{hours::format_minutes, user::Locale};
use serde_json::Value;
use service::hours::HoursBalanceView;

use super::i18n::Tr;

/// A work date (`2026-11-30`) as the reader writes dates: `30/11/2026` / `2026-11-30`.
pub fn civil_date(t: &Tr, date: &str) -> String {
    match (t.locale, date.parse::<jiff::civil::Date>()) {
        (Locale::Es, Ok(d)) => d.strftime("%d/%m/%Y").to_string(),
        _ => date.to_string(),
    }
}

/// `2026-11` → "noviembre de 2026" / "November 2026".
pub fn month_name(t: &Tr, month: &str) -> String {
    let Some((y, m)) = month.split_once('-') else {
        return month.to_string();
    };
    let m = m.trim_start_matches('0');
    match t.try_t(&format!("hours-month-{m}")) {
        Some(name) => t
            .try_t_args(
                "hours-month-label",
                &[("name", name), ("year", y.to_string())],
            )
            .unwrap_or_else(|| month.to_string()),
        None => month.to_string(),
    }
}

/// One month of a client's bank, ready to print.
pub struct BankLine {
    pub month: String,
    pub month_name: String,
    pub plan: String,
    pub addons: String,
    pub carried: String,
    pub available: String,
    pub used: String,
    pub left: String,
    pub overage: String,
    /// For `<meter>`: used and available minutes, and where the warning starts.
    pub used_minutes: i64,
    pub available_minutes: i64,
    pub high: i64,
    pub percent: String,
    pub warning: bool,
    pub over: bool,
    pub has_carried: bool,
    pub has_addons: bool,
    pub left_minutes: i64,
    pub entries: i64,
    /// Where the month's detail is (the portal's hours page); empty for none.
    pub link: String,
}

impl BankLine {
    pub fn of(t: &Tr, b: &HoursBalanceView) -> BankLine {
        BankLine {
            month: b.month.clone(),
            month_name: month_name(t, &b.month),
            plan: format_minutes(b.plan_minutes),
            addons: format_minutes(b.addon_minutes),
            carried: format_minutes(b.carried_minutes),
            available: format_minutes(b.available_minutes),
            used: format_minutes(b.used_minutes),
            left: format_minutes(b.left_minutes),
            overage: format_minutes(b.overage_minutes),
            used_minutes: b.used_minutes,
            // A meter needs a range: with nothing available, one minute shows it full.
            available_minutes: b.available_minutes.max(1),
            high: b.available_minutes * b.warn_percent / 100,
            percent: b
                .percent_used
                .map(|p| format!("{p} %"))
                .unwrap_or_else(|| t.t("hours-no-hours")),
            warning: b.warning,
            over: b.overage_minutes > 0,
            has_carried: b.carried_minutes > 0,
            has_addons: b.addon_minutes > 0,
            left_minutes: b.left_minutes,
            entries: b.entries,
            link: String::new(),
        }
    }
}

/// A CSV export as a download (`text/csv; charset=utf-8`, attachment).
pub fn csv_download(f: service::hours::TimeExport) -> axum::response::Response {
    use axum::{
        http::{HeaderValue, header},
        response::IntoResponse,
    };
    let mut res = f.body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // The name is ours (ASCII letters, digits and dashes): nothing to quote.
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", f.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The detail of a `time_logged` / `time_changed` / `time_removed` event in the history:
/// "45 min · 30/11/2026 · Ana", a change as "45 min → 1 h", overage when there was some.
pub fn time_event(t: &Tr, d: &Value, users: &HashMap<i64, String>) -> String {
    let snap = |v: &Value| {
        let minutes = v.get("minutes").and_then(Value::as_i64).unwrap_or(0);
        let date = civil_date(t, v.get("work_date").and_then(Value::as_str).unwrap_or(""));
        let who = v
            .get("agent_id")
            .and_then(Value::as_i64)
            .map(|id| users.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
            .unwrap_or_default();
        (minutes, date, who)
    };
    if let (Some(from), Some(to)) = (d.get("from"), d.get("to")) {
        let ((m0, d0, _), (m1, d1, who)) = (snap(from), snap(to));
        let mut parts = vec![if m0 == m1 {
            format_minutes(m1)
        } else {
            format!("{} → {}", format_minutes(m0), format_minutes(m1))
        }];
        parts.push(if d0 == d1 {
            d1
        } else {
            format!("{d0} → {d1}")
        });
        parts.push(who);
        if d.get("note_changed").and_then(Value::as_bool) == Some(true) {
            parts.push(t.t("hours-event-note-changed"));
        }
        return parts.join(" · ");
    }
    let (m, date, who) = snap(d.get("entry").unwrap_or(&Value::Null));
    let mut out = format!("{} · {date} · {who}", format_minutes(m));
    if let Some(o) = d
        .get("overage_minutes")
        .and_then(Value::as_i64)
        .filter(|o| *o > 0)
    {
        out.push_str(" · ");
        out.push_str(&t.t1("hours-overage-badge", "minutes", format_minutes(o)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_months_in_both_languages() {
        let es = Tr::new(Locale::Es, "UTC");
        let en = Tr::new(Locale::En, "UTC");
        assert_eq!(civil_date(&es, "2026-11-30"), "30/11/2026");
        assert_eq!(civil_date(&en, "2026-11-30"), "2026-11-30");
        assert_eq!(month_name(&es, "2026-11"), "noviembre de 2026");
        assert_eq!(month_name(&en, "2026-01"), "January 2026");
    }
}
