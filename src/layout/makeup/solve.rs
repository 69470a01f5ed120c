//! Placing the stories of a page that give only `cols` (自动组版): an exact search over
//! the page's grid. Stories go in reading order (`band`, `order`, then the spec's), each
//! at the first free cell (top to bottom, left to right), at every width its `cols`
//! allow, flush left or flush right in the free run there, with the rows its text needs
//! ([`super::size::need`]) — stretched to the next item when the gap is no more than
//! `max_hole_lines`. A run where no story fits is left empty and the search goes on
//! below it. Fixed items are never moved. Of the arrangements that place every story,
//! the one kept leaves the fewest empty cells and stretches least (the first found on
//! a tie, so the result is deterministic); it must leave no column a hole taller than
//! `max_hole_lines`, or the page is explained as short of copy.

use crate::diag::Diagnostics;
use crate::layout::makeup::explain::{self, Shortfall};
use crate::layout::makeup::grid::PageGrid;
use crate::layout::makeup::measure::Measurer;
use crate::layout::makeup::size::{need, Need};
use crate::layout::makeup::{page_grid, placed_area, set_area, settle, MakeupReport};
use crate::layout::setter::Setter;
use crate::spec::{Area, AutoPlace, Issue, IssuePage, PageBand, Sizing};

/// An arrangement that places every story of the page.
#[derive(Debug, Clone)]
pub struct Arrangement {
    /// (index in the page's stories, area).
    pub placed: Vec<(usize, Area)>,
    /// The tallest run of empty cells in a column, and all empty cells.
    pub longest_hole: u32,
    pub empty_cells: u32,
    /// Rows added to stories to close small gaps.
    pub stretch: u32,
    /// Body lines of stories placed in less room than they need (too much copy), and
    /// the first such story.
    pub overset: usize,
    pub shortfalls: Vec<Shortfall>,
    /// The grid as left (for explaining holes).
    pub grid: PageGrid,
}

/// The arrangement the search is building: the stories placed so far (index in the
/// page's stories, area) with their headline rows, the rows added to close small gaps,
/// and the stories placed short.
#[derive(Default)]
struct Partial {
    placed: Vec<(usize, Area)>,
    heads: Vec<u32>,
    stretch: u32,
    short: Vec<Shortfall>,
}

struct Search<'a, 's, 'f> {
    work: &'a Issue,
    p: usize,
    setter: &'s mut Setter<'f>,
    measurer: &'s mut Measurer,
    /// (index in the page's stories, its placing).
    autos: Vec<(usize, AutoPlace)>,
    /// Areas of the page's other stories and the rows their headline blocks take from
    /// their tops (for the headline rule; empty when the house allows abreast).
    others: Vec<(Area, u32)>,
    /// The free rows of the page before the search.
    free: (u32, u32),
    max_hole: u32,
    limit: u32,
    nodes: u32,
    best: Option<Arrangement>,
    shortfall: Option<Shortfall>,
    done: bool,
    /// The first pass: no story placed short, branches that cannot fit pruned.
    strict: bool,
    /// Per story (as in `autos`): the fewest cells and the most cells it can take at
    /// any of its widths (set photo-free at the top of the page; `None`: unknown).
    bounds: Vec<Option<(u32, u32)>>,
}

/// Place the page's `cols`-only stories; their areas are written into `work`. A page
/// that cannot fit is set as best arranged, its problem returned (an error the caller
/// treats like overset); the error is for a page with no arrangement at all.
pub fn solve_page(
    work: &mut Issue,
    p: usize,
    setter: &mut Setter,
    measurer: &mut Measurer,
    report: &mut MakeupReport,
) -> Result<Diagnostics, Diagnostics> {
    let autos = auto_stories(&work.pages[p]);
    if autos.is_empty() {
        return Ok(Diagnostics::new());
    }
    let grid = page_grid(work, p, |s| !matches!(s, Sizing::Auto(_)));
    let others = neighbours(work, p, setter, measurer)?;
    let rules = &work.layout.makeup;
    let mut search = Search {
        work,
        p,
        setter,
        measurer,
        autos,
        others,
        free: grid.free_rows().unwrap_or((1, 0)),
        max_hole: rules.max_hole_lines,
        limit: rules.search_limit,
        nodes: 0,
        best: None,
        shortfall: None,
        done: false,
        strict: true,
        bounds: Vec::new(),
    };
    search.bounds = search.story_bounds()?;
    // First an arrangement where every story fits; only when there is none, one that
    // places stories short (to say what is lacking).
    search.place(&grid, 0, &mut Partial::default())?;
    let mut cut_short = search.nodes >= search.limit;
    if search
        .best
        .as_ref()
        .is_none_or(|b| b.longest_hole > search.max_hole)
    {
        search.strict = false;
        search.nodes = 0;
        search.done = false;
        search.place(&grid, 0, &mut Partial::default())?;
        cut_short |= search.nodes >= search.limit;
    }
    let (best, shortfall, limit) = (search.best, search.shortfall, search.limit);
    let mut out = apply(work, p, best, shortfall.as_slice(), report);
    if cut_short {
        // The search stopped before trying every arrangement: a better one may exist.
        let hint = format!(
            "the search stopped after {limit} arrangements: narrow the stories' `cols` ranges, or raise `[makeup] search_limit`"
        );
        for d in match &mut out {
            Ok(d) | Err(d) => d.0.iter_mut(),
        } {
            d.hints.push(hint.clone());
        }
    }
    out
}

