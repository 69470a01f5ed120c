//! Total-fit breaking (Knuth–Plass style) over the items of [`super::items`].
//!
//! A backward dynamic program computes, for one measure, the cheapest way to set the
//! rest of the paragraph from every break position. The first line of that optimum is
//! what [`super::LineCursor::next_line`] returns, so the cursor's state is only a
//! position: flow can change the measure for any line or back up, and the table for a
//! measure is computed once and cached. Kinsoku are forbidden breaks (items without
//! `breakable`); infeasible lines are excluded.
//!
//! Emergency breaks (docs/cjk-rules.md §2.1 step 4, "as a last resort"; CSS Text 3
//! `overflow-wrap: anywhere`): when not even the first unit from a position fits —
//! an inseparable (a Latin word, a URL, a long letter/digit run, a kept-together jump
//! line) wider than the measure alone — the line is broken *inside* it, between
//! clusters, so that every piece fits ([`forced`]). The break points depend on the
//! measure, so they are found on demand per measure, never at prepare time: the
//! cursor's position is an item (cluster) index, which addresses any glyph. Only a single
//! cluster wider than the measure is still set as an overflow.
//!
//! Such a unit may also start on a line after other text and break there
//! (`emergency_after`): it is broken anyway, so filling the line before it with its
//! first letters costs at most one more broken piece, which is far better than a line
//! of a few characters spread over the measure. Both kinds of emergency line cost
//! `EMERGENCY_COST` each, and the optimum chooses between them. Breaks inside URLs and
//! e-mail addresses ([`super::items::url_breaks`]) are ordinary candidates with a cost
//! ([`url_break_cost`]).

use super::classes::CharClass;
use super::items::{BreakItem, GapKind, Hot, UrlBreak, SPACE_STRETCH_CAP};
use super::Composition;

