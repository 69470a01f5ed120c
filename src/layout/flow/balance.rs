//! Balancing a story's last frame: its columns end within one line of each other, and
//! no column starts with the last line of a paragraph begun in the column before.

use crate::layout::flow::body::BodyLine;
use crate::layout::flow::columns::Slot;

/// Slots for `lines` lines, balanced: the smallest cutoff row `R` such that the slots at
/// or above it hold every line, so the last columns end within one line of each other.
/// Then no column may start with the last line of a paragraph that began in the column
/// before (寡行, CLReq "Widows and Orphans": "bring one more line over"): a column may
/// give its last line to the next one, and the cutoff may grow by one, whichever
/// changes the balance least.
pub fn balanced_slots(slots: &[Slot], lines: &[BodyLine]) -> Vec<Slot> {
    let n = lines.len();
    let Some(max_row) = slots.iter().map(|s| s.row).max() else {
        return Vec::new();
    };
    let min_row = slots.iter().map(|s| s.row).min().unwrap_or(max_row);
    let Some(cut) =
        (min_row..=max_row).find(|&cut| slots.iter().filter(|s| s.row <= cut).count() >= n)
    else {
        return slots.iter().copied().take(n).collect();
    };
    let mut best: Option<(u32, Vec<Slot>)> = None;
    for (extra, cut) in [(0, cut), (1, cut + 1)] {
        let columns = columns_at(slots, cut);
        let k = columns.len().min(MAX_BALANCE_COLUMNS);
        for mask in 0u32..(1 << k) {
            let Some(chosen) = assign(&columns, mask, n) else {
                continue;
            };
            if has_widow(&chosen, lines) {
                continue;
            }
            let cost = extra * 100 + mask.count_ones();
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, chosen));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, s)| s)
        .or_else(|| assign(&columns_at(slots, cut), 0, n))
        .unwrap_or_else(|| slots.iter().copied().take(n).collect())
}

/// More columns than this are balanced without widow search (2^k combinations).
const MAX_BALANCE_COLUMNS: usize = 10;

/// The slots at or above `cut`, grouped by column in reading order.
fn columns_at(slots: &[Slot], cut: u32) -> Vec<Vec<Slot>> {
    let mut out: Vec<Vec<Slot>> = Vec::new();
    for s in slots.iter().filter(|s| s.row <= cut) {
        match out.last_mut() {
            Some(col) if col.first().is_some_and(|f| f.column == s.column) => col.push(*s),
            _ => out.push(vec![*s]),
        }
    }
    out
}

/// Fill columns in order, each taking all its slots but one where `mask` has a bit;
/// `None` if the lines do not fit that way.
fn assign(columns: &[Vec<Slot>], mask: u32, n: usize) -> Option<Vec<Slot>> {
    let mut out = Vec::with_capacity(n);
    for (i, col) in columns.iter().enumerate() {
        let left = n - out.len();
        if left == 0 {
            if mask >> i != 0 {
                return None; // shortening a column that holds nothing changes nothing
            }
            break;
        }
        let shorten = usize::from(i < 32 && mask & (1 << i) != 0);
        let take = col.len().saturating_sub(shorten).min(left);
        out.extend(col.iter().take(take));
    }
    (out.len() == n).then_some(out)
}

/// Whether a column (after the first) starts with the last line of a paragraph that
/// began in an earlier column.
fn has_widow(chosen: &[Slot], lines: &[BodyLine]) -> bool {
    chosen.iter().enumerate().any(|(i, s)| {
        i > 0
            && chosen.get(i - 1).is_some_and(|p| p.column != s.column)
            && lines.get(i).is_some_and(|l| l.line.last && !l.first)
    })
}
