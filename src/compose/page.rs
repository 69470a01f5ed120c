//! The page description: what the compose stage hands to the pdf stage.
//!
//! Device-independent and final: positioned glyph runs, rules, rectangles and
//! placeholders, in points, in page coordinates (origin at the top-left of the trim box,
//! y down). The pdf stage writes this as it is and takes no layout decision.

use std::ops::Range;

use crate::geom::{Cmyk, Paint, Rect};
use crate::text::FontId;

/// A whole job: every page, same size.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document title for the PDF info dictionary (e.g. "衡阳日报 2022-02-08 第18079号").
    pub title: String,
    /// Trim size (成品尺寸), width × height in points.
    pub trim_width: f64,
    pub trim_height: f64,
    /// Bleed (出血) on every side, in points.
    pub bleed: f64,
    /// Extra room outside the bleed for crop marks (the slug); the MediaBox is the trim
    /// box grown by `bleed + slug` on every side.
    pub slug: f64,
    pub pages: Vec<Page>,
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based page number (版序).
    pub number: u32,
    /// Items in painting order.
    pub items: Vec<Item>,
}

/// One thing painted on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(GlyphRun),
    Rule(Rule),
    Box(BoxItem),
}

/// A run of glyphs of one font, size and colour, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub font: FontId,
    /// Font size in points.
    pub size: f64,
    pub color: Cmyk,
    /// The run's text; each glyph's `text` range indexes into it. Used for the PDF's
    /// ToUnicode map, so that copying text out of the PDF gives this text back.
    pub text: String,
    /// Baseline y in page coordinates.
    pub baseline: f64,
    pub glyphs: Vec<PlacedGlyph>,
}

/// One glyph at an absolute position.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    /// Pen x position in page coordinates (where the glyph's origin goes).
    pub x: f64,
    /// Vertical offset from the baseline, positive = up (as in the font).
    pub y_offset: f64,
    /// The glyph's advance as drawn by the font at this size (for the PDF `/W` check).
    pub advance: f64,
    /// Byte range of the source text this glyph stands for (its cluster); empty for the
    /// second and later glyphs of a cluster.
    pub text: Range<usize>,
}

/// A straight line.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Line width in points.
    pub width: f64,
    /// A process colour, or registration for crop marks.
    pub color: Paint,
}

/// A rectangle, filled and/or stroked. Photo placeholders and ad frames are boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxItem {
    pub rect: Rect,
    pub fill: Option<Cmyk>,
    /// Stroke colour and width.
    pub stroke: Option<(Cmyk, f64)>,
    /// What it stands for, for the dump (e.g. "photo", "ad", "crop-mark").
    pub role: BoxRole,
}

/// What a box is, for the dump and preflight; the pdf stage ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxRole {
    Photo,
    Ad,
    Frame,
    Background,
}