/// Slack for float comparisons, in em.
pub const EPS: f64 = 1e-6;
/// Cost of any line set off the character grid by expansion: disturb few lines.
const STRETCH_LINE_COST: f64 = 3.0;
/// Weight of the squared per-gap expansion, in units of [`STRETCH_GAP_UNIT`]: what a
/// reader sees is the gap between two characters, so a line spread by 2 em over 8 gaps
/// (¼ em each) costs 3 + 6.25 and over 2 gaps (1 em each) 3 + 100. With this weight the
/// optimiser never buys a small saving elsewhere with one conspicuously loose line
/// (seen in the sample: a 2-em push-out chosen over a full line), and it spreads an
/// orphan fix over two lines rather than opening 1-em gaps in one (T28b, see tests).
const STRETCH_GAP_WEIGHT: f64 = 1.0;
/// Per-gap expansion that counts as one unit of [`STRETCH_GAP_WEIGHT`], em.
const STRETCH_GAP_UNIT: f64 = 0.1;
/// Expanding only inside inseparables or next to marks (no ordinary gap in the line)
/// is a last resort.
const STRETCH_INNER_COST: f64 = 100.0;
/// A line whose only gaps are between the letters or digits of Western words, numbers,
/// paths or URLs ([`GapKind::Letter`]): justifying it means letterspacing Latin text,
/// the very last resort (CLReq "Handling Western Text in Chinese Text": Latin
/// words keep their natural spacing). Far above every other adjustment — a hyphen
/// ([`HYPHEN_COST`]), a URL break, an emergency break inside a word, an orphan — so the
/// optimum letterspaces only when no other break sequence exists; below
/// [`UNJUSTIFIABLE_COST`] and [`OVERFLOW_COST`].
const LETTERSPACE_COST: f64 = 5000.0;
/// A line that cannot be justified at all (one item on it).
const UNJUSTIFIABLE_COST: f64 = 1e5;
/// A line ending at a hyphenation point of a Western word ([`super::Hyphenation`]):
/// after another break (a line spread by about ⅔ em per gap costs 3 + 6.7²) and
/// before a URL break (`URL_SLASH_BREAK_COST`), in this order.
pub const HYPHEN_COST: f64 = 10.0;
/// A hyphenated line after a hyphenated line (a ladder of hyphens reads badly; TeX's
/// `\doublehyphendemerits`): the line from a hyphenation point that ends at another.
const DOUBLE_HYPHEN_COST: f64 = 15.0;
/// Push-in (reduction) is preferred to push-out (CLReq "Reduction…", JLReq; short
/// newspaper lines show expansion): its cost stays below [`STRETCH_LINE_COST`] even at
/// full use of the available shrink.
const SHRINK_LINE_COST: f64 = 0.5;
const SHRINK_RATIO_WEIGHT: f64 = 1.0;
/// A hung mark is allowed when it helps, not preferred when it does not.
const HANG_COST: f64 = 1.0;
/// Orphan (孤字, CLReq "Handling of Widows and Orphans", docs/cjk-rules.md §5.3): a last line
/// of one Han character with or without punctuation. Above every ordinary adjustment.
const ORPHAN_COST: f64 = 1000.0;
/// A line wider than the measure (reported as [`super::BreakReason::Overflow`]).
const OVERFLOW_COST: f64 = 1e7;
/// A line ending inside an inseparable wider than the measure (reported as
/// [`super::BreakReason::Emergency`]), both for the pieces of the unit and for a line
/// that starts the unit after other text. The unit is broken anyway, so the cost only
/// counts pieces: starting it on a partly filled line is worth one more piece when the
/// alternative is a line spread by more than about ⅔ em per gap (3 + 6.7² ≈ 48), i.e.
/// a few characters pushed apart across the column. Below [`ORPHAN_COST`] and far below
/// [`OVERFLOW_COST`].
const EMERGENCY_COST: f64 = 50.0;
/// A break inside a URL or e-mail address after `/` (CMOS: the preferred place). High
/// enough that a URL stays whole when that costs no visible stretch (a line spread by
/// 0.1 em per gap costs 3 + 1), low enough that breaking it beats a line spread by
/// ⅓ em per gap or more (3 + 3.3² ≈ 14) — e.g. five Han characters over a 13-em
/// column. Cheaper than an [`EMERGENCY_COST`] break inside a word.
const URL_SLASH_BREAK_COST: f64 = 12.0;
/// A break inside a URL after `. - _ ? & = #` (a `.` at line end can read as a full
/// stop, and a `-` as a hyphen: CMOS FAQ "URLs").
const URL_OTHER_BREAK_COST: f64 = 18.0;
/// An emergency break prefers a URL delimiter (or a kinsoku-clean position) only when
/// it lies in the last third of the line (fraction of the measure from the start).
const EMERGENCY_PREFER_FROM: f64 = 2.0 / 3.0;
/// A line inside a URL set flush left ([`url_ragged`]): more than a URL break alone,
/// plus a little per em left empty, so fuller pieces win; far below letterspacing.
const URL_RAGGED_COST: f64 = 20.0;
const URL_RAGGED_PER_EM: f64 = 2.0;
/// Margin of [`unit_limit`] over the measure, em.
const UNIT_MARGIN_EM: f64 = 2.0;

/// The width past which [`scan`] stops inside an inseparable: the measure plus
/// [`UNIT_MARGIN_EM`] (more than the widest gap before a unit and any line-start
/// adjustment), so a unit cut short there is certainly wider than the measure.
fn unit_limit(width: f64, em: f64) -> f64 {
    width + UNIT_MARGIN_EM * em
}

/// Every line costs a little, so fewer lines win ties.
const LINE_COST: f64 = 0.01;

