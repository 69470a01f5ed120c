//! Page boxes, the coordinate flip, the catalog with its output intent, and the
//! document information dictionary.
//!
//! The MediaBox is the trim box grown by bleed + slug on every side (room for crop
//! marks), the BleedBox the trim box grown by the bleed (出血), the TrimBox the finished
//! page (成品尺寸). Page coordinates are trim-relative and y-down, so
//! `pdf_x = x + bleed + slug` and `pdf_y = media_height - (y + bleed + slug)`.

use pdf_writer::types::TrappingStatus;
use pdf_writer::writers::Page;
use pdf_writer::{Name, Pdf, Rect, Ref, Str, TextStr};

use crate::page::Document;
use crate::spec::date::Timestamp;
use crate::spec::output::{OutputCondition, Standard};

/// Where the trim box sits inside the MediaBox, for the page-to-PDF coordinate flip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PageFrame {
    /// Trim size.
    pub trim_width: f64,
    pub trim_height: f64,
    /// Bleed on every side.
    pub bleed: f64,
    /// Bleed + slug: distance from the MediaBox edge to the trim box.
    pub offset: f64,
    /// MediaBox size.
    pub media_width: f64,
    pub media_height: f64,
}

impl PageFrame {
    /// The frame of every page of `doc` (all pages have the same size).
    pub fn of(doc: &Document) -> PageFrame {
        let offset = doc.bleed + doc.slug;
        PageFrame {
            trim_width: doc.trim_width,
            trim_height: doc.trim_height,
            bleed: doc.bleed,
            offset,
            media_width: doc.trim_width + 2.0 * offset,
            media_height: doc.trim_height + 2.0 * offset,
        }
    }

    /// Page x (trim-relative) to PDF x.
    pub fn x(&self, x: f64) -> f64 {
        x + self.offset
    }

    /// Page y (trim-relative, down) to PDF y (MediaBox-relative, up).
    pub fn y(&self, y: f64) -> f64 {
        self.media_height - (y + self.offset)
    }

    /// The MediaBox, in PDF coordinates.
    pub fn media_box(&self) -> Rect {
        rect(0.0, 0.0, self.media_width, self.media_height)
    }

    /// The BleedBox, in PDF coordinates.
    pub fn bleed_box(&self) -> Rect {
        let inset = self.offset - self.bleed;
        rect(
            inset,
            inset,
            self.media_width - inset,
            self.media_height - inset,
        )
    }

    /// The TrimBox, in PDF coordinates.
    pub fn trim_box(&self) -> Rect {
        rect(
            self.offset,
            self.offset,
            self.offset + self.trim_width,
            self.offset + self.trim_height,
        )
    }

    /// Whether every number is finite and no size is negative.
    pub fn is_valid(&self) -> bool {
        let nums = [self.trim_width, self.trim_height, self.bleed, self.offset];
        nums.iter().all(|v| v.is_finite() && *v >= 0.0) && self.bleed <= self.offset
    }
}

fn rect(x1: f64, y1: f64, x2: f64, y2: f64) -> Rect {
    Rect::new(x1 as f32, y1 as f32, x2 as f32, y2 as f32)
}

/// Write a page's MediaBox, BleedBox and TrimBox.
pub(super) fn write_page_boxes(page: &mut Page<'_>, frame: &PageFrame) {
    page.media_box(frame.media_box())
        .bleed_box(frame.bleed_box())
        .trim_box(frame.trim_box());
}

/// Objects the catalog points to besides the page tree.
pub(super) struct CatalogRefs<'a> {
    pub page_tree: Ref,
    /// The XMP metadata stream.
    pub metadata: Option<Ref>,
    /// The embedded output profile (PDF/X-4 `DestOutputProfile`).
    pub profile: Option<Ref>,
    /// The bookmarks' root (`/Outlines`).
    pub outline: Option<Ref>,
    /// Each page's label dictionary, in page order (`/PageLabels`).
    pub labels: &'a [Ref],
    /// The article threads (`/Threads`).
    pub threads: &'a [Ref],
    /// The text's language (`/Lang`); empty writes none.
    pub language: &'a str,
    /// The structure tree root (`tags`): the file is a tagged PDF.
    pub struct_tree: Option<Ref>,
}

