//! Last step: set one chosen line — edge adjustments, justification (两端对齐) in the
//! CLReq priority order, glyph positions — and the human-readable line report.

use std::fmt::Write as _;

use super::classes::CharClass;
use super::items::{BreakItem, GapKind, ShrinkPrio, SPACE_STRETCH_CAP};
use super::optimize::{Step, StepKind, EPS};
use super::{Adjustment, AdjustmentKind, BreakReason, Composition, Line, LineGlyph};
use crate::text::{HyphenGlyph, ShapedText};

/// Where an adjustable amount sits.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Left(usize),
    Right(usize),
    Space(usize),
    /// The gap before item `i`.
    Gap(usize),
}

/// Per-line mutable spacing, indexed by item from the line's first (one allocation a
/// line: this runs for every line set).
struct Spacing {
    at: Vec<Sides>,
}

/// One item's adjustable amounts.
#[derive(Clone, Copy)]
struct Sides {
    left: f64,
    right: f64,
    space: f64,
    gap: f64,
}

impl Spacing {
    fn slot(&mut self, s: Slot, a: usize) -> Option<&mut f64> {
        match s {
            Slot::Left(i) => self.at.get_mut(i - a).map(|x| &mut x.left),
            Slot::Right(i) => self.at.get_mut(i - a).map(|x| &mut x.right),
            Slot::Space(i) => self.at.get_mut(i - a).map(|x| &mut x.space),
            Slot::Gap(i) => self.at.get_mut(i - a).map(|x| &mut x.gap),
        }
    }
}

/// Inputs for setting one line.
pub struct LineSpec<'a> {
    pub shaped: &'a ShapedText,
    pub items: &'a [BreakItem],
    pub comp: &'a Composition,
    pub a: usize,
    pub step: Step,
    pub width: f64,
    pub indent: f64,
    pub reason: BreakReason,
}

/// The items of one line: `a` the first, `b` one past the last, `e` the last that is
/// not a space, and `hung` the mark hung past the measure (`e`, when the step hangs it).
#[derive(Debug, Clone, Copy)]
struct Span {
    a: usize,
    b: usize,
    e: usize,
    hung: Option<usize>,
}

/// Set the line `[a, step.next)` at `width`.
pub fn assemble(spec: &LineSpec<'_>) -> Line {
    let LineSpec {
        shaped,
        items,
        width,
        indent,
        ..
    } = *spec;
    let em = shaped.size;
    let span = line_span(spec);
    let Span { a, b, e, hung } = span;
    let last = b == items.len();
    let text = items.get(a).map_or(0, |it| it.text.start)
        ..items.get(b - 1).map_or(shaped.text.len(), |it| it.text.end);

    let (mut sp, mut adjustments) = natural_spacing(items, span);
    let hyphen = line_hyphen(items, span);
    let hyphen_w = hyphen.map_or(0.0, |h| h.advance);
    let natural = indent + content_width(items, a, e, hung, &sp) + hyphen_w;

    justify(spec, span, natural, &mut sp, &mut adjustments);
    record_cjk_latin_spaces(items, span, &sp, &mut adjustments);

    let (mut glyphs, mut end_x) =
        place_glyphs(shaped, items, a, e, hung, indent, &sp, &mut adjustments);
    if let Some(h) = hyphen {
        let at = items.get(e).map_or(text.end, |it| it.text.end);
        glyphs.push(hyphen_glyph(h, end_x, at));
        end_x += h.advance;
    }
    adjustments.sort_by_key(|adj| adj.at);
    let worst_gap = worst_gap(&adjustments, em);
    Line {
        text,
        glyphs,
        indent,
        natural,
        width: end_x,
        measure: width,
        last,
        adjustments,
        reason: spec.reason,
        worst_gap,
        hyphenated: hyphen.is_some(),
    }
}