/// The page's stories placed from `cols`, in the order they are placed: `band = "top"`
/// first and `"bottom"` last (so they sit at the top and at the foot of the page), the
/// others between; within a band by `order`, then the spec's order. (index in the
/// page's stories, placing).
fn auto_stories(page: &IssuePage) -> Vec<(usize, AutoPlace)> {
    let band = |b: Option<PageBand>| match b {
        Some(PageBand::Top) => 0,
        None | Some(PageBand::Middle) => 1,
        Some(PageBand::Bottom) => 2,
    };
    let mut autos: Vec<((u8, u32, usize), usize, AutoPlace)> = page
        .stories
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match &s.sizing {
            Sizing::Auto(a) => Some(((band(a.band), a.order, s.spec_index), i, a.clone())),
            _ => None,
        })
        .collect();
    autos.sort_by_key(|(key, _, _)| *key);
    autos.into_iter().map(|(_, i, a)| (i, a)).collect()
}

/// The page's other stories with their headline rows, for `headlines_abreast = false`
/// (none when the house allows headlines abreast).
fn neighbours(
    work: &Issue,
    p: usize,
    setter: &mut Setter,
    measurer: &mut Measurer,
) -> Result<Vec<(Area, u32)>, Diagnostics> {
    let mut others = Vec::new();
    if work.layout.makeup.headlines_abreast {
        return Ok(others);
    }
    for s in work.pages[p].stories.iter() {
        if !matches!(s.sizing, Sizing::Auto(_)) {
            let t = measurer.trial(work, setter, (s.story, s.part), s.area)?;
            others.push((s.area, t.head_rows));
        }
    }
    Ok(others)
}

/// Write the best arrangement's areas into `work`, and say what keeps it from fitting:
/// stories placed short (too much copy) or a hole taller than `max_hole_lines` (short
/// of copy). Without any arrangement, the error says what is lacking.
fn apply(
    work: &mut Issue,
    p: usize,
    best: Option<Arrangement>,
    shortfall: &[Shortfall],
    report: &mut MakeupReport,
) -> Result<Diagnostics, Diagnostics> {
    let Some(b) = best else {
        // Not even an arrangement with overset stories: some story has no free cell.
        let problem = explain::too_much_copy(work, p, shortfall);
        let d = problem.diagnostic(&work.pages[p].loc);
        report.problems.push(problem);
        return Err(Diagnostics(vec![d]));
    };
    for &(i, area) in &b.placed {
        set_area(work, p, i, area);
        report.placed.push(placed_area(work, p, i, "auto"));
    }
    let problem = if b.overset > 0 {
        Some(explain::too_much_copy(work, p, &b.shortfalls))
    } else if b.longest_hole > work.layout.makeup.max_hole_lines {
        Some(explain::short_of_copy(work, p, &b))
    } else {
        None
    };
    // Set as arranged (like an overset story, the page is refused unless
    // `--allow-overset`), with the problem said.
    let mut out = Diagnostics::new();
    if let Some(problem) = problem {
        out.push(problem.diagnostic(&work.pages[p].loc));
        report.problems.push(problem);
    }
    Ok(out)
}