/// The measured content of a candidate line `[a, b)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFit {
    pub b: usize,
    /// Last non-space item (trailing spaces up to `b` are dropped).
    pub e: usize,
    /// Natural width after the mandatory edge adjustments, points (without indent).
    pub natural: f64,
    /// Total shrink available, points.
    pub shrink: f64,
    /// Stretch capacity of word spaces and CJK–Latin gaps, points.
    pub s_space: f64,
    /// Gaps by expansion kind ([`GapKind`]), and word spaces plus CJK–Latin gaps.
    pub n_inter: usize,
    pub n_inner: usize,
    pub n_letter: usize,
    pub n_space: usize,
    /// Natural width with the last mark hung, if it may hang.
    pub hung: Option<f64>,
    /// Cost of the break at `b` itself (a URL break), 0 for an ordinary break.
    pub penalty: f64,
    /// The line ends at a break inside a URL, path or e-mail address.
    pub url_end: bool,
    /// Not a line end: the scan stopped inside an inseparable that already exceeds the
    /// measure by more than an em (see [`scan`]); `b` is where it stopped.
    pub partial: bool,
}

/// Scan the candidate lines starting at item `a`, in order of their end, calling
/// `visit` for each until their minimum width passes `avail` (the first candidate is
/// always visited, for the overflow case). With `every_gap` the line may end after any
/// item, allowed break or not (emergency breaks).
///
/// Linear time: inside an inseparable (no allowed break), once the unit alone is wider
/// than `unit_limit` at its minimum (callers pass the full measure plus a margin for
/// the gap before the unit and the line-start adjustments, so the unit is certainly
/// wider than the measure), none of its ends can fit, so the scan stops
/// there and visits a `partial` candidate (never a fit) instead of walking to the
/// unit's end. A run of 100,000 characters without a break is then scanned a measure at
/// a time from each position, not to its end (which made breaking it quadratic).
// Long: the breaker's innermost loop, one pass over the units keeping running widths
// and shrink; split into calls it would pass that state per unit on the hot path.
#[allow(clippy::too_many_arguments)] // the paragraph's arrays and the line's settings
pub fn scan(
    items: &[Hot],
    a: usize,
    avail: f64,
    em: f64,
    comp: &Composition,
    every_gap: bool,
    unit_limit: f64,
    mut visit: impl FnMut(&LineFit),
) {
    let (mut nat, mut shrink, mut s_space) = (0.0, 0.0, 0.0);
    let (mut n_inter, mut n_inner, mut n_letter, mut n_space) = (0usize, 0usize, 0usize, 0usize);
    // Minimum width of the line up to the last allowed break (where the current unit
    // starts).
    let mut unit_base = 0.0;
    let mut snap: Option<LineFit> = None;
    let cap = SPACE_STRETCH_CAP * em;
    for (i, it) in items.iter().enumerate().skip(a) {
        if i > a {
            nat += it.gap + it.width;
            shrink += it.gap_shrink + it.shrink;
            if it.gap > 0.0 {
                s_space += cap;
                n_space += 1;
            }
            match it.gap_kind {
                GapKind::Inter => n_inter += 1,
                GapKind::Inner => n_inner += 1,
                GapKind::Letter => n_letter += 1,
            }
        } else {
            nat += it.width + it.start_width;
            shrink += it.shrink + it.start_shrink;
        }
        if it.space {
            s_space += cap;
            n_space += 1;
        } else {
            snap = Some(LineFit {
                b: i + 1,
                e: i,
                natural: nat,
                shrink,
                s_space,
                n_inter,
                n_inner,
                n_letter,
                n_space,
                hung: None,
                penalty: 0.0,
                url_end: false,
                partial: false,
            });
        }
        if !it.break_after && !every_gap {
            if nat - shrink - unit_base > unit_limit + EPS {
                if let Some(s) = snap {
                    visit(&LineFit {
                        b: i + 1,
                        partial: true,
                        ..s
                    });
                }
                break;
            }
            continue;
        }
        unit_base = nat - shrink;
        let Some(s) = snap else { continue };
        let last = &items[s.e];
        let mut fit = s;
        fit.b = i + 1;
        fit.penalty = it.penalty_after;
        fit.url_end = it.url_after;
        fit.natural += last.end_width + if s.e == i { it.hyphen_after } else { 0.0 };
        fit.shrink += last.end_shrink;
        if comp.hanging && last.hangable && s.e > a && !items[s.e - 1].punct {
            // The hung mark's remaining width (its right space is already gone).
            let own = last.width + last.end_width + if s.e == a { last.start_width } else { 0.0 };
            fit.hung = Some(fit.natural - own - last.gap);
        }
        visit(&fit);
        if s.natural - s.shrink > avail + EPS {
            break;
        }
    }
}