/// Where the line's items end, the last that is not a space, and the hung mark.
fn line_span(spec: &LineSpec<'_>) -> Span {
    let LineSpec { items, a, step, .. } = *spec;
    let b = step.next.clamp(a + 1, items.len());
    let line_items = items.get(a..b).unwrap_or(&[]);
    let e = line_items
        .iter()
        .rposition(|it| !it.space)
        .map_or(a, |k| a + k);
    let hung = step.hang.then_some(e);
    Span { a, b, e, hung }
}

/// Natural spacing with the mandatory edge adjustments (see [`record_mandatory`]).
fn natural_spacing(items: &[BreakItem], span: Span) -> (Spacing, Vec<Adjustment>) {
    let Span { a, e, .. } = span;
    let count = e + 1 - a;
    let mut sp = Spacing {
        at: Vec::with_capacity(count),
    };
    let mut adjustments = Vec::new();
    for (i, it) in items.iter().enumerate().take(e + 1).skip(a) {
        sp.at.push(Sides {
            left: if i == a { it.start_left } else { it.left },
            right: if i == e { 0.0 } else { it.right },
            space: if it.space { it.adv } else { 0.0 },
            gap: if i == a { 0.0 } else { it.gap_before },
        });
        record_mandatory(it, i, a, e, &mut adjustments);
    }
    (sp, adjustments)
}

/// The hyphen of a line ending at a hyphenation point: in the font of the last letter,
/// set after the last glyph.
fn line_hyphen(items: &[BreakItem], span: Span) -> Option<HyphenGlyph> {
    let Span { b, e, .. } = span;
    items
        .get(b)
        .filter(|it| it.hyphen && b < items.len())
        .and_then(|_| items.get(e)?.hyphen_glyph)
}

/// Justify: shrink when too wide (push-in), stretch when short (not on the last line,
/// nor on a line set flush, see [`set_flush`]).
fn justify(
    spec: &LineSpec<'_>,
    span: Span,
    natural: f64,
    sp: &mut Spacing,
    adjustments: &mut Vec<Adjustment>,
) {
    let LineSpec {
        items, comp, width, ..
    } = *spec;
    let em = spec.shaped.size;
    let Span { a, b, e, hung } = span;
    let last = b == items.len();
    let flush = set_flush(spec, span);
    let delta = width - natural;
    if delta < -EPS * em {
        shrink(items, a, e, hung, -delta, sp, adjustments);
    } else if delta > EPS * em && comp.justify && !last && !flush {
        stretch(items, a, e, hung, delta, em, sp, adjustments);
    }
}

/// Whether a short line is set flush rather than spread.
fn set_flush(spec: &LineSpec<'_>, span: Span) -> bool {
    let items = spec.items;
    let Span { a, b, e, hung } = span;
    // A line ending inside an inseparable (emergency break) is set flush unless it has
    // an ordinary gap to spread: spreading the letters of a broken word or URL would
    // only make the break look deliberate (CLReq expansion: inner gaps last resort).
    let flush = spec.step.kind == StepKind::Emergency
        && !(a + 1..=e).any(|i| items[i].gap_kind == GapKind::Inter && hung != Some(i));
    // A line inside a URL, path or e-mail address with no other gap is set flush left
    // too ([`super::optimize::url_ragged`]): Latin text is never letterspaced.
    let url_flush = items.get(b).is_some_and(|it| it.url_break.is_some())
        && !items[a].space
        && (a + 1..=e).all(|i| {
            let it = &items[i];
            it.gap_kind == GapKind::Letter && !it.space && it.gap_before == 0.0
        });
    flush || url_flush
}

/// Record the space set at each CJK–Latin gap of the line (none before a hung mark).
fn record_cjk_latin_spaces(
    items: &[BreakItem],
    span: Span,
    sp: &Spacing,
    adjustments: &mut Vec<Adjustment>,
) {
    let Span { a, e, hung, .. } = span;
    for i in a + 1..=e {
        if items[i].gap_before > 0.0 && hung != Some(i) {
            adjustments.push(Adjustment {
                at: items[i - 1].text.start,
                kind: AdjustmentKind::CjkLatinSpace,
                amount: sp.at[i - a].gap,
            });
        }
    }
}

