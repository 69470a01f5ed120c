//! Automatic page make-up (自动组版): the step of layout that decides the areas the
//! spec leaves open, before any story is set for the page.
//!
//! - A story whose `area` leaves out `rows` gets the rows its text needs from its `row`
//!   down ([`rows`]; [`size::need`] sets it with the real frame filler on a copy of its
//!   text, [`measure`]), stretched to the next item when the gap left is no more than
//!   `[makeup] max_hole_lines`; a frame that jumps (`continues_on`) takes every row free
//!   below it.
//! - A story may carry a photo (`with_photo`) that moves with its area.
//! - Stories given only `cols` are placed page by page by [`solve`]: in reading order,
//!   each at the first free cell (top to bottom, left to right), at each width it
//!   allows, flush left or right in the free run there; fixed items stay where they
//!   are, a photo standing inside a story's columns is wrapped. The arrangement kept
//!   leaves no hole, or the fewest empty cells; none taller than `max_hole_lines`.
//! - `continues_on = "auto"`: once its page is made up, a story that fits its frame
//!   does not jump, and its later frames are taken off their pages.
//! - When a page cannot be made up, [`explain`] says by how many lines and what an
//!   editor can do (cut, widen, move), as an error and in the report.
//!
//! Fixed areas are never moved; the result is the same issue with every area decided,
//! which the rest of layout sets as if the editor had written it (`broadsheet fit`
//! writes it back into the spec).

pub mod explain;
pub mod grid;
pub mod measure;
pub mod rows;
pub mod size;
pub mod solve;

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::layout::setter::Setter;
use crate::spec::{Area, Issue, Sizing, StoryId};
use grid::PageGrid;
use measure::{with_area, Measurer};

/// What the make-up step decided (the `makeup` part of `render --report`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MakeupReport {
    /// Every area the step decided, page by page.
    pub placed: Vec<PlacedArea>,
    /// Every `continues_on = "auto"`: whether the story jumps.
    pub jumps: Vec<JumpDecision>,
    /// Pages that could not be made up, with what would make them fit.
    pub problems: Vec<explain::Problem>,
}

impl MakeupReport {
    pub fn is_empty(&self) -> bool {
        self.placed.is_empty() && self.problems.is_empty() && self.jumps.is_empty()
    }
}

/// A story with `continues_on = "auto"`, decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JumpDecision {
    pub story: String,
    /// The page of the frame that may jump.
    pub page: u32,
    /// The page it continues on, or `None`: it fits, and its later frames are dropped.
    pub continues_on: Option<u32>,
}

/// Decide the `continues_on = "auto"` frames of page `p` (their areas decided): a story
/// that fits its frame does not jump — its later frames are taken off their pages
/// before those are made up — and one that does not fit jumps as written. A dropped
/// frame with a fixed area leaves that area empty: a warning.
fn settle_jumps(
    work: &mut Issue,
    p: usize,
    setter: &mut Setter,
    measurer: &mut Measurer,
    report: &mut MakeupReport,
) -> Result<Diagnostics, Diagnostics> {
    let mut warnings = Diagnostics::new();
    let auto: Vec<usize> = (0..work.pages[p].stories.len())
        .filter(|&i| work.pages[p].stories[i].auto_jump)
        .collect();
    for i in auto {
        let pl = work.pages[p].stories[i].clone();
        let fits = measurer
            .trial(work, setter, (pl.story, pl.part), pl.area)?
            .fits;
        work.pages[p].stories[i].auto_jump = false;
        if fits {
            work.pages[p].stories[i].continues_on = None;
            for gone in drop_parts_after(work, pl.story, pl.part) {
                if gone.sizing == Sizing::Fixed {
                    warnings.push(
                        crate::diag::Diagnostic::warning(format!(
                            "story `{}` fits on page {}: its frame here (columns {}–{}, rows {}–{}) is left empty",
                            work.story(pl.story).id,
                            work.pages[p].number,
                            gone.area.col,
                            gone.area.last_col(),
                            gone.area.row,
                            gone.area.last_row()
                        ))
                        .located(&gone.loc)
                        .with_hint("leave its `rows` out or give it only `cols`, and the make-up step gives the room to the page's other stories"),
                    );
                }
            }
        }
        report.jumps.push(JumpDecision {
            story: work.story(pl.story).id.clone(),
            page: work.pages[p].number,
            continues_on: work.pages[p].stories[i].continues_on,
        });
    }
    Ok(warnings)
}

/// Take the frames of story `id` after part `k` off their pages (the story ends in part
/// `k`), keeping every other story's part references right; the frames taken off.
fn drop_parts_after(work: &mut Issue, id: StoryId, k: usize) -> Vec<crate::spec::StoryPlacement> {
    let dropped: Vec<crate::spec::PartRef> = work.stories[id.0]
        .parts
        .iter()
        .skip(k + 1)
        .copied()
        .collect();
    work.stories[id.0].parts.truncate(k + 1);
    let mut removed = Vec::new();
    for gone in dropped.iter().rev() {
        let Some(page) = work.pages.get_mut(gone.page as usize - 1) else {
            continue;
        };
        if gone.index < page.stories.len() {
            removed.push(page.stories.remove(gone.index));
        }
        for story in &mut work.stories {
            for part in &mut story.parts {
                if part.page == gone.page && part.index > gone.index {
                    part.index -= 1;
                }
            }
        }
    }
    removed.reverse();
    removed
}

