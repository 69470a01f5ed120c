//! Page boxes, the coordinate flip, the catalog with its output intent, and the
//! document information dictionary.
//!
//! The MediaBox is the trim box grown by bleed + slug on every side (room for crop
//! marks), the BleedBox the trim box grown by the bleed (出血), the TrimBox the finished
//! page (成品尺寸). Page coordinates are trim-relative and y-down, so
//! `pdf_x = x + bleed + slug` and `pdf_y = media_height - (y + bleed + slug)`.

use pdf_writer::types::{OutputIntentSubtype, TrappingStatus};
use pdf_writer::writers::Page;
use pdf_writer::{Name, Pdf, Rect, Ref, Str, TextStr};

use super::PdfOptions;
use crate::page::Document;

/// Output condition named by the PDF/X output intent: coated offset, ISO 12647-2
/// (FOGRA39), the characterised condition most RIPs know. A newsprint condition
/// (IFRA26) is the better fit once its profile is licensed and embedded.
pub(super) const OUTPUT_CONDITION: &str = "FOGRA39";
/// Registry of characterised printing conditions.
const OUTPUT_REGISTRY: &str = "http://www.color.org";
/// The PDF/X version the file claims in its info dictionary.
const PDFX_VERSION: &str = "PDF/X-4";

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

/// Write the catalog, with the PDF/X output intent if asked for.
pub(super) fn write_catalog(pdf: &mut Pdf, id: Ref, page_tree: Ref, opts: &PdfOptions) {
    let mut catalog = pdf.catalog(id);
    catalog.pages(page_tree);
    if opts.pdfx {
        // No DestOutputProfile: no ICC profile is licensed yet. The identifier names a
        // registered condition, which is what the profile would characterise.
        catalog
            .output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFX)
            .output_condition_identifier(TextStr(OUTPUT_CONDITION))
            .output_condition(TextStr(OUTPUT_CONDITION))
            .registry_name(TextStr(OUTPUT_REGISTRY));
    }
}

/// Write the document information dictionary.
pub(super) fn write_info(pdf: &mut Pdf, id: Ref, title: &str, opts: &PdfOptions) {
    let mut info = pdf.document_info(id);
    info.title(TextStr(title)).producer(TextStr("broadsheet"));
    if let Some(date) = &opts.creation_date {
        let date = pdf_date(date);
        info.pair(Name(b"CreationDate"), Str(date.as_bytes()));
        info.pair(Name(b"ModDate"), Str(date.as_bytes()));
    }
    if opts.pdfx {
        info.pair(Name(b"GTS_PDFXVersion"), TextStr(PDFX_VERSION));
        info.trapped(TrappingStatus::NotTrapped);
    }
}

/// A PDF date string: `D:` prefixed unless it already is.
fn pdf_date(date: &str) -> String {
    if date.starts_with("D:") {
        date.to_owned()
    } else {
        format!("D:{date}")
    }
}

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
            styles: Vec::new(),
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

    #[test]
    fn dates_get_the_d_prefix_once() {
        assert_eq!(pdf_date("20220208120000+08'00'"), "D:20220208120000+08'00'");
        assert_eq!(pdf_date("D:20220208"), "D:20220208");
    }
}
