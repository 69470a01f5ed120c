//! Packing a frame's entries into its columns' body-line slots, column by column, top
//! to bottom:
//!
//! * a blank line at the top of a column is dropped (space between blocks never opens
//!   a column);
//! * an entry taller than one line (an intertitle in a larger style) takes consecutive
//!   rows of one column;
//! * entries that keep together ([`Keep`]) go to the next column when they do not fit
//!   in what is left of this one (or in this whole column, if it is a short one). A
//!   group taller than every column is given up for the next strength: first the weak
//!   groups (a whole poem), then the strong ones (an intertitle with two lines, a verse
//!   line with its turnovers, a stanza's first and last two lines), then none; the
//!   number given up is counted ([`Packed::broken`]) so balancing never shortens the
//!   columns below what the keeps need.
//!
//! For plain paragraphs (one row per line, no keeps) this is exactly "fill the slots in
//! order", as before blocks existed.

use crate::layout::flow::body::{Entry, Keep};
use crate::layout::flow::columns::Slot;

/// Where an entry went: the column (index into the packed columns) and its first slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedEntry {
    pub entry: usize,
    pub column: usize,
    pub slot: Slot,
    /// Set half a line lower than the slot (after a half-line stanza break).
    pub half: bool,
}

/// The result of packing.
#[derive(Debug, Clone, Default)]
pub struct Packed {
    /// Placed entries in order (dropped blank lines are not listed).
    pub placed: Vec<PackedEntry>,
    /// Entries used up (placed or dropped), from the first.
    pub consumed: usize,
    /// Keep groups given up because they were taller than any column.
    pub broken: usize,
}

impl Packed {
    /// Whether column `c` received anything.
    pub fn column_used(&self, c: usize) -> bool {
        self.placed.iter().any(|p| p.column == c)
    }
}

/// The last entry of each entry's keep group at each strength (computed once per
/// frame: balancing packs the same entries many times).
pub struct Groups {
    weak: Vec<usize>,
    strong: Vec<usize>,
    /// Rows of entries `..i` (prefix sums), for group heights.
    rows_before: Vec<u64>,
}

impl Groups {
    pub fn new(entries: &[Entry]) -> Groups {
        let n = entries.len();
        let mut weak = vec![0; n];
        let mut strong = vec![0; n];
        for i in (0..n).rev() {
            let last = i + 1 >= n;
            weak[i] = if !last && entries[i].keep >= Keep::Weak {
                weak[i + 1]
            } else {
                i
            };
            strong[i] = if !last && entries[i].keep >= Keep::Strong {
                strong[i + 1]
            } else {
                i
            };
        }
        let mut rows_before = Vec::with_capacity(n + 1);
        let mut total = 0u64;
        rows_before.push(0);
        for e in entries {
            total += if e.is_half_space() {
                0
            } else {
                u64::from(e.rows)
            };
            rows_before.push(total);
        }
        Groups {
            weak,
            strong,
            rows_before,
        }
    }

    fn rows(&self, from: usize, to: usize) -> u64 {
        self.rows_before.get(to + 1).copied().unwrap_or(0)
            - self.rows_before.get(from).copied().unwrap_or(0)
    }
}

/// A position in a column: the next free slot, and whether lines are set half a line
/// lower (after a half-line stanza break).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct At {
    si: usize,
    half: bool,
}

/// The first slot index at or after `si` that starts `rows` consecutive rows in `col`,
/// or `None`.
fn take(col: &[Slot], si: usize, rows: usize) -> Option<usize> {
    let rows = rows.max(1);
    (si..col.len()).find(|&k| {
        col.get(k..k + rows).is_some_and(|run| {
            run.iter()
                .enumerate()
                .all(|(j, s)| u64::from(s.row) == u64::from(run[0].row) + j as u64)
        })
    })
}

