//! A supplied PDF's pages and their trim boxes, read with `hayro-syntax` (the parser
//! `hayro-write` copies pages with). PDF 32000-1 §14.11.2: the TrimBox is the finished
//! size of the ad; without one, the MediaBox.

use std::sync::Arc;

use hayro_syntax::object::dict::keys::{CONTENTS, TRIM_BOX};
use hayro_syntax::object::{Array, Rect, Stream};
use hayro_syntax::page::{Page, Rotation};
use hayro_syntax::Pdf;

/// The pages of a supplied PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfInfo {
    pub pages: Vec<PdfPage>,
}

/// One page: its trim box in the coordinates of the Form XObject the page becomes
/// (origin at the lower-left of the page's visible box, in points).
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPage {
    pub trim: [f64; 4],
    /// Whether the page has its own TrimBox (else the MediaBox was used).
    pub has_trim_box: bool,
    /// What RGB colour the page uses, if any.
    pub rgb: Option<&'static str>,
    /// Fonts the page lists without embedding them.
    pub unembedded_fonts: Vec<String>,
}

impl PdfPage {
    pub fn width(&self) -> f64 {
        self.trim[2] - self.trim[0]
    }

    pub fn height(&self) -> f64 {
        self.trim[3] - self.trim[1]
    }
}

/// Open a PDF. A file that needs a password to open, or cannot be parsed, is an error;
/// one encrypted with restrictions only (empty user password) opens and is decrypted
/// as it is copied. Its object and cross-reference streams must decode within the
/// limit of `pdf_read::open`, as the parser inflates them without one.
pub fn open(bytes: &Arc<Vec<u8>>) -> Result<Pdf, String> {
    crate::pdf_read::open::open_pdf(Arc::clone(bytes))
}

/// A page's content streams, each decoded within the preflight's limit (64 MiB: a 1 MB
/// stream can inflate to 1 GiB, and is refused before anything decodes it whole), and
/// joined.
fn content_within_limits(page: &Page<'_>) -> Result<Vec<u8>, String> {
    let raw = page.raw();
    let streams: Vec<Stream<'_>> = match raw.get::<Stream<'_>>(CONTENTS) {
        Some(s) => vec![s],
        None => raw
            .get::<Array<'_>>(CONTENTS)
            .map(|a| a.iter::<Stream<'_>>().collect())
            .unwrap_or_default(),
    };
    let mut all = Vec::new();
    for s in streams {
        let data = crate::pdf_read::bounded::stream_data(&s)
            .map_err(|e| e.replacen("a stream", "its content", 1))?;
        all.extend(data);
        all.push(b'\n');
    }
    Ok(all)
}

/// The pages of a supplied PDF: trim boxes, RGB use and fonts not embedded.
pub fn read_info(bytes: &[u8]) -> Result<PdfInfo, String> {
    let data = Arc::new(bytes.to_vec());
    let pdf = open(&data)?;
    let pages = pdf.pages();
    if pages.is_empty() {
        return Err("a PDF without pages".into());
    }
    let mut out = Vec::with_capacity(pages.len());
    for page in pages.iter() {
        let vis = page.intersected_crop_box();
        let trim: Option<Rect> = page.raw().get(TRIM_BOX);
        let rotated = !matches!(page.rotation(), Rotation::None);
        let (w, h) = page.render_dimensions();
        let (rect, has_trim_box) = match trim {
            Some(t) if !rotated => (
                [t.x0 - vis.x0, t.y0 - vis.y0, t.x1 - vis.x0, t.y1 - vis.y0],
                true,
            ),
            _ => ([0.0, 0.0, f64::from(w), f64::from(h)], false),
        };
        let [x0, y0, x1, y1] = rect;
        let rect = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
        if !rect.iter().all(|v| v.is_finite())
            || rect[2] - rect[0] <= 0.0
            || rect[3] - rect[1] <= 0.0
        {
            return Err("a PDF page of zero size".into());
        }
        let content =
            content_within_limits(page).map_err(|why| format!("page {}: {why}", out.len() + 1))?;
        out.push(PdfPage {
            trim: rect,
            has_trim_box,
            rgb: super::pdf_colour::rgb_use(page, &content),
            unembedded_fonts: super::pdf_fonts::unembedded_fonts(page),
        });
    }
    Ok(PdfInfo { pages: out })
}
