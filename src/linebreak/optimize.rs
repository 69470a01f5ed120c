//! Total-fit breaking (Knuth–Plass style) over the items of [`super::items`].
//!
//! A backward dynamic program computes, for one measure, the cheapest way to set the
//! rest of the paragraph from every break position. The first line of that optimum is
//! what [`super::LineCursor::next_line`] returns, so the cursor's state is only a
//! position: flow can change the measure for any line or back up, and the table for a
//! measure is computed once and cached. Kinsoku are forbidden breaks (items without
//! `breakable`); infeasible lines are excluded; when nothing fits (a Latin word longer
//! than the measure) the shortest line is taken as an overflow.

use super::classes::CharClass;
use super::items::{Hot, Item, SPACE_STRETCH_CAP};
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
/// A line that cannot be justified at all (one item on it).
const UNJUSTIFIABLE_COST: f64 = 1e5;
/// Push-in (reduction) is preferred to push-out (CLReq "Reduction…", JLReq; short
/// newspaper lines show expansion): its cost stays below [`STRETCH_LINE_COST`] even at
/// full use of the available shrink.
const SHRINK_LINE_COST: f64 = 0.5;
const SHRINK_RATIO_WEIGHT: f64 = 1.0;
/// A hung mark is allowed when it helps, not preferred when it does not.
const HANG_COST: f64 = 1.0;
/// Orphan (孤字, CLReq "Handling of Widows and Orphans", cjk-rules.md §5.3): a last line
/// of one Han character with or without punctuation. Above every ordinary adjustment.
const ORPHAN_COST: f64 = 1000.0;
/// A line wider than the measure (reported as [`super::BreakReason::Overflow`]).
const OVERFLOW_COST: f64 = 1e7;
/// Every line costs a little, so fewer lines win ties.
const LINE_COST: f64 = 0.01;

/// The measured content of a candidate line `[a, b)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub b: usize,
    /// Last non-space item (trailing spaces up to `b` are dropped).
    pub e: usize,
    /// Natural width after the mandatory edge adjustments, points (without indent).
    pub natural: f64,
    /// Total shrink available, points.
    pub shrink: f64,
    /// Stretch capacity of word spaces and CJK–Latin gaps, points.
    pub s_space: f64,
    pub n_inter: usize,
    pub n_inner: usize,
    /// Natural width with the last mark hung, if it may hang.
    pub hung: Option<f64>,
}

