//! Balancing a story's last frame: its columns end within one line of each other, and
//! no column starts with the last line of a paragraph begun in the column before.

use crate::layout::flow::body::Entry;
use crate::layout::flow::columns::Slot;
use crate::layout::flow::pack::{by_column, pack_grouped, Groups, Packed};

/// The entries packed balanced: the smallest cutoff row `R` such that the slots at or
/// above it hold every entry (by [`crate::layout::flow::pack::pack`], so keeps and dropped blank lines count; a
/// cutoff that would break a keep the whole frame holds does not count), so
/// the last columns end within one line of each other. Then no column may start with
/// the last line of a paragraph that began in the column before (寡行, CLReq "Widows
/// and Orphans": "bring one more line over"): a column may give its last line to the
/// next one, and the cutoff may grow by one, whichever changes the balance least.
pub fn balanced(slots: &[Slot], entries: &[Entry]) -> Packed {
    let n = entries.len();
    let groups = Groups::new(entries);
    let pack = |columns: &[Vec<Slot>]| pack_grouped(entries, &groups, columns);
    let whole = pack(&by_column(slots));
    let Some(max_row) = slots.iter().map(|s| s.row).max() else {
        return whole;
    };
    let min_row = slots.iter().map(|s| s.row).min().unwrap_or(max_row);
    // Rows the lines need: fewer free slots than this cannot hold them.
    let need: u64 = entries
        .iter()
        .filter(|e| e.line().is_some())
        .map(|e| u64::from(e.rows))
        .sum();
    // Shorter columns must not break keeps that the full frame holds.
    let Some(cut) = (min_row..=max_row).find(|&cut| {
        // Counted before the columns are made: most cutoffs tried are too short.
        let free = slots.iter().filter(|s| s.row <= cut).count();
        free as u64 >= need && {
            let p = pack(&columns_at(slots, cut));
            p.consumed == n && p.broken <= whole.broken
        }
    }) else {
        return whole;
    };
    let mut best: Option<(u32, Packed)> = None;
    for (extra, cut) in [(0, cut), (1, cut + 1)] {
        let columns = columns_at(slots, cut);
        let k = columns.len().min(MAX_BALANCE_COLUMNS);
        for mask in 0u32..(1 << k) {
            let shortened: Vec<Vec<Slot>> = columns
                .iter()
                .enumerate()
                .map(|(i, col)| {
                    let shorten = usize::from(i < 32 && mask & (1 << i) != 0);
                    col.iter()
                        .copied()
                        .take(col.len() - shorten.min(col.len()))
                        .collect()
                })
                .collect();
            let packed = pack(&shortened);
            if packed.consumed < n || packed.broken > whole.broken {
                continue;
            }
            // Shortening a column that holds nothing changes nothing.
            if (0..k).any(|i| mask & (1 << i) != 0 && !packed.column_used(i)) {
                continue;
            }
            if has_widow(&packed, entries) {
                continue;
            }
            let cost = extra * 100 + mask.count_ones();
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, packed));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, p)| p)
        .unwrap_or_else(|| pack(&columns_at(slots, cut)))
}

/// More columns than this are balanced without widow search (2^k combinations).
const MAX_BALANCE_COLUMNS: usize = 10;

/// The slots at or above `cut`, grouped by column in reading order.
fn columns_at(slots: &[Slot], cut: u32) -> Vec<Vec<Slot>> {
    let kept: Vec<Slot> = slots.iter().copied().filter(|s| s.row <= cut).collect();
    by_column(&kept)
}

/// Whether a column (after the first) starts with the last line of a paragraph that
/// began in an earlier column.
fn has_widow(packed: &Packed, entries: &[Entry]) -> bool {
    packed.placed.iter().enumerate().any(|(i, p)| {
        i > 0
            && packed
                .placed
                .get(i - 1)
                .is_some_and(|q| q.column != p.column)
            && entries
                .get(p.entry)
                .and_then(Entry::line)
                .is_some_and(|l| l.line.last && !l.first)
    })
}
