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

/// The report as an A4 PDF in `locale`: first page the client, the month and the compliance
/// per priority (table and chart).
pub fn render(report: &MonthlyReport, locale: Locale) -> anyhow::Result<Vec<u8>> {
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
    let doc: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        let msgs: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        anyhow!("laying out the report: {}", msgs.join("; "))
    })?;
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