/// Scan the candidate lines starting at item `a`, in order of their end, calling
/// `visit` for each until their minimum width passes `avail` (the first candidate is
/// always visited, for the overflow case).
pub fn scan(
    items: &[Hot],
    a: usize,
    avail: f64,
    em: f64,
    comp: &Composition,
    mut visit: impl FnMut(&Fit),
) {
    let (mut nat, mut shrink, mut s_space, mut n_inter, mut n_inner) =
        (0.0, 0.0, 0.0, 0usize, 0usize);
    let mut snap: Option<Fit> = None;
    let cap = SPACE_STRETCH_CAP * em;
    for (i, it) in items.iter().enumerate().skip(a) {
        if i > a {
            nat += it.gap + it.width;
            shrink += it.gap_shrink + it.shrink;
            if it.gap > 0.0 {
                s_space += cap;
            }
            if it.inter {
                n_inter += 1;
            } else {
                n_inner += 1;
            }
        } else {
            nat += it.width + it.start_width;
            shrink += it.shrink + it.start_shrink;
        }
        if it.space {
            s_space += cap;
        } else {
            snap = Some(Fit {
                b: i + 1,
                e: i,
                natural: nat,
                shrink,
                s_space,
                n_inter,
                n_inner,
                hung: None,
            });
        }
        if !it.break_after {
            continue;
        }
        let Some(s) = snap else { continue };
        let last = &items[s.e];
        let mut fit = s;
        fit.b = i + 1;
        fit.natural += last.end_width;
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
    fit: &Fit,
    avail: f64,
    last: bool,
    comp: &Composition,
    em: f64,
) -> Option<(f64, bool)> {
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
    fit: &Fit,
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
    let rest = delta - (fit.s_space / em).min(delta);
    let mut cost = LINE_COST + STRETCH_LINE_COST;
    if rest > EPS {
        if fit.n_inter > 0 {
            let per = rest / fit.n_inter as f64 / STRETCH_GAP_UNIT;
            cost += STRETCH_GAP_WEIGHT * per * per;
        } else if fit.n_inner > 0 {
            let per = rest / fit.n_inner as f64 / STRETCH_GAP_UNIT;
            cost += STRETCH_INNER_COST + STRETCH_GAP_WEIGHT * per * per;
        } else {
            cost += UNJUSTIFIABLE_COST;
        }
    }
    Some(cost)
}

/// A last line `[a, e]` that is one Han character, optionally followed by punctuation.
pub fn is_orphan(items: &[Item], a: usize, e: usize) -> bool {
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

/// One step of an optimum: where the line from this position ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub next: usize,
    pub cost: f64,
    pub hang: bool,
    pub overflow: bool,
}

/// Solve the rest of the paragraph from every break position for one measure `width`
/// (points); `indent` applies to a line starting at item 0.
pub fn solve(
    items: &[Item],
    hot: &[Hot],
    width: f64,
    indent: f64,
    comp: &Composition,
    em: f64,
) -> Vec<Step> {
    let n = items.len();
    let unset = Step {
        next: n,
        cost: f64::INFINITY,
        hang: false,
        overflow: true,
    };
    let mut steps = vec![unset; n + 1];
    if let Some(s) = steps.get_mut(n) {
        s.cost = 0.0;
    }
    for a in (0..n).rev() {
        if a != 0 && !items[a].breakable {
            continue;
        }
        steps[a] = best_from(items, hot, a, width, indent, comp, em, |b| steps[b].cost);
    }
    steps
}

/// The best first line from `a`, given the cost of finishing from each later break.
#[allow(clippy::too_many_arguments)]
fn best_from(
    items: &[Item],
    hot: &[Hot],
    a: usize,
    width: f64,
    indent: f64,
    comp: &Composition,
    em: f64,
    rest: impl Fn(usize) -> f64,
) -> Step {
    let n = items.len();
    let avail = if a == 0 { width - indent } else { width };
    let mut best: Option<Step> = None;
    let mut first: Option<Fit> = None;
    scan(hot, a, avail, em, comp, |fit| {
        if first.is_none() {
            first = Some(*fit);
        }
        let last = fit.b == n;
        let Some((mut c, hang)) = line_cost(fit, avail, last, comp, em) else {
            return;
        };
        if last && comp.orphan_fix && is_orphan(items, a, fit.e) {
            c += ORPHAN_COST;
        }
        let total = c + rest(fit.b);
        if best.is_none_or(|b| total <= b.cost) {
            best = Some(Step {
                next: fit.b,
                cost: total,
                hang,
                overflow: false,
            });
        }
    });
    best.unwrap_or_else(|| {
        let f = first.map_or(n, |f| f.b);
        let over = first.map_or(0.0, |f| (f.natural - f.shrink - avail).max(0.0) / em);
        Step {
            next: f,
            cost: OVERFLOW_COST * (1.0 + over) + rest(f),
            hang: false,
            overflow: true,
        }
    })
}

/// Greedy fallback (first fit with push-in, no look-ahead) for pathological input:
/// paragraphs beyond [`MAX_OPTIMISED_ITEMS`] or measures under one em. Takes the
/// longest line that fits, else overflows with the shortest.
pub fn greedy(
    items: &[Hot],
    a: usize,
    width: f64,
    indent: f64,
    comp: &Composition,
    em: f64,
) -> Step {
    let n = items.len();
    let avail = if a == 0 { width - indent } else { width };
    let mut found: Option<Step> = None;
    let mut first: Option<usize> = None;
    scan(items, a, avail, em, comp, |fit| {
        first.get_or_insert(fit.b);
        if let Some((cost, hang)) = line_cost(fit, avail, fit.b == n, comp, em) {
            found = Some(Step {
                next: fit.b,
                cost,
                hang,
                overflow: false,
            });
        }
    });
    found.unwrap_or(Step {
        next: first.unwrap_or(n),
        cost: OVERFLOW_COST,
        hang: false,
        overflow: true,
    })
}

/// Beyond this many items a paragraph is broken greedily (the optimum is linear in the
/// paragraph, but a runaway input should not cost a table per measure).
pub const MAX_OPTIMISED_ITEMS: usize = 1 << 20;