/// The cost of setting `fit` at `avail`, or `None` if it cannot fit.
pub fn line_cost(
    fit: &LineFit,
    avail: f64,
    last: bool,
    comp: &Composition,
    em: f64,
) -> Option<(f64, bool)> {
    if fit.partial {
        return None;
    }
    let plain = width_cost(fit.natural, fit, avail, last, comp, em);
    let hung = fit
        .hung
        .and_then(|h| width_cost(h, fit, avail, last, comp, em))
        .map(|c| c + HANG_COST);
    match (plain, hung) {
        (Some(p), Some(h)) if h < p => Some((h, true)),
        (Some(p), _) => Some((p, false)),
        (None, Some(h)) => Some((h, true)),
        (None, None) => None,
    }
}

fn width_cost(
    natural: f64,
    fit: &LineFit,
    avail: f64,
    last: bool,
    comp: &Composition,
    em: f64,
) -> Option<f64> {
    let delta = (avail - natural) / em;
    if delta < -EPS {
        let need = -delta;
        let cap = fit.shrink / em;
        if need > cap + EPS {
            return None;
        }
        let r = need / cap.max(EPS);
        return Some(LINE_COST + SHRINK_LINE_COST + SHRINK_RATIO_WEIGHT * r * r);
    }
    if last || !comp.justify || delta <= EPS {
        return Some(LINE_COST);
    }
    if url_ragged(fit) {
        return Some(LINE_COST + URL_RAGGED_COST + URL_RAGGED_PER_EM * delta);
    }
    // Mirrors `assemble::stretch`: word spaces and CJK–Latin gaps up to their cap, then
    // CJK inter-character gaps; without those, word spaces beyond the cap; then inner
    // gaps; letterspacing last.
    let rest = delta - (fit.s_space / em).min(delta);
    let mut cost = LINE_COST + STRETCH_LINE_COST;
    if rest > EPS {
        let spread = |n: usize| {
            let per = rest / n as f64 / STRETCH_GAP_UNIT;
            STRETCH_GAP_WEIGHT * per * per
        };
        cost += if fit.n_inter > 0 {
            spread(fit.n_inter)
        } else if fit.n_space > 0 {
            spread(fit.n_space)
        } else if fit.n_inner > 0 {
            STRETCH_INNER_COST + spread(fit.n_inner)
        } else if fit.n_letter > 0 {
            LETTERSPACE_COST + spread(fit.n_letter)
        } else {
            UNJUSTIFIABLE_COST
        };
    }
    Some(cost)
}

/// A line that lies inside a URL, path or e-mail address and ends at one of its breaks,
/// with no gap but those between its characters: it is set flush left, not justified
/// (justifying it would letterspace it; Chicago 6.116/7.42 break URLs without
/// spreading them), like an emergency line. See [`super::assemble`].
pub fn url_ragged(fit: &LineFit) -> bool {
    fit.url_end && fit.n_inter == 0 && fit.n_inner == 0 && fit.n_space == 0
}

/// A last line `[a, e]` that is one Han character, optionally followed by punctuation.
pub fn is_orphan(items: &[BreakItem], a: usize, e: usize) -> bool {
    if a == 0 {
        return false;
    }
    let Some(line) = items.get(a..=e) else {
        return false;
    };
    let han = line
        .iter()
        .filter(|it| it.first.1 == CharClass::Han)
        .count();
    han == 1
        && line.first().is_some_and(|it| it.first.1 == CharClass::Han)
        && line[1..].iter().all(|it| it.is_punct())
}

/// The cost of a break inside a URL or e-mail address ([`super::items::url_breaks`]).
pub fn url_break_cost(kind: UrlBreak) -> f64 {
    match kind {
        UrlBreak::Slash => URL_SLASH_BREAK_COST,
        UrlBreak::Other => URL_OTHER_BREAK_COST,
    }
}

