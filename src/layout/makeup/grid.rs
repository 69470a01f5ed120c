//! A page's grid cells as the make-up step sees them: free, taken (the band, an ad, a
//! teaser, a story), or a photo that stands on its own (a story placed around it wraps
//! it when the photo lies inside the story's columns without filling them all).

use crate::spec::{Area, IssuePage};

/// One grid cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Free,
    Taken,
    /// Left empty by the make-up step (a hole; counted as free by [`PageGrid::holes`]).
    Hole,
    /// Index of the photo in the page's photos.
    Photo(usize),
}

/// The cells of one page, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageGrid {
    pub columns: u32,
    pub lines: u32,
    cells: Vec<Cell>,
    /// Photo areas by index (for wrapping).
    photos: Vec<Area>,
}

/// Runs of cells down a column (see [`PageGrid::runs`]).
#[derive(Debug, Default)]
struct Runs {
    count: u32,
    tallest: u32,
    at: Option<(u32, u32)>,
}

/// Where a story set from a row down may end: the first row it may not take, and the
/// photos it takes inside (they must lie wholly inside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// The first row below the story's free space (`lines + 1` at the grid's foot).
    pub floor: u32,
    /// The lowest row of a photo the story wraps (0: none).
    pub photos_to: u32,
    /// The top row of the first photo it would wrap: the story may instead end above
    /// it (the photo then stands below it, for the next story).
    pub above: Option<u32>,
}

impl PageGrid {
    /// The page with its band (`reserved` lines), ads, teasers, and the stories `taken`
    /// says are placed; photos inside a placed story are the story's, others stand,
    /// but for those `traveling` with a story not placed yet (left out).
    pub fn new(
        columns: u32,
        lines: u32,
        reserved: u32,
        page: &IssuePage,
        (taken, traveling): (impl Fn(usize) -> bool, impl Fn(usize) -> bool),
    ) -> PageGrid {
        let mut g = PageGrid {
            columns,
            lines,
            cells: vec![Cell::Free; (columns as usize) * (lines as usize)],
            photos: page.photos.iter().map(|p| p.area).collect(),
        };
        if reserved > 0 {
            if let Some(band) = Area::checked(1, columns, 1, reserved.min(lines)) {
                g.take(&band);
            }
        }
        for a in page.ads.iter().map(|a| a.area) {
            g.take(&a);
        }
        for t in page.teasers.iter().map(|t| t.area) {
            g.take(&t);
        }
        let stories: Vec<Area> = page
            .stories
            .iter()
            .enumerate()
            .filter(|(i, _)| taken(*i))
            .map(|(_, s)| s.area)
            .collect();
        for (i, ph) in page.photos.iter().enumerate() {
            if !traveling(i) && !stories.iter().any(|s| s.contains(&ph.area)) {
                g.fill(&ph.area, Cell::Photo(i));
            }
        }
        for s in &stories {
            g.take(s);
        }
        g
    }

    fn index(&self, col: u32, row: u32) -> Option<usize> {
        if col == 0 || row == 0 || col > self.columns || row > self.lines {
            return None;
        }
        Some((row as usize - 1) * self.columns as usize + (col as usize - 1))
    }

    pub fn get(&self, col: u32, row: u32) -> Cell {
        self.index(col, row)
            .and_then(|i| self.cells.get(i).copied())
            .unwrap_or(Cell::Taken)
    }

    fn fill(&mut self, area: &Area, cell: Cell) {
        for row in area.row..=area.last_row() {
            for col in area.col..=area.last_col() {
                if let Some(i) = self.index(col, row) {
                    self.cells[i] = cell;
                }
            }
        }
    }

    /// Mark an area as taken.
    pub fn take(&mut self, area: &Area) {
        self.fill(area, Cell::Taken);
    }

    /// Mark an area free again (a story being sized, which was provisionally placed).
    pub fn free(&mut self, area: &Area) {
        self.fill(area, Cell::Free);
    }

    /// Mark an area left empty.
    pub fn leave(&mut self, area: &Area) {
        self.fill(area, Cell::Hole);
    }

