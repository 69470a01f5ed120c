//! Stage 3, linebreak: Chinese line composition.
//!
//! INTERFACE CONTRACT (the flow stage depends on exactly this surface):
//!
//! * [`Composition`] — the per-style composition settings from the layout.
//! * [`prepare`] — turn a [`ShapedText`] paragraph into a [`Paragraph`] (break
//!   opportunities, kinsoku, punctuation widths, CJK–Latin spacing) once.
//! * [`Paragraph::cursor`] → [`LineCursor`]: resumable breaking. `next_line(width)` sets
//!   the next line at the given measure; `checkpoint()` / `revert_to()` let flow back up.
//! * [`Line`] — a finished line: glyphs with x relative to the column's left edge,
//!   source byte range, widths, adjustments and why it broke there.

use std::ops::Range;

mod normalize;
pub use normalize::normalize_wire_text;

use crate::text::{FontId, ShapedText};

/// Kinsoku level (避头尾 strictness), CLReq "Prohibition Rules for Line Start and Line End".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KinsokuLevel {
    None,
    Basic,
    #[default]
    Gb,
    Strict,
}

/// Punctuation house style (标点风格), cjk-rules.md §3.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PunctStyle {
    /// 全身: every mark 1 em, pairs compressed (the GB/T 15834 baseline with §3.2, §3.3).
    #[default]
    Quanjiao,
    /// 开明: `。？！` full width, other marks half width.
    Kaiming,
    /// 半身: all marks half width.
    Banjiao,
    /// 行末半角: full width except at line end.
    HangmoBanjiao,
}

/// Which adjustment to try first when a line violates kinsoku (cjk-rules.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AdjustPolicy {
    #[default]
    PushInFirst,
    PushOutOnly,
}

/// Composition settings of one text style.
#[derive(Debug, Clone, PartialEq)]
pub struct Composition {
    pub kinsoku: KinsokuLevel,
    pub punct: PunctStyle,
    pub policy: AdjustPolicy,
    /// Trim the leading half em of an opening bracket at line start.
    pub trim_start: bool,
    /// Let `，、。` hang outside the measure.
    pub hanging: bool,
    /// Avoid a last line of one Han character (孤字).
    pub orphan_fix: bool,
    /// CJK–Latin space in em (¼ by default; 0 turns it off).
    pub cjk_latin_space: f64,
    /// First-line indent in em (2 for body text).
    pub indent: f64,
    /// Justify non-final lines to the measure (两端对齐); false = start-aligned.
    pub justify: bool,
}

impl Default for Composition {
    fn default() -> Self {
        Composition {
            kinsoku: KinsokuLevel::Gb,
            punct: PunctStyle::Quanjiao,
            policy: AdjustPolicy::PushInFirst,
            trim_start: false,
            hanging: false,
            orphan_fix: true,
            cjk_latin_space: 0.25,
            indent: 2.0,
            justify: true,
        }
    }
}

/// A paragraph prepared for breaking.
#[derive(Debug, Clone)]
pub struct Paragraph {
    shaped: ShapedText,
    comp: Composition,
}

/// Prepare a shaped paragraph. `keep_together` are byte ranges that must not be broken
/// (e.g. a jump line `（下转第二版①）` appended to the text).
pub fn prepare(
    shaped: &ShapedText,
    keep_together: &[Range<usize>],
    comp: &Composition,
) -> Paragraph {
    let _ = keep_together;
    Paragraph {
        shaped: shaped.clone(),
        comp: comp.clone(),
    }
}

impl Paragraph {
    pub fn text(&self) -> &str {
        &self.shaped.text
    }

    /// Start breaking from the paragraph's beginning.
    pub fn cursor(&self) -> LineCursor<'_> {
        LineCursor { para: self, pos: 0 }
    }

    /// All lines at one measure (convenience for frames of uniform width).
    pub fn lines(&self, width: f64) -> Vec<Line> {
        let mut c = self.cursor();
        let mut out = Vec::new();
        while let Some(l) = c.next_line(width) {
            out.push(l);
        }
        out
    }
}

/// A saved cursor position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint(usize);

/// Resumable line breaking: the caller gives each line's measure.
#[derive(Debug, Clone)]
pub struct LineCursor<'a> {
    para: &'a Paragraph,
    /// Index of the next glyph to set.
    pos: usize,
}

