//! The HTML report: escaping of client data, sections left out when their data is missing,
//! and the language's words and numbers.

use domain::user::Locale;
use report_render::{html, sample, view};

#[test]
fn subjects_and_names_are_escaped() {
    let mut r = sample::monthly_report();
    r.compliance.breaches[0].subject = "<script>alert('x')</script> & más".into();
    r.client.name = "Cliente <b>\"raro\"</b>".into();
    r.campuses[0].name = "<img src=x onerror=alert(1)>".into();
    for page in [
        html::fragment(&r, Locale::Es),
        html::standalone(&r, Locale::En),
    ] {
        assert!(!page.contains("<script"), "a script tag got through");
        assert!(!page.contains("<b>") && !page.contains("<img"));
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; más"));
        assert!(page.contains("Cliente &lt;b&gt;&quot;raro&quot;&lt;/b&gt;"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }
}

#[test]
fn the_full_sample_has_every_section() {
    let page = html::fragment(&sample::monthly_report(), Locale::Es);
    for id in [
        "compliance",
        "breaches",
        "pending",
        "tickets",
        "resolution",
        "paused",
        "campuses",
        "hours",
        "quotes",
    ] {
        assert!(
            page.contains(&format!("id=\"report-{id}\"")),
            "{id} missing"
        );
    }
    assert!(page.contains("Instituto Superior San Martín"));
    assert!(page.contains("noviembre de 2026"));
    assert!(page.contains("Configuración de la matriculación automática"));
    // Both campuses, the hosted one with backups, the other without.
    assert!(page.contains("En nuestros servidores") && page.contains("En servidores del cliente"));
    assert_eq!(page.matches("Días con copia").count(), 1);
    assert!(page.contains("Días sin copia: 14/11/2026"));
    // Five charts: compliance, categories, two uptime strips, hours.
    assert_eq!(page.matches("<svg ").count(), 5);
    assert!(page.contains("Excedente") && page.contains("3 h"));
}

#[test]
fn sections_without_data_are_left_out() {
    let mut r = sample::monthly_report();
    r.compliance.breaches.clear();
    r.compliance.pending.clear();
    r.resolution.clear();
    r.paused = Default::default();
    r.campuses.clear();
    r.hours = None;
    r.quotes = Default::default();
    let page = html::fragment(&r, Locale::En);
    for id in [
        "breaches",
        "pending",
        "resolution",
        "paused",
        "campuses",
        "hours",
        "quotes",
    ] {
        assert!(
            !page.contains(&format!("id=\"report-{id}\"")),
            "{id} should be left out"
        );
    }
    // Compliance and the month's tickets are always there (zeros are real figures there).
    assert!(page.contains("id=\"report-compliance\"") && page.contains("id=\"report-tickets\""));
    assert!(!page.contains("Breached tickets") && !page.contains("Administration hours"));

    // A campus without monitoring and not hosted: no uptime, no backups, only its standing.
    let mut r = sample::monthly_report();
    r.campuses[1].uptime = None;
    r.campuses.remove(0);
    let page = html::fragment(&r, Locale::En);
    assert!(page.contains("Aula de Posgrado"));
    assert!(!page.contains("Uptime this month") && !page.contains("Backups"));
    assert!(page.contains("May ask for the version upgrade from 2027-02-10."));
}

#[test]
fn no_outcomes_give_a_no_data_chart_and_dashes() {
    let mut r = sample::monthly_report();
    for p in &mut r.compliance.by_priority {
        p.outcomes = Default::default();
    }
    r.compliance.total = Default::default();
    let page = html::fragment(&r, Locale::En);
    assert!(page.contains("No SLA outcomes this month."));
    assert!(page.contains(">No data<"));
    assert!(!page.contains("NaN"));
}

#[test]
fn compliance_reads_in_each_language() {
    let r = sample::monthly_report();
    let es = html::fragment(&r, Locale::Es);
    let en = html::standalone(&r, Locale::En);
    for p in &r.compliance.by_priority {
        assert!(es.contains(&view::compliance_text(Locale::Es, &p.outcomes)));
        assert!(en.contains(&view::compliance_text(Locale::En, &p.outcomes)));
    }
    assert!(es.contains("88,9 %") && es.contains("Cumplimiento total: 93,8 %"));
    assert!(en.contains("88.9%") && en.contains("Overall compliance: 93.8%"));
    assert!(en.contains("November 2026") && en.starts_with("<!DOCTYPE html>"));
    assert!(en.contains("<html lang=\"en\">") && en.contains("<style>"));
    // Times in the client's zone (UTC−3): the urgent breach was due at 13:10 UTC.
    assert!(es.contains("14/11/2026 10:10"));
    assert!(en.contains("2026-11-14 10:10"));
    assert!(es.contains("Del 01/11/2026 al 30/11/2026 (hora de America/Argentina/Buenos_Aires)"));
}
