//! The stories of a page whose `area` leaves out `rows`: each, top to bottom, gets the
//! rows its text needs from its `row` down to the next item at most — stretched to that
//! item when the gap left is no more than `max_hole_lines` — and a frame that jumps
//! takes every row free below it (`continues_on = "auto"`: only when its text does not
//! fit). A story that does not fit is set in the rows it has, its problem explained.

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::makeup::grid::{PageGrid, Room};
use crate::layout::makeup::measure::Measurer;
use crate::layout::makeup::size::{need, Need};
use crate::layout::makeup::{explain, page_grid, placed_area, set_area, settle, MakeupReport};
use crate::layout::setter::Setter;
use crate::spec::{Area, Issue, RowLimits, Sizing, StoryPlacement};

/// Size the stories of page `p` whose `rows` are left out. The error is for a story
/// that begins on a cell another item takes, and what stops setting a story; the
/// stories that do not fit (errors, like overset) and the holes left (warnings) are
/// returned.
pub fn size_rows(
    work: &mut Issue,
    p: usize,
    setter: &mut Setter,
    measurer: &mut Measurer,
    report: &mut MakeupReport,
) -> Result<Diagnostics, Diagnostics> {
    let mut open: Vec<usize> = (0..work.pages[p].stories.len())
        .filter(|&i| matches!(work.pages[p].stories[i].sizing, Sizing::Rows(_)))
        .collect();
    if open.is_empty() {
        return Ok(Diagnostics::new());
    }
    open.sort_by_key(|i| {
        let a = work.pages[p].stories[*i].area;
        (a.row, a.col)
    });
    let mut grid = page_grid(work, p, |s| !matches!(s, Sizing::Auto(_)));
    let mut errors = Diagnostics::new();
    let mut soft = Diagnostics::new();
    for i in open {
        let pl = work.pages[p].stories[i].clone();
        let Sizing::Rows(limits) = pl.sizing else {
            continue;
        };
        let a = pl.area;
        grid.free(&a);
        if !grid.row_free(a.col, a.cols, a.row) {
            errors.push(taken_start(work, p, &pl));
            grid.take(&a);
            continue;
        }
        let tools = (&mut *setter, &mut *measurer);
        let (rows, floor) = rows_for(work, p, tools, (&pl, limits), &grid, &mut soft, report)?;
        let Some(area) = Area::checked(a.col, a.cols, a.row, rows.max(1)) else {
            continue;
        };
        grid.take(&area);
        if let Some(w) = hole_left(work, p, &pl, (rows, floor)) {
            soft.push(w);
        }
        set_area(work, p, i, area);
        report.placed.push(placed_area(work, p, i, "rows"));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(soft)
}

/// The rows story `pl` takes, and the floor it was sized against.
fn rows_for(
    work: &Issue,
    p: usize,
    (setter, measurer): (&mut Setter, &mut Measurer),
    (pl, limits): (&StoryPlacement, RowLimits),
    grid: &PageGrid,
    soft: &mut Diagnostics,
    report: &mut MakeupReport,
) -> Result<(u32, u32), Diagnostics> {
    let a = pl.area;
    let room: Room = grid.room(a.col, a.cols, a.row);
    let all = room.floor.saturating_sub(a.row).min(limits.max);
    if pl.continues_on.is_some() && !pl.auto_jump {
        // A frame that jumps is filled: it takes every row free below it.
        return Ok((all, room.floor));
    }
    let part = (pl.story, pl.part);
    let at = (a.col, a.cols, a.row);
    Ok(
        match need(work, setter, measurer, part, at, &room, limits)? {
            Need::Fits { rows, floor, .. } => {
                let bounds = (limits.max, work.layout.makeup.max_hole_lines);
                let kept = settle(work, setter, measurer, part, (a, rows), floor, bounds)?;
                (kept, floor)
            }
            // `continues_on = "auto"` and too long: it jumps, taking every row.
            Need::Short { .. } if pl.auto_jump => (all, room.floor),
            Need::Short { rows, trial } => {
                // Set in the rows it has, overset, with the problem said.
                let problem = explain::short_story(work, p, pl, &room, rows, trial);
                soft.push(problem.diagnostic(&pl.loc));
                report.problems.push(problem);
                (rows, room.floor)
            }
        },
    )
}

/// The error of a story whose first row another item takes.
fn taken_start(work: &Issue, p: usize, pl: &StoryPlacement) -> Diagnostic {
    let a = pl.area;
    Diagnostic::error(format!(
        "story `{}` begins on page {} at row {} in columns {}–{}, where another item is placed",
        work.story(pl.story).id,
        work.pages[p].number,
        a.row,
        a.col,
        a.last_col()
    ))
    .located(&pl.loc)
}

/// The warning of a story that leaves more than `max_hole_lines` rows empty above the
/// next item (`floor`; none at the page's foot).
fn hole_left(
    work: &Issue,
    p: usize,
    pl: &StoryPlacement,
    (rows, floor): (u32, u32),
) -> Option<Diagnostic> {
    let row = pl.area.row;
    let gap = floor.saturating_sub(row.saturating_add(rows));
    if gap <= work.layout.makeup.max_hole_lines || floor > work.layout.grid.lines {
        return None;
    }
    Some(
        Diagnostic::warning(format!(
            "story `{}` on page {} needs {rows} rows from row {row}; the {gap} rows below it, above the next item at row {floor}, are left empty",
            work.story(pl.story).id,
            work.pages[p].number,
        ))
        .located(&pl.loc)
        .with_hint("give the story more text or columns, or move the item below it up"),
    )
}