    /// The first free cell, row by row from the top, left to right, and how many free
    /// cells run to its right.
    pub fn first_free(&self) -> Option<(u32, u32, u32)> {
        for row in 1..=self.lines {
            for col in 1..=self.columns {
                if self.get(col, row) == Cell::Free {
                    let run = (col..=self.columns)
                        .take_while(|&c| self.get(c, row) == Cell::Free)
                        .count() as u32;
                    return Some((row, col, run));
                }
            }
        }
        None
    }

    /// Whether every cell of row `row` in columns `col..col+cols` is free.
    pub fn row_free(&self, col: u32, cols: u32, row: u32) -> bool {
        (col..col.saturating_add(cols)).all(|c| self.get(c, row) == Cell::Free)
    }

    /// How far down a story of columns `col..col+cols` may run from `row`: it stops at a
    /// taken cell, or at a photo it cannot wrap (one reaching outside its columns, filling
    /// all of them, or running below its floor).
    pub fn room(&self, col: u32, cols: u32, row: u32) -> Room {
        let last_col = col.saturating_add(cols).saturating_sub(1);
        let mut floor = self.lines.saturating_add(1);
        let mut photos_to = 0;
        let mut above = None;
        'rows: for r in row..=self.lines {
            for c in col..=last_col {
                match self.get(c, r) {
                    Cell::Free => {}
                    Cell::Taken | Cell::Hole => {
                        floor = r;
                        break 'rows;
                    }
                    Cell::Photo(i) => {
                        let Some(ph) = self.photos.get(i) else {
                            floor = r;
                            break 'rows;
                        };
                        let inside = ph.col >= col && ph.last_col() <= last_col && ph.cols < cols;
                        if !inside || ph.row < row {
                            floor = r;
                            break 'rows;
                        }
                        photos_to = photos_to.max(ph.last_row());
                        above = Some(above.map_or(ph.row, |a: u32| a.min(ph.row)));
                    }
                }
            }
        }
        if photos_to >= floor {
            // A photo runs past the floor: the story must end above that photo instead.
            let top = self
                .photos
                .iter()
                .filter(|ph| ph.col >= col && ph.last_col() <= last_col && ph.row >= row)
                .filter(|ph| ph.last_row() >= floor && ph.row < floor)
                .map(|ph| ph.row)
                .min()
                .unwrap_or(floor);
            return self.room_above(col, cols, row, top);
        }
        Room {
            floor,
            photos_to,
            above: above.filter(|&a| a > row && a < floor),
        }
    }

    /// [`Self::room`] with the floor held at `top` at most.
    fn room_above(&self, col: u32, cols: u32, row: u32, top: u32) -> Room {
        let mut room = Room {
            floor: top,
            photos_to: 0,
            above: None,
        };
        let last_col = col.saturating_add(cols).saturating_sub(1);
        for ph in &self.photos {
            if ph.col >= col && ph.last_col() <= last_col && ph.row >= row && ph.last_row() < top {
                room.photos_to = room.photos_to.max(ph.last_row());
            }
        }
        room
    }

    /// The cells `counts` says, column by column: how many, the tallest run of them in
    /// one column, and where that run starts (column, row; the first such on a tie).
    fn runs(&self, counts: impl Fn(Cell) -> bool) -> Runs {
        let mut out = Runs::default();
        for col in 1..=self.columns {
            let mut run = 0;
            for row in 1..=self.lines {
                if counts(self.get(col, row)) {
                    run += 1;
                    out.count += 1;
                    if run > out.tallest {
                        out.tallest = run;
                        out.at = Some((col, row + 1 - run));
                    }
                } else {
                    run = 0;
                }
            }
        }
        out
    }

    /// The cells no story took (free or left empty): the tallest run in a column, and
    /// how many.
    pub fn holes(&self) -> (u32, u32) {
        let r = self.runs(|c| matches!(c, Cell::Free | Cell::Hole));
        (r.tallest, r.count)
    }

    /// The free cells, and the cells of photos standing on their own.
    pub fn open_cells(&self) -> (u32, u32) {
        let free = self.cells.iter().filter(|c| **c == Cell::Free).count();
        let photos = self
            .cells
            .iter()
            .filter(|c| matches!(c, Cell::Photo(_)))
            .count();
        (free as u32, photos as u32)
    }

    /// The cells left empty ([`Cell::Hole`]).
    pub fn left_cells(&self) -> u32 {
        self.cells.iter().filter(|c| **c == Cell::Hole).count() as u32
    }

    /// The tallest run of cells left empty ([`Cell::Hole`]) in a column.
    pub fn longest_left(&self) -> u32 {
        self.runs(|c| c == Cell::Hole).tallest
    }

    /// The story area whose foot is just above the first cell of the tallest hole, if
    /// `areas` has one there.
    pub fn above_hole(&self, areas: &[(usize, Area)]) -> Option<usize> {
        let (col, top) = self.runs(|c| matches!(c, Cell::Free | Cell::Hole)).at?;
        areas
            .iter()
            .find(|(_, a)| a.col <= col && col <= a.last_col() && a.last_row() + 1 == top)
            .map(|(i, _)| *i)
    }

    /// The rows a story may begin on: the first and last row with a free cell.
    pub fn free_rows(&self) -> Option<(u32, u32)> {
        let rows: Vec<u32> = (1..=self.lines)
            .filter(|&r| (1..=self.columns).any(|c| self.get(c, r) == Cell::Free))
            .collect();
        Some((*rows.first()?, *rows.last()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;
    use crate::spec::{Ad, Fit, IssuePage, PageTemplate, Photo};

    fn area(col: u32, cols: u32, row: u32, rows: u32) -> Area {
        Area::checked(col, cols, row, rows).unwrap()
    }

    /// An 8 × 30 page: a 3-line band, an ad on rows 26–30, and photos at `photos`.
    fn grid(photos: &[Area]) -> PageGrid {
        let loc = Loc::file(std::sync::Arc::from(std::path::Path::new("issue.toml")));
        let page = IssuePage {
            number: 1,
            template: PageTemplate::Inside,
            section: String::new(),
            sheet: "A".into(),
            editor: String::new(),
            art_editor: String::new(),
            proofreader: String::new(),
            stories: Vec::new(),
            photos: photos
                .iter()
                .map(|&a| Photo {
                    area: a,
                    caption: String::new(),
                    credit: String::new(),
                    asset: None,
                    fit: Fit::default(),
                    loc: loc.clone(),
                })
                .collect(),
            ads: vec![Ad {
                area: area(1, 8, 26, 5),
                label: "广告".into(),
                title: String::new(),
                lines: Vec::new(),
                asset: None,
                page: 1,
                fit: None,
                loc: loc.clone(),
            }],
            teasers: Vec::new(),
            loc,
        };
        PageGrid::new(8, 30, 3, &page, (|_| false, |_| false))
    }

    #[test]
    fn a_story_runs_down_to_the_next_item() {
        let g = grid(&[]);
        assert_eq!(g.first_free(), Some((4, 1, 8)));
        let room = g.room(1, 4, 4);
        assert_eq!((room.floor, room.photos_to, room.above), (26, 0, None));
    }

    #[test]
    fn a_photo_inside_the_columns_is_wrapped_or_left_below() {
        // Columns 3–4 of a 4-column story: wrapped, or the story ends above it.
        let g = grid(&[area(3, 2, 10, 6)]);
        let room = g.room(1, 4, 4);
        assert_eq!((room.floor, room.photos_to, room.above), (26, 15, Some(10)));
        // As wide as the story: the story ends above it.
        let room = g.room(3, 2, 4);
        assert_eq!((room.floor, room.photos_to, room.above), (10, 0, None));
        // Sticking out of the story's columns: the same.
        let room = g.room(1, 3, 4);
        assert_eq!(room.floor, 10);
    }

    #[test]
    fn holes_are_counted_per_column() {
        let mut g = grid(&[]);
        g.take(&area(1, 8, 4, 20));
        // Rows 24–25 free in every column: 16 cells, 2 a column.
        assert_eq!(g.holes(), (2, 16));
        g.leave(&area(1, 8, 24, 1));
        assert_eq!((g.longest_left(), g.left_cells()), (1, 8));
        assert_eq!(g.first_free(), Some((25, 1, 8)));
    }
}