/// The line-end hyphen `h` as a glyph at `x`, for the empty text range at `at`.
fn hyphen_glyph(h: HyphenGlyph, x: f64, at: usize) -> LineGlyph {
    LineGlyph {
        font: h.font,
        id: h.id,
        x,
        y_offset: 0.0,
        advance: h.advance,
        text: at..at,
    }
}

/// The widest extra space at one gap, em: the expansion adjustments summed per position
/// (a gap may take a capped share first and more in a later step).
fn worst_gap(adjustments: &[Adjustment], em: f64) -> f64 {
    let mut worst: f64 = 0.0;
    let mut k = 0;
    while k < adjustments.len() {
        let at = adjustments[k].at;
        let mut sum = 0.0;
        while k < adjustments.len() && adjustments[k].at == at {
            if matches!(
                adjustments[k].kind,
                AdjustmentKind::Stretch | AdjustmentKind::Letterspace
            ) {
                sum += adjustments[k].amount;
            }
            k += 1;
        }
        worst = worst.max(sum / em);
    }
    worst
}

/// Adjacent-mark compression, line-start trim and line-end half of item `i`.
fn record_mandatory(it: &BreakItem, i: usize, a: usize, e: usize, out: &mut Vec<Adjustment>) {
    let at = it.text.start;
    let mut push = |kind, amount: f64| {
        if amount.abs() > 1e-9 {
            out.push(Adjustment { at, kind, amount });
        }
    };
    if i > a {
        push(AdjustmentKind::PairCompression, -it.pair_left);
    } else {
        push(AdjustmentKind::LineStartTrim, it.start_left - it.left_raw);
    }
    if i < e {
        push(AdjustmentKind::PairCompression, -it.pair_right);
    } else {
        push(AdjustmentKind::LineEndHalf, -(it.right + it.pair_right));
    }
}

fn content_width(
    items: &[BreakItem],
    a: usize,
    e: usize,
    hung: Option<usize>,
    sp: &Spacing,
) -> f64 {
    let mut w = 0.0;
    for (i, it) in items.iter().enumerate().take(e + 1).skip(a) {
        if hung == Some(i) {
            continue;
        }
        let k = i - a;
        w += sp.at[k].gap;
        w += if it.space {
            sp.at[k].space
        } else {
            sp.at[k].left + it.glyph_w + sp.at[k].right
        };
    }
    w
}

/// Reduction in the CLReq priority order (docs/cjk-rules.md §2.2): each priority class is
/// used up, spread in proportion to capacity, before the next is touched.
fn shrink(
    items: &[BreakItem],
    a: usize,
    e: usize,
    hung: Option<usize>,
    need: f64,
    sp: &mut Spacing,
    adj: &mut Vec<Adjustment>,
) {
    let mut slots: Vec<(ShrinkPrio, f64, Slot, usize)> = Vec::new();
    for i in a..=e {
        let it = &items[i];
        if hung == Some(i) {
            continue;
        }
        let prio = match it.first.1 {
            CharClass::MiddleDot => ShrinkPrio::Interpunct,
            CharClass::Open | CharClass::Close => ShrinkPrio::Bracket,
            CharClass::Pause => ShrinkPrio::Pause,
            _ => ShrinkPrio::Stop,
        };
        if i > a && it.shrink_left > 0.0 {
            slots.push((prio, it.shrink_left, Slot::Left(i), it.text.start));
        }
        if i < e && it.shrink_right > 0.0 {
            slots.push((prio, it.shrink_right, Slot::Right(i), it.text.start));
        }
        if it.space && it.shrink_space > 0.0 {
            slots.push((
                ShrinkPrio::WordSpace,
                it.shrink_space,
                Slot::Space(i),
                it.text.start,
            ));
        }
        if i > a && it.shrink_gap > 0.0 {
            slots.push((
                ShrinkPrio::CjkLatin,
                it.shrink_gap,
                Slot::Gap(i),
                items[i - 1].text.start,
            ));
        }
    }
    slots.sort_by_key(|s| s.0);
    let mut left = need;
    let mut k = 0;
    while k < slots.len() && left > 1e-9 {
        let prio = slots[k].0;
        let end = k + slots[k..].iter().take_while(|s| s.0 == prio).count();
        let cap: f64 = slots[k..end].iter().map(|s| s.1).sum();
        let take = left.min(cap);
        for &(_, c, slot, at) in &slots[k..end] {
            let amount = take * c / cap;
            if let Some(v) = sp.slot(slot, a) {
                *v -= amount;
            }
            adj.push(Adjustment {
                at,
                kind: AdjustmentKind::PushIn,
                amount: -amount,
            });
        }
        left -= take;
        k = end;
    }
}

