//! What the `--report` JSON says about pictures: every picture placed (file, format,
//! effective resolution) and every placeholder (a photo or an ad without a file), so
//! no one sends a placeholder to press by accident; `render --final` makes each
//! placeholder an error.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::page::{Document, Item, Page};
use crate::spec::Issue;

/// The pictures part of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PictureReport {
    pub pictures: Vec<PlacedPicture>,
    pub placeholders: Vec<Placeholder>,
}

/// A picture or supplied ad page as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedPicture {
    pub page: u32,
    pub file: String,
    /// Format, pixel size, colour, profile (as in the dump).
    pub format: String,
    /// Page of a supplied PDF.
    pub pdf_page: Option<u32>,
    /// Effective resolution at the printed size, to 0.1 ppi (images only).
    pub ppi: Option<f64>,
}

/// A photo or ad printed without its picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placeholder {
    pub page: u32,
    /// `photo` or `ad`.
    pub what: &'static str,
    /// Where the issue declares it (`issue.toml:29:8`).
    pub at: String,
    #[serde(skip)]
    loc: Loc,
}

/// Collect the report from the page description and the issue.
pub fn picture_report(issue: &Issue, doc: &Document) -> PictureReport {
    let pictures = doc.pages.iter().flat_map(|p| placed_on(doc, p)).collect();
    picture_report_of(issue, pictures)
}

/// The pictures `page` (a page of `doc`) places, in its order.
pub fn placed_on(doc: &Document, page: &Page) -> Vec<PlacedPicture> {
    let mut pictures = Vec::new();
    for item in &page.items {
        let Item::Image(im) = item else { continue };
        let Some(p) = doc.pictures.get(im.asset.0) else {
            continue;
        };
        let is_pdf = p.pixels().is_none();
        pictures.push(PlacedPicture {
            page: page.number,
            file: p.name.clone(),
            format: p.describe(),
            pdf_page: is_pdf.then_some(im.page),
            ppi: im.ppi.map(|v| (v * 10.0).round() / 10.0),
        });
    }
    pictures
}

/// The report of the pictures the pages placed ([`placed_on`], in page order) and the
/// placeholders the issue declares.
pub fn picture_report_of(issue: &Issue, pictures: Vec<PlacedPicture>) -> PictureReport {
    let mut placeholders = Vec::new();
    for page in &issue.pages {
        let missing = page
            .photos
            .iter()
            .filter(|p| p.asset.is_none())
            .map(|p| ("photo", &p.loc))
            .chain(
                page.ads
                    .iter()
                    .filter(|a| a.asset.is_none())
                    .map(|a| ("ad", &a.loc)),
            );
        for (what, loc) in missing {
            placeholders.push(Placeholder {
                page: page.number,
                what,
                at: show_loc(loc),
                loc: loc.clone(),
            });
        }
    }
    PictureReport {
        pictures,
        placeholders,
    }
}

/// For `render --final`: each placeholder is an error at its declaration.
pub fn placeholder_errors(report: &PictureReport) -> Diagnostics {
    Diagnostics(
        report
            .placeholders
            .iter()
            .map(|p| {
                Diagnostic::error(format!(
                    "page {}: this {} has no file and would print as a placeholder",
                    p.page, p.what
                ))
                .located(&p.loc)
                .with_hint("give it `file = \"…\"`, or render without --final for a proof")
            })
            .collect(),
    )
}

fn show_loc(loc: &Loc) -> String {
    match loc.pos {
        Some(p) => format!("{}:{}:{}", loc.file.display(), p.line, p.col),
        None => loc.file.display().to_string(),
    }
}