/// How a line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// At an allowed break.
    Normal,
    /// Inside an inseparable wider than the measure; every piece fits.
    Emergency,
    /// After a single cluster wider than the measure (the line sticks out).
    Overflow,
}

/// One step of an optimum: where the line from this position ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub next: usize,
    /// Cost of this line and the rest of the paragraph (infinite = not computed).
    pub cost: f64,
    pub hang: bool,
    pub kind: StepKind,
    /// The paragraph's first line, set without its indent: its first inseparable fits
    /// the measure but not after the indent (see `optimize::unindented`).
    pub unindented: bool,
}

impl Step {
    /// A position not computed (not a break, or not reached).
    const UNSET: Step = Step {
        next: usize::MAX,
        cost: f64::INFINITY,
        hang: false,
        kind: StepKind::Overflow,
        unindented: false,
    };
}

/// Solve the rest of the paragraph from every break position for one measure `width`
/// (points); `indent` applies to a line starting at item 0. Positions inside an
/// inseparable are computed too when it is wider than the measure (an emergency break
/// may end a line there, `emergency_after`, [`forced`]); others only on demand (see
/// [`settle`]).
pub fn solve(
    items: &[BreakItem],
    hot: &[Hot],
    width: f64,
    indent: f64,
    comp: &Composition,
    em: f64,
) -> Vec<Step> {
    let n = items.len();
    let mut steps = vec![Step::UNSET; n + 1];
    if let Some(s) = steps.get_mut(n) {
        s.cost = 0.0;
        s.next = n;
    }
    let inside = overlong_interiors(hot, width, comp, em);
    for a in (0..n).rev() {
        if a != 0 && !items[a].breakable && !inside.get(a).copied().unwrap_or(false) {
            continue;
        }
        settle(items, hot, &mut steps, a, width, indent, comp, em);
    }
    steps
}

/// For each item, whether it lies inside (after the first cluster of) a unit that does
/// not fit `width` alone: a line may end before it only by an emergency break.
fn overlong_interiors(hot: &[Hot], width: f64, comp: &Composition, em: f64) -> Vec<bool> {
    let n = hot.len();
    let mut inside = vec![false; n];
    let mut s = 0;
    while s < n {
        let t = hot
            .get(s..)
            .and_then(|tail| tail.iter().position(|h| h.break_after))
            .map_or(n, |k| s + k + 1);
        if unit_upper_width(hot, s, t) > width + EPS && overlong(hot, s, width, comp, em) {
            if let Some(run) = inside.get_mut(s + 1..t) {
                run.fill(true);
            }
        }
        s = t.max(s + 1);
    }
    inside
}

/// Natural width of the unit `[s, t)` without the line-end trim: a quick upper bound,
/// so the exact (and costlier) [`overlong`] test runs only for units that may be wider
/// than the measure — almost never in Chinese text, where a unit is one character.
fn unit_upper_width(hot: &[Hot], s: usize, t: usize) -> f64 {
    hot.get(s..t).map_or(0.0, |u| {
        u.iter().skip(1).map(|h| h.gap + h.width).sum::<f64>()
            + u.first().map_or(0.0, |h| h.width + h.start_width.max(0.0))
    })
}

/// The unit starting at item `s` (up to the next allowed break) does not fit `width`
/// alone on a line.
fn overlong(hot: &[Hot], s: usize, width: f64, comp: &Composition, em: f64) -> bool {
    let n = hot.len();
    let mut first: Option<bool> = None;
    scan(
        hot,
        s,
        width,
        em,
        comp,
        false,
        unit_limit(width, em),
        |fit| {
            if first.is_none() {
                first = Some(line_cost(fit, width, fit.b == n, comp, em).is_none());
            }
        },
    );
    first.unwrap_or(false)
}

