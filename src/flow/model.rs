//! What the flow stage produces: frames of positioned lines on each page. The compose
//! stage adds furniture; the dump prints these as they are.

use crate::geom::{Cmyk, Rect};
use crate::linebreak::{Adjustment, BreakReason, Line};
use crate::text::FontId;

/// A line placed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// The line's text (for the dump and text checks).
    pub text: String,
    /// Style name.
    pub style: String,
    pub size: f64,
    pub color: Cmyk,
    /// Left edge of the line's measure (the column's x).
    pub x: f64,
    pub baseline: f64,
    /// Width actually set and the measure.
    pub width: f64,
    pub measure: f64,
    /// Glyphs with absolute x.
    pub glyphs: Vec<SetGlyph>,
    pub adjustments: Vec<Adjustment>,
    pub reason: BreakReason,
    /// Body line of a paragraph (on the baseline grid), as opposed to display lines.
    pub on_grid: bool,
    /// Index of the source paragraph within its story (body lines), for invariants.
    pub paragraph: Option<usize>,
    /// Byte range of the paragraph text on this line.
    pub source: std::ops::Range<usize>,
}

/// A glyph at an absolute position.
#[derive(Debug, Clone, PartialEq)]
pub struct SetGlyph {
    pub font: FontId,
    pub id: u16,
    pub x: f64,
    pub y_offset: f64,
    pub advance: f64,
    /// The text it stands for (empty for extra glyphs of a cluster).
    pub text: String,
}

impl SetLine {
    /// Place a broken line at `x` (measure's left edge) and `baseline`; `shift` moves
    /// the glyphs right inside the measure (for centred or right-aligned lines).
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        line: &Line,
        para_text: &str,
        style: &crate::spec::Style,
        x: f64,
        shift: f64,
        baseline: f64,
        on_grid: bool,
        paragraph: Option<usize>,
    ) -> SetLine {
        let glyphs = line
            .glyphs
            .iter()
            .map(|g| SetGlyph {
                font: g.font,
                id: g.id,
                x: x + shift + g.x,
                y_offset: g.y_offset,
                advance: g.advance,
                text: para_text.get(g.text.clone()).unwrap_or("").to_string(),
            })
            .collect();
        SetLine {
            text: para_text.get(line.text.clone()).unwrap_or("").to_string(),
            style: style.name.clone(),
            size: style.size,
            color: style.color,
            x,
            baseline,
            width: line.width,
            measure: line.measure,
            glyphs,
            adjustments: line.adjustments.clone(),
            reason: line.reason,
            on_grid,
            paragraph,
            source: line.text.clone(),
        }
    }
}

/// A column of a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub x: f64,
    pub width: f64,
    pub lines: Vec<SetLine>,
}

/// What a frame holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    Story,
    Continuation,
    Photo,
    Ad,
    Teaser,
    Masthead,
    Folio,
    /// Job information outside the bleed (compose/slug.rs).
    Slug,
}

/// A rectangle of the page with its lines: a story (headline block + columns), a
/// photo (box + caption), an ad, a teaser, the masthead or the folio.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub kind: FrameKind,
    /// e.g. the story id.
    pub label: String,
    pub rect: Rect,
    /// Display lines (headline block, caption, ad text), in order.
    pub head: Vec<SetLine>,
    pub columns: Vec<Column>,
    /// Boxes inside the frame (photo placeholder, ad border).
    pub boxes: Vec<Rect>,
}

/// All frames of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowPage {
    pub number: u32,
    pub frames: Vec<Frame>,
}