/// Expansion in the CLReq order (docs/cjk-rules.md §2.2, CLReq "Procedures for
/// Inter-Character Space Expansion"), never letterspacing Western text while any other
/// gap exists:
///
/// 1. word spaces, then CJK–Latin spaces, each up to ¼ em more;
/// 2. every ordinary CJK inter-character gap ([`GapKind::Inter`]) evenly;
/// 3. without those: word spaces and CJK–Latin spaces beyond ¼ em, evenly;
/// 4. without those: the gaps next to marks and connectors ([`GapKind::Inner`]);
/// 5. only on a line with no other gap at all: the gaps between the letters and digits
///    of Western words and numbers ([`GapKind::Letter`]), recorded as
///    [`AdjustmentKind::Letterspace`] so the line is reported.
#[allow(clippy::too_many_arguments)] // the paragraph's arrays and the line's settings (hot path)
fn stretch(
    items: &[BreakItem],
    a: usize,
    e: usize,
    hung: Option<usize>,
    need: f64,
    em: f64,
    sp: &mut Spacing,
    adj: &mut Vec<Adjustment>,
) {
    let mut left = need;
    let cap = SPACE_STRETCH_CAP * em;
    let spaces: Vec<Slot> = (a..=e)
        .filter(|&i| items[i].space)
        .map(Slot::Space)
        .collect();
    let latin_gaps: Vec<Slot> = (a + 1..=e)
        .filter(|&i| items[i].gap_before > 0.0 && hung != Some(i))
        .map(Slot::Gap)
        .collect();
    for group in [&spaces, &latin_gaps] {
        if group.is_empty() || left <= 1e-9 {
            continue;
        }
        let each = (left / group.len() as f64).min(cap);
        spread(items, a, group, each, AdjustmentKind::Stretch, sp, adj);
        left -= each * group.len() as f64;
    }
    if left <= 1e-9 {
        return;
    }
    let last_gap = if hung.is_some() {
        e.saturating_sub(1)
    } else {
        e
    };
    let gaps = |kind: GapKind| -> Vec<Slot> {
        (a + 1..=last_gap)
            .filter(|&i| items[i].gap_kind == kind)
            .map(Slot::Gap)
            .collect()
    };
    let word_spaces: Vec<Slot> = spaces.iter().chain(&latin_gaps).copied().collect();
    let steps = [
        (gaps(GapKind::Inter), AdjustmentKind::Stretch),
        (word_spaces, AdjustmentKind::Stretch),
        (gaps(GapKind::Inner), AdjustmentKind::Stretch),
        (gaps(GapKind::Letter), AdjustmentKind::Letterspace),
    ];
    if let Some((chosen, kind)) = steps.into_iter().find(|s| !s.0.is_empty()) {
        let each = left / chosen.len() as f64;
        spread(items, a, &chosen, each, kind, sp, adj);
    }
}

