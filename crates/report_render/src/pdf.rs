//! The report as a PDF, laid out by Typst used as a library (crates.md §PDF): our own small
//! `World` serves the embedded template, the worded report as JSON (`view.json`) and the
//! charts as SVG files from memory, with the fonts compiled into the binary. Nothing is read
//! from disk or the network, no `@preview` package is reachable, and the document's date is
//! the report's `generated_at`, so the same report gives the same bytes.

use std::sync::LazyLock;

use anyhow::{Context, anyhow};
use domain::user::Locale;
use service::reports::model::MonthlyReport;
use typst::{
    Library, LibraryExt, World,
    diag::{FileError, FileResult},
    foundations::{Bytes, Datetime, Smart},
    syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot},
    text::{Font, FontBook},
    utils::LazyHash,
};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::view;

const TEMPLATE: &str = include_str!("../templates/report.typ");

/// Fonts and the standard library are built once per process: parsing the fonts is the
/// costly part of a first render.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

fn file_id(path: &str) -> anyhow::Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| anyhow!("virtual path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One render's files: the template (main), `view.json` and `charts/*.svg`.
struct ReportWorld {
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(fid, _)| *fid == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// The report's generation instant, as Typst's date (UTC).
fn generated(report: &MonthlyReport) -> Option<Datetime> {
    let ts: jiff::Timestamp = report.generated_at.parse().ok()?;
    let z = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    Datetime::from_ymd_hms(
        z.year().into(),
        z.month().try_into().ok()?,
        z.day().try_into().ok()?,
        z.hour().try_into().ok()?,
        z.minute().try_into().ok()?,
        z.second().try_into().ok()?,
    )
}

/// Lays the report out: the document (or Typst's errors) and Typst's warnings (an unknown
/// font family, a glyph missing…), kept for the tests.
fn layout(
    report: &MonthlyReport,
    locale: Locale,
) -> anyhow::Result<(ReportWorld, PagedDocument, Vec<String>)> {
    let v = view::build(report, locale);
    let json = serde_json::to_vec(&v).context("the report's view as JSON")?;
    let mut files = vec![(file_id("view.json")?, Bytes::new(json))];
    for (name, svg) in v.charts() {
        files.push((file_id(name)?, Bytes::new(svg.as_bytes().to_vec())));
    }
    let world = ReportWorld {
        main: Source::new(file_id("report.typ")?, TEMPLATE.to_string()),
        files,
        today: generated(report),
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let warnings = compiled
        .warnings
        .iter()
        .map(|w| w.message.to_string())
        .collect();
    let doc = compiled.output.map_err(|errors| {
        let msgs: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        anyhow!("laying out the report: {}", msgs.join("; "))
    })?;
    Ok((world, doc, warnings))
}

/// The report as an A4 PDF in `locale`: first page the client, the month and the compliance
/// per priority (table and chart).
pub fn render(report: &MonthlyReport, locale: Locale) -> anyhow::Result<Vec<u8>> {
    let (world, doc, _warnings) = layout(report, locale)?;
    let options = PdfOptions {
        // A stable identifier per client and month: the same report, the same document id.
        ident: Smart::Custom(format!(
            "atiende-report-{}-{}",
            report.client.id, report.month
        )),
        timestamp: world.today.map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|errors| {
        let msgs: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        anyhow!("writing the PDF: {}", msgs.join("; "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_have_the_spanish_glyphs() {
        let body = SHARED
            .fonts
            .iter()
            .find(|f| f.info().family == "Libertinus Serif")
            .expect("Libertinus Serif embedded");
        for c in "áéíóúÁÉÍÓÚñÑüÜ¿¡«»€—–·→÷≥".chars() {
            assert!(body.info().coverage.contains(c as u32), "no glyph for {c}");
        }
    }

    #[test]
    fn the_sample_lays_out_without_warnings() {
        for l in [Locale::Es, Locale::En] {
            let (_, doc, warnings) = layout(&crate::sample::monthly_report(), l).expect("layout");
            assert!(warnings.is_empty(), "{warnings:?}");
            assert!(doc.pages().len() >= 2);
        }
    }
}