impl LineCursor<'_> {
    pub fn is_done(&self) -> bool {
        self.pos >= self.para.shaped.glyphs.len()
    }

    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.pos)
    }

    pub fn revert_to(&mut self, cp: Checkpoint) {
        self.pos = cp.0;
    }

    /// Byte offset in the paragraph text where the next line starts.
    pub fn text_offset(&self) -> usize {
        self.para
            .shaped
            .glyphs
            .get(self.pos)
            .map_or(self.para.shaped.text.len(), |g| g.cluster)
    }

    /// Set the next line at measure `width` (points). `None` when the paragraph is done.
    /// PLACEHOLDER greedy implementation, replaced by the real engine.
    pub fn next_line(&mut self, width: f64) -> Option<Line> {
        let glyphs = &self.para.shaped.glyphs;
        if self.pos >= glyphs.len() {
            return None;
        }
        let indent = if self.pos == 0 {
            self.para.comp.indent * self.para.shaped.size
        } else {
            0.0
        };
        let start = self.pos;
        let mut x = indent;
        let mut end = start;
        while end < glyphs.len() && (end == start || x + glyphs[end].advance <= width + 0.001) {
            x += glyphs[end].advance;
            end += 1;
        }
        self.pos = end;
        let text_end = glyphs
            .get(end)
            .map_or(self.para.shaped.text.len(), |g| g.cluster);
        let mut out = Vec::new();
        let mut pen = indent;
        for (i, g) in glyphs[start..end].iter().enumerate() {
            let next = glyphs
                .get(start + i + 1)
                .map_or(self.para.shaped.text.len(), |n| n.cluster);
            out.push(LineGlyph {
                font: g.font,
                id: g.id,
                x: pen + g.x_offset,
                y_offset: g.y_offset,
                advance: g.advance,
                text: g.cluster..next.max(g.cluster),
            });
            pen += g.advance;
        }
        Some(Line {
            text: glyphs[start].cluster..text_end,
            glyphs: out,
            indent,
            natural: x,
            width: x,
            measure: width,
            last: end >= glyphs.len(),
            adjustments: Vec::new(),
            reason: BreakReason::Fit,
        })
    }
}

/// One glyph in a set line. `x` is relative to the column's left edge.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGlyph {
    pub font: FontId,
    pub id: u16,
    pub x: f64,
    pub y_offset: f64,
    /// Advance as drawn (after any trimming), in points.
    pub advance: f64,
    /// Byte range of the paragraph text this glyph stands for (empty for extra glyphs of
    /// a cluster).
    pub text: Range<usize>,
}

/// A finished line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Byte range of the paragraph text on this line.
    pub text: Range<usize>,
    pub glyphs: Vec<LineGlyph>,
    /// Indent at the line start, in points (included in glyph x).
    pub indent: f64,
    /// Width at natural spacing (after mandatory punctuation adjustments), points.
    pub natural: f64,
    /// Final width after justification, points (== measure for justified lines).
    pub width: f64,
    /// The measure the line was set to.
    pub measure: f64,
    /// The paragraph's last line.
    pub last: bool,
    /// What was adjusted, for the line report and dump.
    pub adjustments: Vec<Adjustment>,
    pub reason: BreakReason,
}

/// One adjustment applied to a line (for the line report).
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    /// Byte offset in the paragraph text of the character adjusted (or after which space
    /// was added).
    pub at: usize,
    pub kind: AdjustmentKind,
    /// Signed amount in points (negative = compressed).
    pub amount: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentKind {
    /// Adjacent punctuation compressed (CLReq §3.2).
    PairCompression,
    /// Line-end mark set half width (GB/T 15834 §5.1.10).
    LineEndHalf,
    /// Line-start opening bracket trimmed.
    LineStartTrim,
    /// Push-in: mid-line punctuation space reduced.
    PushIn,
    /// CJK–Latin space inserted (or shrunk/stretched).
    CjkLatinSpace,
    /// Inter-character expansion (justification stretch).
    Stretch,
    /// Mark hung outside the measure.
    Hanging,
}

/// Why a line ended where it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakReason {
    /// The natural break: the next unit did not fit.
    Fit,
    /// Kinsoku forced the break earlier (push-out).
    PushOut,
    /// Kinsoku kept a mark on this line by compression (push-in).
    PushIn,
    /// Moved one more unit down to avoid an orphan (孤字).
    Orphan,
    /// End of paragraph.
    End,
    /// No legal break fit; the line overflows (reported).
    Overflow,
}