/// One story frame whose area the make-up step decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacedArea {
    pub page: u32,
    /// The story's id.
    pub story: String,
    /// Which `[[page.story]]` of the page (1-based).
    pub table: usize,
    /// `rows` (rows left out) or `auto` (placed from `cols`).
    pub sizing: &'static str,
    pub col: u32,
    pub cols: u32,
    pub row: u32,
    pub rows: u32,
}

/// The issue with every open area decided, and what was decided; `None` when the spec
/// leaves nothing open. A page that cannot be made up is set as best arranged, with
/// its problem explained in [`MadeUp::diags`] as an error the caller treats like
/// overset; the error is for what leaves no arrangement at all (a story with no free
/// cell, one placed on a taken cell) or stops setting a story (a character no font has).
pub fn make_up(issue: &Issue, setter: &mut Setter) -> Result<Option<MadeUp>, Diagnostics> {
    let open = issue
        .pages
        .iter()
        .flat_map(|p| &p.stories)
        .any(|s| s.sizing != Sizing::Fixed || s.auto_jump);
    if !open {
        return Ok(None);
    }
    let mut work = issue.clone();
    let mut measurer = Measurer::default();
    let mut report = MakeupReport::default();
    let mut diags = Diagnostics::new();
    let mut hard = Diagnostics::new();
    for p in 0..work.pages.len() {
        let step = rows::size_rows(&mut work, p, setter, &mut measurer, &mut report)
            .and_then(|soft| {
                diags.extend(soft);
                solve::solve_page(&mut work, p, setter, &mut measurer, &mut report)
            })
            .and_then(|soft| {
                diags.extend(soft);
                settle_jumps(&mut work, p, setter, &mut measurer, &mut report)
            });
        match step {
            Ok(soft) => diags.extend(soft),
            Err(e) => hard.extend(e),
        }
    }
    if !hard.is_empty() {
        hard.extend(diags);
        return Err(hard);
    }
    Ok(Some(MadeUp {
        issue: work,
        report,
        diags,
    }))
}

/// An issue made up: every area decided.
pub struct MadeUp {
    pub issue: Issue,
    pub report: MakeupReport,
    /// Pages and stories that do not fit as arranged (errors, like overset), holes
    /// left by stories whose `rows` were left out (warnings).
    pub diags: Diagnostics,
}

/// The page's grid with its fixed items, and the stories `taken` says are placed
/// (photos traveling with stories whose areas the step decides are left out: they are
/// inside those areas once decided).
pub fn page_grid(issue: &Issue, p: usize, taken: impl Fn(&Sizing) -> bool) -> PageGrid {
    let page = &issue.pages[p];
    let g = &issue.layout.grid;
    // A photo traveling with a story the step sizes is placed with the story's area.
    let unplaced: Vec<usize> = page
        .stories
        .iter()
        .filter(|s| s.sizing != Sizing::Fixed)
        .filter_map(|s| s.travel.map(|t| t.photo))
        .collect();
    PageGrid::new(
        g.columns,
        g.lines,
        issue.layout.band_lines(page.template),
        page,
        (
            |i: usize| page.stories.get(i).is_some_and(|s| taken(&s.sizing)),
            |photo: usize| unplaced.contains(&photo),
        ),
    )
}

/// Give story `i` of page `p` its decided `area`, and its traveling photo its place.
pub fn set_area(work: &mut Issue, p: usize, i: usize, area: Area) {
    let pl = with_area(&work.pages[p].stories[i], area);
    if let Some(t) = pl.travel {
        if let Some(photo) = measure::travel_area(work, &work.pages[p], t, area) {
            if let Some(ph) = work.pages[p].photos.get_mut(t.photo) {
                ph.area = photo;
            }
        }
    }
    work.pages[p].stories[i] = pl;
}

/// The rows a part that fits in `rows` keeps: stretched to `floor` when the gap left
/// is no more than `max_hole` rows and the stretched frame keeps no more than that
/// many empty lines a column at its foot (its columns balanced); else `rows`.
pub fn settle(
    work: &Issue,
    setter: &mut Setter,
    measurer: &mut Measurer,
    part: (StoryId, usize),
    (at, rows): (Area, u32),
    floor: u32,
    (max_rows, max_hole): (u32, u32),
) -> Result<u32, Diagnostics> {
    let gap = floor.saturating_sub(at.row.saturating_add(rows));
    let stretched = rows.saturating_add(gap);
    if gap == 0 || gap > max_hole || stretched > max_rows {
        return Ok(rows);
    }
    let Some(area) = Area::checked(at.col, at.cols, at.row, stretched) else {
        return Ok(rows);
    };
    let t = measurer.trial(work, setter, part, area)?;
    let foot = t.empty.div_ceil(at.cols.max(1) as usize);
    Ok(if t.fits && foot <= max_hole as usize {
        stretched
    } else {
        rows
    })
}

/// The report line of story `i` of page `p`, as placed.
pub fn placed_area(work: &Issue, p: usize, i: usize, sizing: &'static str) -> PlacedArea {
    let page = &work.pages[p];
    let pl = &page.stories[i];
    let moved = with_area(pl, pl.area);
    PlacedArea {
        page: page.number,
        story: work.story(pl.story).id.clone(),
        table: pl.spec_index + 1,
        sizing,
        col: moved.area.col,
        cols: moved.area.cols,
        row: moved.area.row,
        rows: moved.area.rows,
    }
}
