//! The PDF read back by poppler (pdftotext, pdftoppm): the words a reader sees, in the
//! language asked, with the same compliance strings as the HTML. Without poppler the tests
//! are skipped loudly, and fail under CI=true (scripts/test installs poppler-utils).
#![cfg(feature = "pdf")]

use std::{path::Path, process::Command};

use domain::user::Locale;
use report_render::{html, pdf, sample, view};

fn poppler() -> bool {
    let ok = ["pdftotext", "pdftoppm"].iter().all(|tool| {
        Command::new(tool)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    });
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext/pdftoppm missing under CI=true (apt-get install poppler-utils)"
        );
        eprintln!("WARNING: pdftotext/pdftoppm missing: PDF test SKIPPED");
    }
    ok
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("run poppler");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The PDF's text with every run of whitespace as one space (a table cell or a title may
/// wrap onto two lines).
fn text_of(pdf: &Path, extra: &[&str]) -> String {
    let txt = pdf.with_extension("txt");
    run(Command::new("pdftotext").args(extra).arg(pdf).arg(&txt));
    let raw = std::fs::read_to_string(&txt).expect("pdftotext output");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pdf_shows_the_client_the_month_and_the_html_compliance_figures() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut r = sample::monthly_report();
    r.campuses[1].name = "Aula de Posgrado ¿Niñez? ¡Pingüino!".into();
    for (locale, month) in [
        (Locale::Es, "noviembre de 2026"),
        (Locale::En, "November 2026"),
    ] {
        let bytes = pdf::render(&r, locale).expect("render");
        assert!(bytes.starts_with(b"%PDF-"));
        let file = dir.path().join(format!("report-{}.pdf", locale.as_str()));
        std::fs::write(&file, &bytes).expect("write pdf");

        let html = html::fragment(&r, locale);
        let all = text_of(&file, &[]);
        let first = text_of(&file, &["-f", "1", "-l", "1"]);
        assert!(first.contains("Instituto Superior San Martín"), "{first}");
        assert!(first.contains(month), "{first}");
        for p in &r.compliance.by_priority {
            let shown = view::compliance_text(locale, &p.outcomes);
            assert!(html.contains(&shown), "HTML lacks {shown}");
            assert!(first.contains(&shown), "page 1 lacks {shown}: {first}");
        }
        // The rest of the report follows, accents intact (a subject may wrap in its column,
        // and pdftotext then reads the cells beside it in between).
        assert!(
            all.contains("Configuración") && all.contains("matriculación automática"),
            "{all}"
        );
        assert!(all.contains("Aula de Posgrado ¿Niñez? ¡Pingüino!"), "{all}");
        assert!(all.contains("Campus Virtual ISSM"));

        let prefix = dir.path().join(format!("page-{}", locale.as_str()));
        run(Command::new("pdftoppm")
            .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
            .arg(&file)
            .arg(&prefix));
        let png = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "png")
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&format!("page-{}", locale.as_str())))
            })
            .expect("pdftoppm wrote a PNG");
        let data = std::fs::read(&png).expect("png");
        assert!(data.starts_with(b"\x89PNG"));
        // An A4 page at 50 dpi is 414×585 px; with text, tables and a chart it compresses to
        // well over a few kilobytes (a blank page is a few hundred bytes).
        assert!(data.len() > 10_000, "page image only {} bytes", data.len());
    }
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let r = sample::monthly_report();
    let a = pdf::render(&r, Locale::Es).expect("render");
    let b = pdf::render(&r, Locale::Es).expect("render again");
    assert!(a == b, "two renders of one report differ");
}

#[test]
fn client_text_cannot_break_the_layout() {
    // Typst markup and code in client data are shown as text, never evaluated.
    let mut r = sample::monthly_report();
    r.client.name = "#panic(\"x\") *bold* $x$ <lbl> @ref \\".into();
    r.compliance.breaches[0].subject = "#import \"@preview/x:0.1.0\": *".into();
    let bytes = pdf::render(&r, Locale::En).expect("render with markup in data");
    assert!(bytes.starts_with(b"%PDF-"));
}
