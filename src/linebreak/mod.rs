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
//! * [`normalize_wire_text`] — called by the spec stage on each paragraph before shaping.
//!   [`normalize::normalize_wire_pieces`] does the same for a block given as runs of one
//!   face and says where each run landed (the article format's inline runs).
//!
//! Pipeline (one file per step):
//!
//! 1. [`normalize`] — wire copy clean-up (before shaping, called by the spec stage).
//! 2. [`classes`] — each character's composition class (tables).
//! 3. [`kinsoku`] — UAX #14 opportunities + the kinsoku overlay (tables per level).
//! 4. [`items`] — clusters with punctuation widths, pair compression, CJK–Latin gaps.
//! 5. [`optimize`] — total-fit breaking per measure (cached), greedy fallback, emergency
//!    breaks inside a unit wider than the measure.
//! 6. [`assemble`] — edge adjustments, justification, glyph positions, line report.
//!
//! Dropped spaces: a space at a line end (where UAX #14 puts the break) stays in that
//! line's `text` range but produces no glyph and no width; so line texts concatenate
//! back to the paragraph text exactly.

use std::ops::Range;

use crate::text::{FontId, ShapedText};

pub mod assemble;
pub mod classes;
pub mod items;
pub mod kinsoku;
pub mod looseness;
pub mod normalize;
pub mod optimize;
#[doc(hidden)]
pub mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_mixed;

pub use normalize::{control_characters, normalize_wire_text};

/// Kinsoku level (避头尾 strictness), CLReq "Prohibition Rules for Line Start and Line End".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KinsokuLevel {
    None,
    Basic,
    #[default]
    Gb,
    Strict,
}

/// Punctuation house style (标点风格), docs/cjk-rules.md §3.4.
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

/// Which adjustment to try first when a line violates kinsoku (docs/cjk-rules.md §2).
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
    /// Hyphenation of Western words ([`Hyphenation`]); `None` = never hyphenate.
    pub hyphenation: Option<Hyphenation>,
    /// Looseness limits: lines spread beyond them are reported ([`Looseness`]).
    pub looseness: Looseness,
    /// Fill each line as full as it goes (first fit) instead of the total-fit optimum:
    /// verse, whose turnovers must not be evened out with the line above them.
    pub first_fit: bool,
}

/// Hyphenation of Latin-script words inside Chinese text (CLReq "Handling Western Text
/// in Chinese Text": Western words break by the rules of their language), with the
/// TeX patterns embedded in the `hypher` crate. Only plain words are hyphenated: all
/// lower case or capitalised, letters only (no digits, no `-`, `.`, `/`, no internal
/// capitals), so product names, commands and paths are never split with a hyphen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hyphenation {
    /// ISO 639-1 code of the patterns: `en`, `de` or `fr`.
    pub lang: [u8; 2],
    /// Words shorter than this (characters) are not hyphenated.
    pub min_word: usize,
    /// Fewest characters before / after the hyphen.
    pub min_left: usize,
    pub min_right: usize,
}

impl Hyphenation {
    /// The languages with embedded patterns.
    pub const LANGS: &'static [&'static str] = &["en", "de", "fr"];

    /// English with the usual limits (TeX: 2 before, 3 after; words of 6 or more).
    pub const ENGLISH: Hyphenation = Hyphenation {
        lang: *b"en",
        min_word: 6,
        min_left: 2,
        min_right: 3,
    };
}

/// The widest extra space a justified line may put at one gap before it is reported
/// (an editor can then rewrite the line), in em; `None` = no limit.
/// CLReq "Procedures for Inter-Character Space Expansion": the expansion of CJK
/// inter-character gaps and of word spaces are limited separately.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Looseness {
    /// Extra space at one CJK inter-character (or CJK–Latin) gap.
    pub max_cjk_gap: Option<f64>,
    /// Extra space at one word space.
    pub max_word_space: Option<f64>,
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
            hyphenation: None,
            looseness: Looseness::default(),
            first_fit: false,
        }
    }
}

/// A paragraph prepared for breaking.
#[derive(Debug, Clone)]
pub struct Paragraph {
    shaped: ShapedText,
    comp: Composition,
    items: Vec<items::BreakItem>,
    hot: Vec<items::Hot>,
}

/// Prepare a shaped paragraph. `keep_together` are byte ranges that must not be broken
/// (e.g. a jump line `（下转第二版①）` appended to the text, newspaper convention
/// docs/cjk-rules.md §6.4).
pub fn prepare(
    shaped: &ShapedText,
    keep_together: &[Range<usize>],
    comp: &Composition,
) -> Paragraph {
    prepare_shaped(shaped.clone(), keep_together, comp)
}

/// [`prepare`], keeping `shaped` instead of a copy of it.
pub fn prepare_shaped(
    shaped: ShapedText,
    keep_together: &[Range<usize>],
    comp: &Composition,
) -> Paragraph {
    let items = items::build_items(&shaped, keep_together, comp);
    Paragraph {
        hot: items::hot(&items),
        items,
        shaped,
        comp: comp.clone(),
    }
}

