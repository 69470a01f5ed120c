//! Looseness report: what a justified line had to do that an
//! editor may want to fix by rewriting it — letterspacing Western text (the last resort
//! of [`super::assemble`]'s expansion, [`super::AdjustmentKind::Letterspace`]), or a
//! gap wider than the layout's limits ([`super::Looseness`]; CLReq "Procedures for
//! Inter-Character Space Expansion" limits CJK gaps and word spaces separately).

use super::{Adjustment, AdjustmentKind, Looseness};

/// The widest extra space at a word space and at a CJK (or CJK–Latin) gap of a line,
/// in em. `text` is the line's text, which starts at byte `source_start` of its
/// paragraph (the adjustments' `at` are paragraph offsets).
pub fn widest_gaps(
    text: &str,
    source_start: usize,
    adjustments: &[Adjustment],
    em: f64,
) -> (f64, f64) {
    let mut per: Vec<(usize, f64)> = Vec::new();
    for adj in adjustments {
        if adj.kind != AdjustmentKind::Stretch {
            continue;
        }
        match per.iter_mut().find(|p| p.0 == adj.at) {
            Some(p) => p.1 += adj.amount,
            None => per.push((adj.at, adj.amount)),
        }
    }
    let (mut space, mut cjk): (f64, f64) = (0.0, 0.0);
    for (at, amount) in per {
        let ch = at
            .checked_sub(source_start)
            .and_then(|k| text.get(k..))
            .and_then(|t| t.chars().next());
        let v = amount / em.max(1e-9);
        if matches!(ch, Some(' ' | '\u{A0}')) {
            space = space.max(v);
        } else {
            cjk = cjk.max(v);
        }
    }
    (space, cjk)
}

/// What to report about one justified line: letterspacing, and gaps over the limits.
pub fn line_problems(
    text: &str,
    source_start: usize,
    adjustments: &[Adjustment],
    em: f64,
    limits: &Looseness,
) -> Vec<String> {
    let mut out = Vec::new();
    if adjustments
        .iter()
        .any(|a| a.kind == AdjustmentKind::Letterspace)
    {
        out.push(format!(
            "line “{text}” is justified by letterspacing Western text (last resort: no other gap to spread)"
        ));
    }
    let (space, cjk) = widest_gaps(text, source_start, adjustments, em);
    if let Some(max) = limits.max_cjk_gap.filter(|&m| cjk > m + 1e-6) {
        out.push(format!(
            "line “{text}” spreads a character gap by {cjk:.2} em (limit {max:.2} em)"
        ));
    }
    if let Some(max) = limits.max_word_space.filter(|&m| space > m + 1e-6) {
        out.push(format!(
            "line “{text}” spreads a word space by {space:.2} em (limit {max:.2} em)"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adj(at: usize, kind: AdjustmentKind, amount: f64) -> Adjustment {
        Adjustment { at, kind, amount }
    }

    #[test]
    fn gaps_over_the_limits_are_reported() {
        // "一二 ab": stretch 4.5 pt at 一 (byte 10 = 一 in the paragraph), 9 pt at the space.
        let text = "一二 ab";
        let adjs = [
            adj(10, AdjustmentKind::Stretch, 4.5),
            adj(16, AdjustmentKind::Stretch, 9.0),
        ];
        assert_eq!(widest_gaps(text, 10, &adjs, 9.0), (1.0, 0.5));
        let limits = Looseness {
            max_cjk_gap: Some(0.25),
            max_word_space: Some(1.5),
        };
        let p = line_problems(text, 10, &adjs, 9.0, &limits);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("character gap by 0.50 em"), "{p:?}");
        let ls = [adj(17, AdjustmentKind::Letterspace, 1.0)];
        let p = line_problems(text, 10, &ls, 9.0, &Looseness::default());
        assert!(p[0].contains("letterspacing"), "{p:?}");
    }
}