/// Set `e` at `at` in `col`: the slot it starts at (none for a half-line space) and the
/// position after it; `None` if it does not fit. A line half a line low needs the slot
/// below its own free too.
fn step(col: &[Slot], at: At, e: &Entry) -> Option<(Option<usize>, At)> {
    if e.is_half_space() {
        let next = if at.half {
            At {
                si: at.si + 1,
                half: false,
            }
        } else {
            At {
                si: at.si,
                half: true,
            }
        };
        return Some((None, next));
    }
    let rows = e.rows.max(1) as usize;
    let k = take(col, at.si, rows + usize::from(at.half))?;
    Some((
        Some(k),
        At {
            si: k + rows,
            half: at.half,
        },
    ))
}

/// Whether entries `from..=to` fit in `col` from `at`.
fn fits(entries: &[Entry], col: &[Slot], mut at: At, from: usize, to: usize) -> bool {
    for e in entries.get(from..=to).unwrap_or(&[]) {
        match step(col, at, e) {
            Some((_, next)) => at = next,
            None => return false,
        }
    }
    true
}

/// Pack `entries` into `columns` (each a column's free slots in order).
pub fn pack(entries: &[Entry], columns: &[Vec<Slot>]) -> Packed {
    pack_grouped(entries, &Groups::new(entries), columns)
}

/// [`pack`] with the keep groups of `entries` already found.
pub fn pack_grouped(entries: &[Entry], groups: &Groups, columns: &[Vec<Slot>]) -> Packed {
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(0) as u64;
    let mut out = Packed::default();
    let (mut ci, mut at, mut used) = (0usize, At::default(), 0usize);
    let mut committed: Option<usize> = None;
    // The last entry of the weak and the strong group last given up.
    let mut given_up: [Option<usize>; 2] = [None, None];
    let mut i = 0;
    while i < entries.len() {
        let Some(col) = columns.get(ci) else { break };
        let e = &entries[i];
        if (e.is_space() || e.is_half_space()) && used == 0 {
            i += 1; // a blank line never opens a column
            continue;
        }
        // Inside a group already found to fit here it goes on; otherwise the strongest
        // keep that some column can hold (a group taller than every column is given up
        // for the next strength).
        let end = if committed.is_some_and(|c| i <= c) {
            i
        } else {
            let mut end = i;
            for (k, g) in [groups.weak[i], groups.strong[i]].into_iter().enumerate() {
                // A group given up at its start stays given up for its rest (the
                // rest of a long poem is not kept whole either).
                if given_up[k].is_some_and(|u| i <= u) {
                    continue;
                }
                if g == i || groups.rows(i, g) <= tallest {
                    end = g;
                    break;
                }
                out.broken += 1;
                given_up[k] = Some(g);
            }
            end
        };
        let placed = fits(entries, col, at, i, end)
            .then(|| step(col, at, e))
            .flatten();
        match placed {
            Some((k, next)) => {
                if let Some(k) = k {
                    out.placed.push(PackedEntry {
                        entry: i,
                        column: ci,
                        slot: col[k],
                        half: at.half,
                    });
                }
                at = next;
                used += 1;
                if committed.is_none_or(|c| i > c) {
                    committed = Some(end);
                }
                i += 1;
            }
            // Not here: the entry (and its group) goes to the next column.
            None => {
                ci += 1;
                at = At::default();
                used = 0;
            }
        }
    }
    out.consumed = i;
    out
}