impl Paragraph {
    pub fn text(&self) -> &str {
        &self.shaped.text
    }

    /// The paragraph's type size (1 em), in points.
    pub fn size(&self) -> f64 {
        self.shaped.size
    }

    /// Start breaking from the paragraph's beginning.
    pub fn cursor(&self) -> LineCursor<'_> {
        LineCursor {
            para: self,
            pos: 0,
            tables: Vec::new(),
        }
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

    /// The inseparable unit around byte offset `at` (a line break inside it, see
    /// [`BreakReason::Emergency`]): the byte range between the allowed breaks before and
    /// after `at`. Used to name the broken word in warnings.
    pub fn unit_at(&self, at: usize) -> Range<usize> {
        let items = &self.items;
        let k = items.partition_point(|it| it.text.end <= at);
        let start = items
            .get(..=k.min(items.len().saturating_sub(1)))
            .and_then(|head| head.iter().rev().find(|it| it.breakable))
            .map_or(0, |it| it.text.start);
        let end = items
            .get(k + 1..)
            .and_then(|tail| tail.iter().position(|it| it.breakable))
            .and_then(|i| items.get(k + 1 + i))
            .map_or(self.shaped.text.len(), |it| it.text.start);
        start..end.max(start)
    }

    /// Report of the paragraph set at one measure (see [`Line::report`]).
    pub fn report(&self, width: f64) -> String {
        assemble::report_lines(&self.lines(width), self.text())
    }

    fn em(&self) -> f64 {
        self.shaped.size
    }

    fn indent_at(&self, pos: usize) -> f64 {
        if pos == 0 {
            self.comp.indent * self.em()
        } else {
            0.0
        }
    }
}

/// A saved cursor position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint(usize);

/// How many measures' optimum tables a cursor keeps (flow uses one or two widths per
/// story: the column, and a narrower one beside a picture).
const CACHED_MEASURES: usize = 4;

/// Resumable line breaking: the caller gives each line's measure. The state is only a
/// position; the optimum for the rest of the paragraph at each measure is cached.
#[derive(Debug, Clone)]
pub struct LineCursor<'a> {
    para: &'a Paragraph,
    /// Index of the next item to set.
    pos: usize,
    /// Optimum tables by measure (bit pattern of the width in points).
    tables: Vec<(u64, Vec<optimize::Step>)>,
}

