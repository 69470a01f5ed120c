//! Filling a story's frames: the headline block across the story's columns, then body
//! lines column by column on the baseline grid; the last frame balanced; a frame that
//! continues elsewhere closed by a jump line; text that fits nowhere reported as overset.

use crate::diag::Diagnostic;
use crate::flow::body::{BodyLine, BodyStream};
use crate::flow::display::set_display;
use crate::flow::model::{Column, Frame, FrameKind, SetLine};
use crate::flow::setter::{Origin, Setter};
use crate::geom::Rect;
use crate::spec::{Area, Issue, Photo, Style};

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

/// What filling one frame produced.
pub struct FilledFrame {
    pub frame: Frame,
    /// Empty body-line slots left in the frame (underset) — only meaningful for the last.
    pub empty_slots: usize,
}

/// Inputs for one frame of a story.
pub struct FrameJob<'a> {
    pub label: String,
    pub area: Area,
    pub columns: u32,
    pub headline_columns: u32,
    /// Display lines of the headline block: (style, text).
    pub head: Vec<(&'a Style, String)>,
    /// Jump line opening the frame (continuations).
    pub jump_in: Option<String>,
    /// Jump line closing the frame if the story continues.
    pub jump_out: Option<String>,
    /// Blank body lines above the headline block.
    pub space_above: u32,
    pub photos: Vec<&'a Photo>,
    pub continuation: bool,
}

/// Fill one frame from the body stream.
#[allow(clippy::too_many_arguments)]
pub fn fill_frame(
    issue: &Issue,
    setter: &mut Setter,
    job: &FrameJob<'_>,
    body: &mut BodyStream<'_>,
    body_style: &Style,
    jump_style: &Style,
    para_texts: &[String],
    origin: &Origin<'_>,
) -> Result<FilledFrame, Vec<Diagnostic>> {
    let g = &issue.layout.grid;
    let area = job.area;
    let (col_w, xs) = story_columns(issue, &area, job.columns);
    let head_cols = (job.headline_columns as usize).min(xs.len()).max(1);
    let head_x = xs.first().copied().unwrap_or(0.0);
    let head_w = xs.get(head_cols - 1).map_or(col_w, |x| x + col_w - head_x);

    // 1. Headline block: whole body lines.
    let top_row = area.row + job.space_above;
    let mut head_lines = Vec::new();
    let mut head_rows = 0;
    for (style, text) in &job.head {
        let block = set_display(
            setter,
            g,
            style,
            text,
            head_x,
            head_w,
            g.row_y(top_row + head_rows),
            origin,
        )?;
        head_rows += block.rows;
        head_lines.extend(block.lines);
    }
    if head_rows > 0 {
        head_rows += 1; // one blank line between headline block and body
    }
    let starts: Vec<u32> = (0..xs.len())
        .map(|c| {
            if c < head_cols {
                top_row + head_rows
            } else {
                top_row
            }
        })
        .collect();
    let slots = free_slots(issue, &area, &xs, col_w, &starts, &job.photos);

    // 2. Decide how many body lines go here.
    let reserved_in = usize::from(job.jump_in.is_some());
    let total = body.count_lines(col_w);
    let capacity = slots.len().saturating_sub(reserved_in);
    let continues = job.jump_out.is_some() && total > capacity;
    let take = if continues {
        capacity.saturating_sub(1)
    } else {
        total.min(capacity)
    };
    let mut lines = Vec::with_capacity(take);
    for _ in 0..take {
        match body.next_line(col_w) {
            Some(l) => lines.push(l),
            None => break,
        }
    }

    // 3. Assign slots: balanced in the last frame, in order otherwise.
    let body_slots: Vec<Slot> = slots.iter().copied().skip(reserved_in).collect();
    // Balance only when the story ends in this frame; a full or overset frame is filled
    // in order.
    let ends_here = !continues && body.is_done();
    let chosen = if !ends_here {
        body_slots.iter().copied().take(lines.len()).collect()
    } else {
        balanced_slots(&body_slots, &lines)
    };
    let mut columns: Vec<Column> = xs
        .iter()
        .map(|&x| Column {
            x,
            width: col_w,
            lines: Vec::new(),
        })
        .collect();
    // Jump lines go in the frame's first slot (in) and last slot (out).
    let mut place_jump =
        |text: &str, slot: Option<&Slot>, right: bool, columns: &mut Vec<Column>| {
            let Some(slot) = slot else { return Ok(()) };
            let x = xs.get(slot.column).copied().unwrap_or(head_x);
            let line = set_jump(
                issue, setter, jump_style, text, x, col_w, slot.row, right, origin,
            )?;
            if let Some(c) = columns.get_mut(slot.column) {
                c.lines.push(line);
            }
            Ok::<(), Vec<Diagnostic>>(())
        };
    if let Some(text) = &job.jump_in {
        place_jump(text, slots.first(), false, &mut columns)?;
    }
    for (bl, slot) in lines.iter().zip(&chosen) {
        let x = xs.get(slot.column).copied().unwrap_or(head_x);
        let text = para_texts.get(bl.paragraph).map_or("", String::as_str);
        let set = SetLine::place(
            &bl.line,
            text,
            body_style,
            x,
            0.0,
            g.baseline(slot.row),
            true,
            Some(bl.paragraph),
        );
        if let Some(c) = columns.get_mut(slot.column) {
            c.lines.push(set);
        }
    }
    if let (true, Some(text)) = (continues, &job.jump_out) {
        place_jump(text, slots.last(), true, &mut columns)?;
    }
    let used = lines.len() + usize::from(continues) + usize::from(job.jump_in.is_some());
    let empty_slots = slots.len().saturating_sub(used);
    let rect = Rect::new(
        g.col_x(area.col),
        g.row_y(area.row),
        g.span_width(area.cols),
        f64::from(area.rows) * g.line_pitch,
    );
    Ok(FilledFrame {
        frame: Frame {
            kind: if job.continuation {
                FrameKind::Continuation
            } else {
                FrameKind::Story
            },
            label: job.label.clone(),
            rect,
            head: head_lines,
            columns,
            boxes: Vec::new(),
        },
        empty_slots,
    })
}

/// Set a jump line in one body line of a column, kept together on one line
/// (cjk-rules.md §6.4; T34). `right` aligns it to the column's end.
#[allow(clippy::too_many_arguments)]
fn set_jump(
    issue: &Issue,
    setter: &mut Setter,
    style: &Style,
    text: &str,
    x: f64,
    width: f64,
    row: u32,
    right: bool,
    origin: &Origin<'_>,
) -> Result<SetLine, Vec<Diagnostic>> {
    let g = &issue.layout.grid;
    let whole = std::slice::from_ref(&(0..text.len())).to_vec();
    let para = setter.prepare(style, text, &whole, origin)?;
    let lines = para.lines(width);
    let (Some(line), 1) = (lines.first(), lines.len()) else {
        return Err(vec![Diagnostic::error(format!(
            "the jump line “{text}” does not fit on one line of a {:.0}-pt column",
            width
        ))
        .in_file(origin.file)
        .with_hint(
            "jump lines are never broken (cjk-rules.md §6.4): widen the column",
        )]);
    };
    let shift = if right {
        (width - line.width).max(0.0)
    } else {
        0.0
    };
    Ok(SetLine::place(
        line,
        para.text(),
        style,
        x,
        shift,
        g.baseline(row),
        true,
        None,
    ))
}