/// Group slots by column, in reading order: each run of slots in one column, copied
/// once (this runs for every frame and every balancing trial).
pub fn by_column(slots: &[Slot]) -> Vec<Vec<Slot>> {
    slots
        .chunk_by(|a, b| a.column == b.column)
        .map(<[Slot]>::to_vec)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::flow::body::{BodyLine, EntryKind};
    use crate::linebreak::{BreakReason, Line};

    fn space() -> Entry {
        Entry {
            kind: EntryKind::Space,
            block: 0,
            rows: 1,
            keep: Keep::None,
        }
    }

    fn line(keep: Keep) -> Entry {
        Entry {
            kind: EntryKind::Line(BodyLine {
                paragraph: 0,
                first: false,
                index: 0,
                x: 0.0,
                line: Line {
                    text: 0..0,
                    glyphs: Vec::new(),
                    indent: 0.0,
                    natural: 0.0,
                    width: 0.0,
                    measure: 0.0,
                    last: false,
                    adjustments: Vec::new(),
                    reason: BreakReason::Fit,
                    worst_gap: 0.0,
                    hyphenated: false,
                },
            }),
            block: 0,
            rows: 1,
            keep,
        }
    }

    fn cols(n: usize, rows: u32) -> Vec<Vec<Slot>> {
        (0..n)
            .map(|c| (1..=rows).map(|row| Slot { column: c, row }).collect())
            .collect()
    }

    fn where_(p: &Packed) -> Vec<(usize, usize, u32)> {
        p.placed
            .iter()
            .map(|p| (p.entry, p.column, p.slot.row))
            .collect()
    }

    #[test]
    fn plain_lines_fill_the_slots_in_order() {
        let e = vec![line(Keep::None); 5];
        let p = pack(&e, &cols(2, 3));
        assert_eq!(
            where_(&p),
            [(0, 0, 1), (1, 0, 2), (2, 0, 3), (3, 1, 1), (4, 1, 2)]
        );
    }

    #[test]
    fn a_blank_line_never_opens_a_column() {
        let e = vec![
            space(),
            line(Keep::None),
            line(Keep::None),
            space(),
            line(Keep::None),
        ];
        let p = pack(&e, &cols(2, 2));
        // Entry 0 (top of column 0) is dropped; 1, 2 fill column 0; 3 would open
        // column 1 and is dropped; 4 goes there.
        assert_eq!(where_(&p), [(1, 0, 1), (2, 0, 2), (4, 1, 1)]);
        assert_eq!(p.consumed, 5);
    }

    #[test]
    fn a_kept_group_moves_to_the_next_column_whole() {
        // Entries 1–2 keep together and do not fit under entry 0 in a column of 2.
        let e = vec![line(Keep::None), line(Keep::Strong), line(Keep::None)];
        let p = pack(&e, &cols(2, 2));
        assert_eq!(where_(&p), [(0, 0, 1), (1, 1, 1), (2, 1, 2)]);
    }

    #[test]
    fn a_weak_group_taller_than_a_column_is_given_up_for_the_strong_ones() {
        // A "poem" of 5 lines in columns of 3: kept weakly, with lines 2–3 kept
        // strongly. It starts under a line in column 0 and is split, but never
        // between 2 and 3.
        let mut e = vec![line(Keep::None)];
        e.extend([Keep::Weak, Keep::Strong, Keep::Weak, Keep::Weak, Keep::None].map(line));
        let p = pack(&e, &cols(3, 3));
        assert_eq!(p.consumed, 6);
        let col_of = |i: usize| p.placed.iter().find(|x| x.entry == i).unwrap().column;
        assert_eq!(col_of(2), col_of(3));
        assert_eq!(col_of(1), 0, "the first lines stay under entry 0");
    }

    #[test]
    fn a_tall_entry_takes_consecutive_rows() {
        let mut tall = line(Keep::None);
        tall.rows = 2;
        let e = vec![line(Keep::None), tall];
        // Column 0 has rows 1 and 3 (2 is under a photo): the 2-row entry goes to
        // column 1.
        let columns = vec![
            vec![Slot { column: 0, row: 1 }, Slot { column: 0, row: 3 }],
            vec![Slot { column: 1, row: 1 }, Slot { column: 1, row: 2 }],
        ];
        let p = pack(&e, &columns);
        assert_eq!(where_(&p), [(0, 0, 1), (1, 1, 1)]);
    }

    #[test]
    fn what_fits_nowhere_is_left_over() {
        let mut tall = line(Keep::None);
        tall.rows = 4;
        let e = vec![line(Keep::None), tall, line(Keep::None)];
        let p = pack(&e, &cols(2, 3));
        assert_eq!(p.consumed, 1);
    }
}