impl LineCursor<'_> {
    pub fn is_done(&self) -> bool {
        self.pos >= self.para.items.len()
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
            .items
            .get(self.pos)
            .map_or(self.para.shaped.text.len(), |i| i.text.start)
    }

    /// Set the next line at measure `width` (points). `None` when the paragraph is done.
    pub fn next_line(&mut self, width: f64) -> Option<Line> {
        let para = self.para;
        let items = &para.items;
        let n = items.len();
        let a = self.pos;
        if a >= n {
            return None;
        }
        let (em, comp) = (para.em(), &para.comp);
        let indent = para.indent_at(a);
        let step = if n > optimize::MAX_OPTIMISED_ITEMS || width < em || comp.first_fit {
            optimize::greedy(items, &para.hot, a, width, indent, comp, em)
        } else {
            self.step_at(width, a)
        };
        let indent = if step.unindented { 0.0 } else { indent };
        let mut line = assemble::assemble(&assemble::LineSpec {
            shaped: &para.shaped,
            items,
            comp,
            a,
            step,
            width,
            indent,
            reason: BreakReason::Fit,
        });
        line.reason = self.reason(a, step, width, line.natural);
        self.pos = step.next.clamp(a + 1, n);
        Some(line)
    }

    /// The optimum's line from item `a` at `width`. `a` may lie inside an inseparable
    /// (after an emergency break at another measure): its step is then settled on demand
    /// against the cached table.
    fn step_at(&mut self, width: f64, a: usize) -> optimize::Step {
        let p = self.para;
        let (em, comp) = (p.em(), &p.comp);
        let idx = self.table_index(width);
        let Some((_, steps)) = self.tables.get_mut(idx) else {
            return optimize::greedy(&p.items, &p.hot, a, width, p.indent_at(a), comp, em);
        };
        optimize::settle(
            &p.items,
            &p.hot,
            steps,
            a,
            width,
            comp.indent * em,
            comp,
            em,
        );
        match steps.get(a) {
            Some(s) if s.cost.is_finite() => *s,
            _ => optimize::greedy(&p.items, &p.hot, a, width, p.indent_at(a), comp, em),
        }
    }

    /// The optimum table for `width`, computed on first use.
    fn table(&mut self, width: f64) -> &[optimize::Step] {
        let idx = self.table_index(width);
        self.tables.get(idx).map_or(&[], |t| t.1.as_slice())
    }

    /// Take over the optimum tables `other` (a clone of this cursor that went further)
    /// computed: they depend only on the paragraph and the measure, so this cursor sets
    /// the same lines without breaking the paragraph again.
    pub fn adopt_tables(&mut self, other: LineCursor<'_>) {
        for (key, steps) in other.tables {
            match self.tables.iter_mut().find(|t| t.0 == key) {
                Some(mine) => mine.1 = steps,
                None => {
                    if self.tables.len() >= CACHED_MEASURES {
                        self.tables.remove(0);
                    }
                    self.tables.push((key, steps));
                }
            }
        }
    }

    /// Index in `tables` of the optimum for `width`, computed on first use.
    fn table_index(&mut self, width: f64) -> usize {
        let key = width.to_bits();
        match self.tables.iter().position(|t| t.0 == key) {
            Some(i) => i,
            None => {
                let p = self.para;
                let steps = optimize::solve(
                    &p.items,
                    &p.hot,
                    width,
                    p.comp.indent * p.em(),
                    &p.comp,
                    p.em(),
                );
                if self.tables.len() >= CACHED_MEASURES {
                    self.tables.remove(0);
                }
                self.tables.push((key, steps));
                self.tables.len() - 1
            }
        }
    }

    /// Why the line `[a, step.next)` ends where it does (for the report); `natural`
    /// is the line's natural width including the indent.
    fn reason(&mut self, a: usize, step: optimize::Step, width: f64, natural: f64) -> BreakReason {
        let p = self.para;
        let (items, em, comp) = (&p.items, p.em(), &p.comp);
        let n = items.len();
        let b = step.next;
        if b >= n {
            return BreakReason::End;
        }
        match step.kind {
            optimize::StepKind::Overflow => return BreakReason::Overflow,
            optimize::StepKind::Emergency => return BreakReason::Emergency,
            optimize::StepKind::Normal => {}
        }
        if items.get(b).is_some_and(|it| it.hyphen) {
            return BreakReason::Hyphen;
        }
        if items.get(b).is_some_and(|it| it.url_break.is_some()) {
            return BreakReason::Path;
        }
        if natural > width + optimize::EPS * em {
            return BreakReason::PushIn;
        }
        // Orphan: the next line is the last, and the longest line from here would have
        // left a lone character for it.
        let next_is_last = n <= optimize::MAX_OPTIMISED_ITEMS
            && self
                .table(width)
                .get(b)
                .is_some_and(|s| s.cost.is_finite() && s.next >= n);
        if comp.orphan_fix && next_is_last {
            let indent = p.indent_at(a);
            let greedy = optimize::greedy(items, &p.hot, a, width, indent, comp, em);
            if greedy.next > b && greedy.next < n {
                let e = items[greedy.next..n]
                    .iter()
                    .rposition(|it| !it.space)
                    .map_or(greedy.next, |k| greedy.next + k);
                if optimize::is_orphan(items, greedy.next, e) {
                    return BreakReason::Orphan;
                }
            }
        }
        let next_w = items.get(b).map_or(0.0, |it| it.width() + it.gap_before);
        if natural + next_w <= width + optimize::EPS * em {
            BreakReason::PushOut
        } else {
            BreakReason::Fit
        }
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
    /// The widest extra space justification put at one gap of the line (inter-character,
    /// CJK–Latin, word space or letter gap), in em; 0 for a line at natural width.
    pub worst_gap: f64,
    /// The line ends in a hyphenated word: a hyphen glyph (with an empty text range) was
    /// added at its end.
    pub hyphenated: bool,
}

impl Line {
    /// The line is justified by spreading the letters of a Western word or number apart
    /// (the last resort, [`AdjustmentKind::Letterspace`]).
    pub fn letterspaced(&self) -> bool {
        self.adjustments
            .iter()
            .any(|a| a.kind == AdjustmentKind::Letterspace)
    }
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
    /// Space added between two letters or digits of a Western word or number: the last
    /// resort of justification, used only on a line with no other gap to spread
    /// (docs/cjk-rules.md §2.2; reported per line).
    Letterspace,
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
    /// The line ends inside a Western word at a hyphenation point; a hyphen is added.
    Hyphen,
    /// The line ends inside a URL, path or e-mail address, after a delimiter (no hyphen);
    /// a line lying wholly inside one is set flush left, not letterspaced.
    Path,
    /// Emergency break: the line ends inside an inseparable (a Latin word, URL or
    /// letter/digit run) wider than the measure alone, between two clusters, with no
    /// hyphen added; the line is set flush unless it has ordinary gaps (docs/cjk-rules.md §2.1
    /// step 4 "last resort"; CSS Text 3 `overflow-wrap: anywhere`). Flow reports it.
    Emergency,
    /// A single cluster is wider than the measure; the line overflows (reported).
    Overflow,
}
