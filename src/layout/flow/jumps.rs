//! Jump lines (转版): `（下转第二版①）` at the end of a story's part on one page and
//! `（上接第一版①）` at the start of its continuation, both generated from the one link
//! in the spec so page and serial always agree (docs/cjk-rules.md §6.4). The wording is the
//! layout's (`[furniture] jump_out`, `jump_in`); this file numbers the jumps.

use std::collections::BTreeMap;

use crate::spec::Issue;

/// Serial numbers of jumps: for each (source page, story index) that continues on
/// another page, its number ①②… in reading order on the source page (top to bottom,
/// then left to right, by the story area's top-left cell).
pub fn number_jumps(issue: &Issue) -> BTreeMap<(u32, usize), u32> {
    let mut out = BTreeMap::new();
    for page in &issue.pages {
        let mut jumping: Vec<(u32, u32, usize)> = page
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.continues_on.is_some())
            .map(|(i, s)| (s.area.row, s.area.col, i))
            .collect();
        jumping.sort();
        for (serial, (_, _, i)) in jumping.into_iter().enumerate() {
            out.insert((page.number, i), serial as u32 + 1);
        }
    }
    out
}
