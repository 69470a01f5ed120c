//! The columns of a story frame and their body-line slots: text columns of whole body
//! characters inside the area (变栏 when the story asks for another column count), and
//! the slots left free by photos (图文互斥: text never runs under a picture).

use crate::spec::{Area, Issue, Photo};

/// A slot for one body line: column index and page-grid row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub column: usize,
    pub row: u32,
}

/// The columns of a story frame: x and width of each text column (whole characters).
pub fn story_columns(issue: &Issue, area: &Area, columns: u32) -> (f64, Vec<f64>) {
    let g = &issue.layout.grid;
    let area_x = g.col_x(area.col);
    let area_w = g.span_width(area.cols);
    let n = columns.max(1);
    // Whole body characters per text column; gutters share what is left.
    let area_chars = area.cols * g.column_chars + (area.cols - 1) * g.gutter_chars;
    let col_chars = (area_chars.saturating_sub((n - 1) * g.gutter_chars)) / n;
    let col_w = g.chars(col_chars.max(1));
    let gutter = if n > 1 {
        (area_w - f64::from(n) * col_w) / f64::from(n - 1)
    } else {
        0.0
    };
    let xs = (0..n)
        .map(|i| area_x + f64::from(i) * (col_w + gutter))
        .collect();
    (col_w, xs)
}

/// Free body-line slots of a frame in reading order (column by column, top to bottom),
/// skipping rows above each column's start and rows covered by photos (图文互斥).
pub fn free_slots(
    issue: &Issue,
    area: &Area,
    xs: &[f64],
    col_w: f64,
    starts: &[u32],
    photos: &[&Photo],
) -> Vec<Slot> {
    let g = &issue.layout.grid;
    let mut slots = Vec::new();
    for (c, &x) in xs.iter().enumerate() {
        let start = starts.get(c).copied().unwrap_or(area.row);
        for row in start..=area.last_row() {
            let covered = photos.iter().any(|p| {
                let px = g.col_x(p.area.col);
                let pw = g.span_width(p.area.cols);
                // Overlap in x (with a hair of tolerance) and in rows.
                px < x + col_w - 0.01
                    && x < px + pw - 0.01
                    && row >= p.area.row
                    && row <= p.area.last_row()
            });
            if !covered {
                slots.push(Slot { column: c, row });
            }
        }
    }
    slots
}