/// Make sure `steps[a]` is computed for this measure, with every later position it
/// depends on already in `steps` (true in [`solve`]'s backward order, and for any
/// position once a table exists — so the cursor can resume inside an inseparable that
/// another measure broke). When nothing fits from `a`, the forced line's end is itself
/// settled first: a chain of emergency pieces through the inseparable.
#[allow(clippy::too_many_arguments)] // the paragraph's arrays, the step table and the line's settings
pub fn settle(
    items: &[BreakItem],
    hot: &[Hot],
    steps: &mut [Step],
    a: usize,
    width: f64,
    indent: f64,
    comp: &Composition,
    em: f64,
) {
    let n = items.len();
    let done = |steps: &[Step], p: usize| steps.get(p).is_none_or(|s| s.cost.is_finite());
    let mut chain: Vec<(usize, Step)> = Vec::new();
    let mut p = a;
    while !done(steps, p) {
        let rest = |b: usize| steps.get(b).map_or(f64::INFINITY, |s| s.cost);
        let line = |indent: f64| best_from(items, hot, p, width, indent, comp, em, rest);
        if let Some(step) = line(indent).or_else(|| unindented(p, indent, line)) {
            if let Some(s) = steps.get_mut(p) {
                *s = step;
            }
            break;
        }
        let avail = if p == 0 { width - indent } else { width };
        let step = forced(items, hot, p, avail, comp, em);
        chain.push((p, step));
        p = step.next.clamp(p + 1, n);
    }
    for (p, mut step) in chain.into_iter().rev() {
        step.cost += steps.get(step.next).map_or(f64::INFINITY, |s| s.cost);
        if let Some(s) = steps.get_mut(p) {
            *s = step;
        }
    }
}

/// A paragraph whose first inseparable fits the measure but not after the first-line
/// indent: the first line drops its indent rather than break inside the unit (an
/// emergency break only when the unit does not fit the measure at all; the indent is
/// a convention, docs/cjk-rules.md §5.1). `line(indent)` finds the line at an indent.
/// The line keeps its kind: without the indent it may still end inside a later
/// inseparable wider than the measure (an emergency line, reported as one).
fn unindented(a: usize, indent: f64, line: impl FnOnce(f64) -> Option<Step>) -> Option<Step> {
    if a != 0 || indent <= 0.0 {
        return None;
    }
    line(0.0).map(|s| Step {
        unindented: true,
        ..s
    })
}