/// Write the catalog: page tree, XMP metadata, and the PDF/X output intent when a
/// standard is claimed (ISO 15930-7: subtype `GTS_PDFX`, the condition's
/// identifier, registry and description; the profile embedded for PDF/X-4 or
/// referenced by `DestOutputProfileRef` for PDF/X-4p).
pub(super) fn write_catalog(pdf: &mut Pdf, id: Ref, refs: &CatalogRefs, out: &OutputCondition) {
    let mut catalog = pdf.catalog(id);
    catalog.pages(refs.page_tree);
    if let Some(m) = refs.metadata {
        catalog.metadata(m);
    }
    if !refs.language.is_empty() {
        catalog.lang(TextStr(refs.language));
    }
    if let Some(o) = refs.outline {
        catalog.outlines(o);
    }
    if let Some(root) = refs.struct_tree {
        catalog.pair(Name(b"StructTreeRoot"), root);
        // Tagged PDF (ISO 32000-1 §14.8): the content follows the tagging conventions.
        catalog.mark_info().marked(true);
    }
    if !refs.threads.is_empty() {
        catalog
            .insert(Name(b"Threads"))
            .array()
            .items(refs.threads.iter().copied());
    }
    if !refs.labels.is_empty() {
        let mut tree = catalog.page_labels();
        let mut nums = tree.nums();
        for (i, label) in refs.labels.iter().enumerate() {
            nums.insert(i32::try_from(i).unwrap_or(i32::MAX), *label);
        }
    }
    if out.standard == Standard::None {
        return;
    }
    // Written as a plain dictionary: pdf-writer's `OutputIntent` has no
    // `DestOutputProfileRef`.
    let mut intents = catalog.insert(Name(b"OutputIntents")).array();
    let mut intent = intents.push().dict();
    intent.pair(Name(b"Type"), Name(b"OutputIntent"));
    intent.pair(Name(b"S"), Name(b"GTS_PDFX"));
    intent.pair(Name(b"OutputConditionIdentifier"), TextStr(&out.identifier));
    intent.pair(Name(b"RegistryName"), TextStr(&out.registry));
    if !out.condition.is_empty() {
        intent.pair(Name(b"OutputCondition"), TextStr(&out.condition));
        intent.pair(Name(b"Info"), TextStr(&out.condition));
    }
    match (out.standard, refs.profile, &out.profile) {
        (Standard::PdfX4, Some(profile), _) => {
            intent.pair(Name(b"DestOutputProfile"), profile);
        }
        (Standard::PdfX4p, _, Some(icc)) => {
            let mut r = intent.insert(Name(b"DestOutputProfileRef")).dict();
            r.pair(Name(b"CheckSum"), Str(&md5(&icc.bytes)));
            r.pair(
                Name(b"ICCVersion"),
                Str(icc.bytes.get(8..12).unwrap_or(&[])),
            );
            r.pair(Name(b"ProfileCS"), Str(b"CMYK"));
            r.pair(Name(b"ProfileName"), TextStr(&icc.name));
            let mut urls = r.insert(Name(b"URLs")).array();
            if let Some(url) = &out.profile_url {
                let mut fs = urls.push().dict();
                fs.pair(Name(b"FS"), Name(b"URL"));
                fs.pair(Name(b"F"), Str(url.as_bytes()));
            }
        }
        _ => {}
    }
}

/// MD5 of the profile, as `DestOutputProfileRef /CheckSum` asks (ISO 32000-2 Table 402:
/// CheckSum, ICCVersion, ProfileCS, ProfileName, URLs; used by PDF/X-4p, ISO 15930-7).
fn md5(bytes: &[u8]) -> Vec<u8> {
    md5::compute(bytes).0.to_vec()
}

/// Write the document information dictionary, consistent with the XMP packet:
/// `/Title` = dc:title, `/Producer` and `/Creator` = pdf:Producer and xmp:CreatorTool,
/// `/CreationDate` and `/ModDate` = xmp:CreateDate and xmp:ModifyDate, `/Trapped
/// /False` = pdf:Trapped, `/GTS_PDFXVersion` = pdfxid:GTS_PDFXVersion.
pub(super) fn write_info(
    pdf: &mut Pdf,
    id: Ref,
    title: &str,
    date: Option<&Timestamp>,
    version: Option<&str>,
) {
    let mut info = pdf.document_info(id);
    info.title(TextStr(title))
        .producer(TextStr(PRODUCER))
        .creator(TextStr(PRODUCER));
    if let Some(date) = date {
        let d = date.pdf();
        info.pair(Name(b"CreationDate"), Str(d.as_bytes()));
        info.pair(Name(b"ModDate"), Str(d.as_bytes()));
        info.trapped(TrappingStatus::NotTrapped);
    }
    if let Some(v) = version {
        info.pair(Name(b"GTS_PDFXVersion"), TextStr(v));
    }
}

/// The producer string, with the version (Info `/Producer`, XMP `pdf:Producer`).
pub(super) const PRODUCER: &str = concat!("broadsheet ", env!("CARGO_PKG_VERSION"));

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> PageFrame {
        PageFrame::of(&Document {
            title: String::new(),
            trim_width: 800.0,
            trim_height: 1000.0,
            bleed: 9.0,
            slug: 21.0,
            stories: Vec::new(),
            copy: Vec::new(),
            pictures: Vec::new(),
            prepared: Default::default(),
            styles: Vec::new(),
            fonts: Default::default(),
            output: Default::default(),
            date: None,
            language: String::new(),
            ads_are_figures: false,
            pages: Vec::new(),
        })
    }

    #[test]
    fn page_coordinates_flip_into_pdf_space() {
        let f = frame();
        // Trim top-left corner.
        assert_eq!((f.x(0.0), f.y(0.0)), (30.0, 1030.0));
        // Trim bottom-right corner.
        assert_eq!((f.x(800.0), f.y(1000.0)), (830.0, 30.0));
        // A baseline 100 pt down from the trim top, 50 pt in.
        assert_eq!((f.x(50.0), f.y(100.0)), (80.0, 930.0));
        // Into the bleed: negative page coordinates stay inside the MediaBox.
        assert_eq!((f.x(-9.0), f.y(-9.0)), (21.0, 1039.0));
    }

    #[test]
    fn boxes_nest_trim_in_bleed_in_media() {
        let f = frame();
        assert_eq!(f.media_box(), Rect::new(0.0, 0.0, 860.0, 1060.0));
        assert_eq!(f.bleed_box(), Rect::new(21.0, 21.0, 839.0, 1039.0));
        assert_eq!(f.trim_box(), Rect::new(30.0, 30.0, 830.0, 1030.0));
        assert!(f.is_valid());
    }

    #[test]
    fn bad_frames_are_invalid() {
        let mut f = frame();
        f.trim_width = f64::NAN;
        assert!(!f.is_valid());
        let mut f = frame();
        f.bleed = -1.0;
        assert!(!f.is_valid());
    }
}