impl Search<'_, '_, '_> {
    /// Place story `i` (and the rest after it) on `grid`, which holds what `at` placed.
    fn place(&mut self, grid: &PageGrid, i: usize, at: &mut Partial) -> Result<(), Diagnostics> {
        if self.done || self.nodes >= self.limit {
            return Ok(());
        }
        self.nodes += 1;
        if self.strict && self.hopeless(grid, i) {
            return Ok(());
        }
        let Some((index, auto)) = self.autos.get(i).cloned() else {
            self.consider(grid, at);
            return Ok(());
        };
        let Some((row, col, run)) = grid.first_free() else {
            self.no_room(i)?;
            return Ok(());
        };
        let mut fitted = false;
        for cols in (auto.cols.0..=auto.cols.1).rev() {
            if cols > run {
                continue;
            }
            let mut starts = vec![col];
            if run > cols {
                starts.push(col + run - cols);
            }
            for start in starts {
                fitted |= self.try_at(grid, (i, index, &auto), (start, cols, row), at)?;
            }
        }
        if !fitted {
            // No story starts here: leave this run empty and go on below it.
            if let Some(gap) = Area::checked(col, run, row, 1) {
                let mut next = grid.clone();
                next.leave(&gap);
                if next.longest_left() <= self.max_hole {
                    self.place(&next, i, at)?;
                }
            }
        }
        Ok(())
    }

    /// Story `i` (page story `index`) at `cols` columns from (`start`, `row`): placed
    /// with the rows it needs (stretched to close a small gap), and the search goes on;
    /// or, when it does not fit there and the search is not strict, placed short. True
    /// when it fits there.
    fn try_at(
        &mut self,
        grid: &PageGrid,
        (i, index, auto): (usize, usize, &AutoPlace),
        (start, cols, row): (u32, u32, u32),
        at: &mut Partial,
    ) -> Result<bool, Diagnostics> {
        let room = grid.room(start, cols, row);
        let part = self.part(index);
        let work = self.work;
        let place = (start, cols, row);
        match need(
            work,
            self.setter,
            self.measurer,
            part,
            place,
            &room,
            auto.rows,
        )? {
            Need::Fits { rows, floor, trial } => {
                let head = trial.head_rows;
                if !self.abreast_ok(at, place, head) {
                    return Ok(false);
                }
                let Some(first) = Area::checked(start, cols, row, rows) else {
                    return Ok(false);
                };
                let bounds = (auto.rows.max, self.max_hole);
                let (setter, measurer) = (&mut *self.setter, &mut *self.measurer);
                let kept = settle(work, setter, measurer, part, (first, rows), floor, bounds)?;
                let Some(area) = Area::checked(start, cols, row, kept) else {
                    return Ok(false);
                };
                self.descend(grid, i, (index, area, head), kept - rows, None, at)?;
                Ok(true)
            }
            Need::Short { rows, trial } => {
                let Some(t) = trial else { return Ok(false) };
                let lacking = Shortfall {
                    depth: i,
                    story: index,
                    cols,
                    lines: t.left_lines,
                    chars: t.left_chars,
                };
                self.note(lacking.clone());
                if self.strict {
                    return Ok(false);
                }
                // Placed overset: kept only if nothing fits (ranked last).
                let Some(area) = Area::checked(start, cols, row, rows) else {
                    return Ok(false);
                };
                let short = Shortfall {
                    lines: lacking.lines.max(1),
                    ..lacking
                };
                self.descend(grid, i, (index, area, t.head_rows), 0, Some(short), at)?;
                Ok(false)
            }
        }
    }

    /// Take `area` for page story `index` (headline rows `head`), search on from story
    /// `i + 1`, then take it back.
    fn descend(
        &mut self,
        grid: &PageGrid,
        i: usize,
        (index, area, head): (usize, Area, u32),
        stretch: u32,
        short: Option<Shortfall>,
        at: &mut Partial,
    ) -> Result<(), Diagnostics> {
        let mut next = grid.clone();
        next.take(&area);
        let shorts = short.is_some();
        at.placed.push((index, area));
        at.heads.push(head);
        at.stretch += stretch;
        at.short.extend(short);
        let result = self.place(&next, i + 1, at);
        if shorts {
            at.short.pop();
        }
        at.stretch -= stretch;
        at.heads.pop();
        at.placed.pop();
        result
    }

    /// The fewest and most cells each story can take: at each width it allows, the
    /// rows it needs set at the top of the page with nothing in its way (a photo it
    /// wraps or a headline's space above only add rows), and those plus a stretch of
    /// `max_hole` and the headline's space.
    fn story_bounds(&mut self) -> Result<Vec<Option<(u32, u32)>>, Diagnostics> {
        let lines = self.work.layout.grid.lines;
        let space = self.work.layout.grid.space_above_headline;
        let row = self.free.0.max(1);
        let mut out = Vec::new();
        for (index, auto) in self.autos.clone() {
            let part = self.part(index);
            let room = crate::layout::makeup::grid::Room {
                floor: lines.saturating_add(1),
                photos_to: 0,
                above: None,
            };
            let mut least: Option<u32> = None;
            let mut most: Option<u32> = None;
            for w in auto.cols.0..=auto.cols.1 {
                let n = need(
                    self.work,
                    self.setter,
                    self.measurer,
                    part,
                    (1, w, row),
                    &room,
                    auto.rows,
                )?;
                if let Need::Fits { rows, .. } = n {
                    let cells = rows.saturating_mul(w);
                    let stretched = rows
                        .saturating_add(self.max_hole)
                        .saturating_add(space)
                        .min(auto.rows.max)
                        .saturating_mul(w);
                    least = Some(least.map_or(cells, |l| l.min(cells)));
                    most = Some(most.map_or(stretched, |m| m.max(stretched)));
                }
            }
            out.push(least.zip(most));
        }
        Ok(out)
    }

    /// Whether no arrangement from here on can fit every story: the stories left need
    /// more cells than are free (with the photos they might wrap), or they cannot take
    /// enough of them to leave fewer empty cells than the best arrangement found.
    fn hopeless(&self, grid: &PageGrid, i: usize) -> bool {
        let (free, photos) = grid.open_cells();
        let mut least = 0u32;
        let mut most = 0u32;
        for b in self.bounds.iter().skip(i) {
            match b {
                Some((l, m)) => {
                    least = least.saturating_add(*l);
                    most = most.saturating_add(*m);
                }
                // A story that fits nowhere on an empty page: no bound.
                None => return false,
            }
        }
        if least > free.saturating_add(photos) {
            return true;
        }
        let empty_at_least = free.saturating_sub(most.saturating_add(photos));
        let left = grid.left_cells();
        match &self.best {
            Some(b) if b.overset == 0 && b.longest_hole <= self.max_hole => {
                left.saturating_add(empty_at_least) > b.empty_cells
            }
            _ => false,
        }
    }

    fn part(&self, index: usize) -> (crate::spec::StoryId, usize) {
        let pl = &self.work.pages[self.p].stories[index];
        (pl.story, pl.part)
    }

    /// Every story is placed: keep the arrangement if it is the best so far.
    fn consider(&mut self, grid: &PageGrid, at: &Partial) {
        let (stretch, short) = (at.stretch, &at.short);
        let (longest_hole, empty_cells) = grid.holes();
        let max_hole = self.max_hole;
        let rank = |a: &Arrangement| {
            (
                a.overset,
                a.longest_hole > max_hole,
                a.empty_cells,
                a.stretch,
            )
        };
        let arrangement = Arrangement {
            placed: at.placed.clone(),
            longest_hole,
            empty_cells,
            stretch,
            overset: short.iter().map(|s| s.lines).sum(),
            shortfalls: short.to_vec(),
            grid: grid.clone(),
        };
        if self
            .best
            .as_ref()
            .is_none_or(|b| rank(&arrangement) < rank(b))
        {
            if arrangement.overset == 0
                && longest_hole <= self.max_hole
                && empty_cells == 0
                && stretch == 0
            {
                self.done = true;
            }
            self.best = Some(arrangement);
        }
    }

    /// The page is full before story `i`: it and those after it lack room.
    fn no_room(&mut self, i: usize) -> Result<(), Diagnostics> {
        let Some((index, auto)) = self.autos.get(i).cloned() else {
            return Ok(());
        };
        let (row, cols) = (self.free.0.max(1), auto.cols.0);
        let Some(one) = Area::checked(1, cols, row, 1) else {
            return Ok(());
        };
        let part = self.part(index);
        let t = self.measurer.trial(self.work, self.setter, part, one)?;
        let mut lines = t.left_lines;
        let mut chars = t.left_chars;
        for (later, a) in self.autos.iter().skip(i + 1).cloned().collect::<Vec<_>>() {
            if let Some(one) = Area::checked(1, a.cols.0, row, 1) {
                let part = self.part(later);
                let t = self.measurer.trial(self.work, self.setter, part, one)?;
                lines += t.left_lines;
                chars += t.left_chars;
            }
        }
        self.note(Shortfall {
            depth: i,
            story: index,
            cols,
            lines,
            chars,
        });
        Ok(())
    }

    /// Keep the shortfall of the deepest search (then the smallest).
    fn note(&mut self, s: Shortfall) {
        let better = self.shortfall.as_ref().is_none_or(|b| {
            (s.depth, std::cmp::Reverse(s.lines)) > (b.depth, std::cmp::Reverse(b.lines))
        });
        if better {
            self.shortfall = Some(s);
        }
    }

    /// `headlines_abreast = false`: a story's headline block (its first `head` rows)
    /// is not beside another's — no story right beside it has its headline block on any
    /// of the same rows (碰题).
    fn abreast_ok(&self, at: &Partial, (col, cols, row): (u32, u32, u32), head: u32) -> bool {
        if self.work.layout.makeup.headlines_abreast || head == 0 {
            return true;
        }
        let end = col + cols;
        let mine = row..row + head;
        let placed_heads = at
            .placed
            .iter()
            .map(|(_, a)| *a)
            .zip(at.heads.iter().copied());
        !self
            .others
            .iter()
            .copied()
            .chain(placed_heads)
            .any(|(o, oh)| {
                let beside = o.last_col() + 1 == col || end == o.col;
                let theirs = o.row..o.row + oh;
                beside && mine.start < theirs.end && theirs.start < mine.end
            })
    }
}