thread_local! {
    /// Scratch buffer of candidate ends for [`best_from`] (one allocation per thread,
    /// not per line start).
    static FITS: std::cell::RefCell<Vec<LineFit>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The best first line from `a` that fits, given the cost of finishing from each later
/// position; `None` when no line from `a` fits.
// Long: one loop over the candidate ends with the exact cut explained inside; the cut
// needs the running best and the candidate's cost together.
#[allow(clippy::too_many_arguments)] // the paragraph's arrays and the line's settings
fn best_from(
    items: &[BreakItem],
    hot: &[Hot],
    a: usize,
    width: f64,
    indent: f64,
    comp: &Composition,
    em: f64,
    rest: impl Fn(usize) -> f64,
) -> Option<Step> {
    let n = items.len();
    let avail = if a == 0 { width - indent } else { width };
    let mut best: Option<Step> = None;
    // Candidate ends in scan order (shortest line first), evaluated longest first: a
    // stretched line costs more the shorter it is (its deficit grows, its gaps and
    // spaces do not), and the rest of the paragraph costs at least 0, so once a
    // stretched line's own cost reaches the best total no shorter line can win. This
    // exact cut skips most candidates of a 13-character column.
    let (prev, stop) = FITS.with(|cell| {
        let mut fits = cell.borrow_mut();
        fits.clear();
        scan(
            hot,
            a,
            avail,
            em,
            comp,
            false,
            unit_limit(width, em),
            |fit| fits.push(*fit),
        );
        let monotone = comp.justify && !comp.hanging;
        let mut stop = None;
        for (k, fit) in fits.iter().enumerate().rev() {
            let last = fit.b == n;
            let cost = line_cost(fit, avail, last, comp, em);
            if k + 1 == fits.len() {
                stop = Some((fit.b, cost.is_some()));
            }
            let Some((mut c, hang)) = cost else {
                continue;
            };
            if last && comp.orphan_fix && is_orphan(items, a, fit.e) {
                c += ORPHAN_COST;
            }
            let stretched = !last && fit.natural <= avail + EPS;
            if monotone && stretched && best.is_some_and(|b| c >= b.cost) {
                break;
            }
            let double = a > 0 && items[a].hyphen && items.get(fit.b).is_some_and(|it| it.hyphen);
            let total =
                c + fit.penalty + if double { DOUBLE_HYPHEN_COST } else { 0.0 } + rest(fit.b);
            if best.is_none_or(|b| total < b.cost) {
                best = Some(Step {
                    next: fit.b,
                    cost: total,
                    hang,
                    kind: StepKind::Normal,
                    unindented: false,
                });
            }
        }
        let prev = fits
            .len()
            .checked_sub(2)
            .and_then(|k| fits.get(k))
            .map(|f| f.b);
        (prev, stop)
    });
    // The unit `[s, t)` that ended the scan is wider than the measure: it may also start
    // on this line and break inside.
    if let (Some(s), Some((t, false))) = (prev, stop) {
        if s > a
            && t > s
            && unit_upper_width(hot, s, t) > width + EPS
            && overlong(hot, s, width, comp, em)
        {
            if let Some((b, c)) = emergency_after(items, hot, a, s, avail, comp, em) {
                let total = c + rest(b);
                if best.is_none_or(|x| total < x.cost) {
                    best = Some(Step {
                        next: b,
                        cost: total,
                        hang: false,
                        kind: StepKind::Emergency,
                        unindented: false,
                    });
                }
            }
        }
    }
    best
}

/// A line from `a` that ends inside the unit starting at item `from` (`from > a`: after
/// other text, refinement of docs/cjk-rules.md §2.1 step 4; `from == a`: the unit starts the
/// line), when that unit is wider than the measure: the end (see [`emergency_end`]) and
/// the line's own cost, [`EMERGENCY_COST`] plus its justification (the line is
/// justified on its ordinary gaps, set flush when it has none).
fn emergency_after(
    items: &[BreakItem],
    hot: &[Hot],
    a: usize,
    from: usize,
    avail: f64,
    comp: &Composition,
    em: f64,
) -> Option<(usize, f64)> {
    let n = items.len();
    let mut fits: Vec<LineFit> = Vec::new();
    scan(hot, a, avail, em, comp, true, f64::INFINITY, |fit| {
        if fit.b > from && line_cost(fit, avail, fit.b == n, comp, em).is_some() {
            fits.push(*fit);
        }
    });
    let b = emergency_end(items, &fits, avail, comp)?;
    if b <= a || b >= n {
        return None;
    }
    let fit = fits.iter().find(|f| f.b == b)?;
    let own = if fit.n_inter == 0 {
        LINE_COST
    } else {
        line_cost(fit, avail, false, comp, em).map_or(LINE_COST, |(c, _)| c)
    };
    Some((b, EMERGENCY_COST + own))
}

/// Where an emergency line ends, among the ends `fits` that fit (in order).
///
/// CSS Text 3 `overflow-wrap: anywhere` breaks "at an arbitrary point"; docs/cjk-rules.md
/// §2.1 step 4; Chicago 7.42/14.18 for URLs: no hyphen is added, so the text
/// round-trips. Among the ends that fit and lie in the last third of the line, prefer
/// one after a URL delimiter `/ . - _ ? & = #` (the next line may not start with a
/// line-start-prohibited mark), then one that breaks no kinsoku rule at the active
/// level; then the last kinsoku-clean end anywhere (a short flush line rather than a
/// mark at line start); otherwise the last cluster that fits.
fn emergency_end(
    items: &[BreakItem],
    fits: &[LineFit],
    avail: f64,
    comp: &Composition,
) -> Option<usize> {
    use super::kinsoku::{no_end, no_start};
    let start_ok = |b: usize| {
        items.get(b).is_none_or(|it| {
            let after = items.get(b + 1).map(|x| x.first.0);
            !no_start(it.first.0, after, comp.kinsoku)
        })
    };
    let end_ok = |b: usize| {
        b.checked_sub(1)
            .and_then(|k| items.get(k))
            .is_none_or(|it| !no_end(it.last.0, comp.kinsoku))
    };
    let url_delim = |b: usize| {
        b.checked_sub(1)
            .and_then(|k| items.get(k))
            .is_some_and(|it| matches!(it.last.0, '/' | '.' | '-' | '_' | '?' | '&' | '=' | '#'))
    };
    let late = |w: f64| w >= EMERGENCY_PREFER_FROM * avail;
    let pick = |ok: &dyn Fn(usize) -> bool| {
        fits.iter()
            .rev()
            .find(|f| late(f.natural) && ok(f.b))
            .map(|f| f.b)
    };
    let clean = |b: usize| start_ok(b) && end_ok(b);
    pick(&|b| url_delim(b) && start_ok(b))
        .or_else(|| pick(&clean))
        .or_else(|| fits.iter().rev().find(|f| clean(f.b)).map(|f| f.b))
        .or_else(|| fits.last().map(|f| f.b))
}

/// The line from `a` when no allowed break fits (the first unit from `a` is wider than
/// `avail`): an emergency break inside the unit (`emergency_after` with the unit
/// starting the line), or, if not even one cluster fits, an overflow of that one
/// cluster. `cost` is the line's own cost only.
pub fn forced(
    items: &[BreakItem],
    hot: &[Hot],
    a: usize,
    avail: f64,
    comp: &Composition,
    em: f64,
) -> Step {
    let n = items.len();
    match emergency_after(items, hot, a, a, avail, comp, em) {
        Some((b, cost)) => Step {
            next: b,
            cost,
            hang: false,
            kind: StepKind::Emergency,
            unindented: false,
        },
        None => {
            let over = hot.get(a).map_or(0.0, |h| {
                (h.width + h.start_width + h.end_width - avail).max(0.0) / em
            });
            Step {
                next: (a + 1).min(n),
                cost: OVERFLOW_COST * (1.0 + over),
                hang: false,
                kind: StepKind::Overflow,
                unindented: false,
            }
        }
    }
}

/// Greedy fallback (first fit with push-in, no look-ahead) for pathological input:
/// paragraphs beyond [`MAX_OPTIMISED_ITEMS`] or measures under one em. Takes the
/// longest line that fits, else a [`forced`] line.
pub fn greedy(
    items: &[BreakItem],
    hot: &[Hot],
    a: usize,
    width: f64,
    indent: f64,
    comp: &Composition,
    em: f64,
) -> Step {
    let avail = if a == 0 { width - indent } else { width };
    let limit = unit_limit(width, em);
    first_fit(hot, a, avail, limit, comp, em)
        .or_else(|| unindented(a, indent, |_| first_fit(hot, a, width, limit, comp, em)))
        .unwrap_or_else(|| forced(items, hot, a, avail, comp, em))
}

/// The longest line from `a` that fits `avail`.
fn first_fit(
    hot: &[Hot],
    a: usize,
    avail: f64,
    limit: f64,
    comp: &Composition,
    em: f64,
) -> Option<Step> {
    let n = hot.len();
    let mut found: Option<Step> = None;
    scan(hot, a, avail, em, comp, false, limit, |fit| {
        if let Some((cost, hang)) = line_cost(fit, avail, fit.b == n, comp, em) {
            found = Some(Step {
                next: fit.b,
                cost,
                hang,
                kind: StepKind::Normal,
                unindented: false,
            });
        }
    });
    found
}

/// Beyond this many items a paragraph is broken greedily (the optimum is linear in the
/// paragraph, but a runaway input should not cost a table per measure).
pub const MAX_OPTIMISED_ITEMS: usize = 1 << 20;
