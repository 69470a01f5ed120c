//! The furniture half of layout: the page-1 masthead (报头), the folio (报眉) on
//! inside pages, photos with captions and credits (placed by `fit`, checked by
//! `picture`), ads (always labelled 广告) and teasers (导读) whose page references come
//! from where the story begins. Each returns its frame, pictures, boxes and lines for
//! the page builder; every error names the item's `file:line:col`.

pub mod ad;
pub mod band;
pub mod calendar;
pub mod fit;
pub mod photo;
pub mod picture;
pub mod teaser;

use crate::diag::{Diagnostics, Loc};
use crate::geom::Rect;
use crate::layout::display::{set_display, DisplayAt};
use crate::layout::setter::{Origin, Setter};
use crate::page::{BoxItem, Frame, ImageItem, Role, TextLine};
use crate::spec::{Align, Area, Issue, StyleId};

/// What a piece of furniture puts on the page: its frame, pictures, boxes and lines (in
/// that paint order) and any rules it draws.
pub struct Placed {
    pub frame: Frame,
    pub boxes: Vec<BoxItem>,
    /// Pictures, painted first (boxes and lines go over them).
    pub images: Vec<ImageItem>,
    pub lines: Vec<TextLine>,
    pub rules: Vec<crate::page::Rule>,
}

/// Sets display text of one piece of furniture on the page grid.
pub(crate) struct Painter<'a, 'f> {
    issue: &'a Issue,
    setter: &'a mut Setter<'f>,
    origin: Origin<'a>,
    /// Where the item is declared, for errors.
    loc: &'a Loc,
    pub lines: Vec<TextLine>,
}

impl<'a, 'f> Painter<'a, 'f> {
    pub fn new(
        issue: &'a Issue,
        setter: &'a mut Setter<'f>,
        loc: &'a Loc,
        what: impl Into<String>,
    ) -> Self {
        Painter {
            issue,
            setter,
            origin: Origin {
                file: &issue.path,
                what: what.into(),
            },
            loc,
            lines: Vec::new(),
        }
    }

    /// Set `text` in `style` over base columns `col..col+cols` starting at body line
    /// `row`; returns the body lines it takes.
    pub fn text(
        &mut self,
        style: StyleId,
        role: Role,
        text: &str,
        col: u32,
        cols: u32,
        row: u32,
    ) -> Result<u32, Diagnostics> {
        self.text_in(style, role, None, text, col, cols, row, 0.0)
    }

    /// Like [`Painter::text`], with the style's alignment replaced by `align` and the
    /// measure narrowed by `inset` points on its right.
    #[allow(clippy::too_many_arguments)] // a style, a role and an alignment, the text, and its cell of the grid
    pub fn text_in(
        &mut self,
        style: StyleId,
        role: Role,
        align: Option<Align>,
        text: &str,
        col: u32,
        cols: u32,
        row: u32,
        inset: f64,
    ) -> Result<u32, Diagnostics> {
        let g = &self.issue.layout.grid;
        let at = DisplayAt {
            style,
            role,
            x: g.col_x(col),
            width: g.span_width(cols) - inset,
            top: g.row_y(row),
        };
        let block = set_display(
            self.setter,
            &self.issue.layout,
            at,
            align,
            text,
            &self.origin,
        )
        .map_err(|e| Diagnostics(e.into_iter().map(|d| self.locate(d)).collect()))?;
        self.lines.extend(block.lines);
        Ok(block.rows)
    }

    /// Point a diagnostic without a position at the item's declaration.
    fn locate(&self, d: crate::diag::Diagnostic) -> crate::diag::Diagnostic {
        if d.pos.is_none() {
            d.located(self.loc)
        } else {
            d
        }
    }
}

/// The rectangle of an area of page-grid cells.
pub(crate) fn area_rect(issue: &Issue, a: &Area) -> Rect {
    let g = &issue.layout.grid;
    Rect::new(
        g.col_x(a.col),
        g.row_y(a.row),
        g.span_width(a.cols),
        f64::from(a.rows) * g.line_pitch,
    )
}

/// A box inset from the top and bottom of an area so it sits on the em boxes of the
/// body lines it spans (half the line gap at each end).
pub(crate) fn inset_rect(issue: &Issue, rect: Rect) -> Rect {
    let g = &issue.layout.grid;
    let inset = (g.line_pitch - g.char_size) / 2.0;
    Rect::new(rect.x, rect.y + inset, rect.w, rect.h - 2.0 * inset)
}