/// Add `each` to every slot of `group` and record it.
fn spread(
    items: &[BreakItem],
    a: usize,
    group: &[Slot],
    each: f64,
    kind: AdjustmentKind,
    sp: &mut Spacing,
    adj: &mut Vec<Adjustment>,
) {
    for &slot in group {
        if let Some(v) = sp.slot(slot, a) {
            *v += each;
        }
        let at = match slot {
            Slot::Gap(i) => items[i - 1].text.start,
            Slot::Space(i) | Slot::Left(i) | Slot::Right(i) => items[i].text.start,
        };
        adj.push(Adjustment {
            at,
            kind,
            amount: each,
        });
    }
}

/// Glyph positions; returns them and the line's right edge (without a hung mark).
#[allow(clippy::too_many_arguments)] // the paragraph's arrays and the line's settings (hot path)
fn place_glyphs(
    shaped: &ShapedText,
    items: &[BreakItem],
    a: usize,
    e: usize,
    hung: Option<usize>,
    indent: f64,
    sp: &Spacing,
    adj: &mut Vec<Adjustment>,
) -> (Vec<LineGlyph>, f64) {
    let mut out = Vec::with_capacity(e + 1 - a);
    let mut pen = indent;
    let mut end_x = indent;
    for (i, it) in items.iter().enumerate().take(e + 1).skip(a) {
        let k = i - a;
        if hung != Some(i) {
            pen += sp.at[k].gap;
        }
        let (left, right) = (sp.at[k].left, sp.at[k].right);
        let shift = if it.left_raw > 0.0 {
            it.half_x * (it.left_raw - left) / it.left_raw
        } else {
            0.0
        };
        let glyphs = shaped.glyphs.get(it.glyphs.clone()).unwrap_or(&[]);
        let single = glyphs.len() == 1;
        let item_start = pen;
        for (j, g) in glyphs.iter().enumerate() {
            let advance = if it.space {
                sp.at[k].space
            } else if single {
                left + it.glyph_w + right
            } else {
                g.advance
            };
            out.push(LineGlyph {
                font: g.font,
                id: g.id,
                x: pen + g.x_offset + if j == 0 { shift } else { 0.0 },
                y_offset: g.y_offset,
                advance,
                text: if j == 0 {
                    it.text.clone()
                } else {
                    it.text.end..it.text.end
                },
            });
            pen += advance;
        }
        if hung == Some(i) {
            adj.push(Adjustment {
                at: it.text.start,
                kind: AdjustmentKind::Hanging,
                amount: pen - item_start,
            });
        } else {
            end_x = pen;
        }
    }
    (out, end_x)
}

/// A human-readable report of a paragraph's lines: text, widths, adjustments and the
/// reason for each break (for `--report` dumps and golden files).
pub fn report_lines(lines: &[Line], para_text: &str) -> String {
    let mut s = String::new();
    for (k, line) in lines.iter().enumerate() {
        let _ = writeln!(s, "{:>3} {}", k + 1, line.report(para_text));
    }
    s
}

impl Line {
    /// One line's report: `|text|  natural → width / measure pt  reason`, the worst gap
    /// when the line was spread and a mark when it was letterspaced, then one indented
    /// row per adjustment (`at` shown as the character it applies to).
    pub fn report(&self, para_text: &str) -> String {
        let text = para_text.get(self.text.clone()).unwrap_or("");
        let mut s = format!(
            "|{}|  natural {:.2} → {:.2} / {:.2} pt  {:?}",
            text, self.natural, self.width, self.measure, self.reason
        );
        if self.worst_gap > 0.0 {
            let _ = write!(s, "  worst gap {:.2} em", self.worst_gap);
        }
        if self.letterspaced() {
            s.push_str("  LETTERSPACED (last resort)");
        }
        for adj in &self.adjustments {
            let ch = para_text
                .get(adj.at..)
                .and_then(|t| t.chars().next())
                .unwrap_or(' ');
            let _ = write!(
                s,
                "\n      {ch} @{} {:?} {:+.2}",
                adj.at, adj.kind, adj.amount
            );
        }
        s
    }
}
