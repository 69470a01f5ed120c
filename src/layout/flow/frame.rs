//! Filling one frame of a story, in steps: the headline block across the story's first
//! columns (`set_head_block`) → the free body-line slots → the body's entries (lines and
//! blank lines with their keeps) packed into the columns: all that fit, or all above the
//! jump line's slot when the story continues (`pack`), balanced in the story's last
//! frame (`balance`) → the lines, list labels, note frames and jump lines placed on the
//! grid (`place_body`).

use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::display::{set_display, DisplayAt};
use crate::layout::flow::balance::balanced;
use crate::layout::flow::blocks::Prepared;
use crate::layout::flow::body::{BodyLine, BodyStream, Entry};
use crate::layout::flow::columns::{free_slots, story_columns, Slot};
use crate::layout::flow::notes::NoteRuns;
use crate::layout::flow::pack::{by_column, pack, Packed, PackedEntry};
use crate::layout::place::{place_line, place_marked, Placement};
use crate::layout::setter::{Origin, Setter};
use crate::linebreak::BreakReason;
use crate::page::{BoxItem, Frame, FrameKind, HeadPart, Role, Rule, TextLine};
use crate::spec::{Align, Area, BlockKind, Issue, Photo, StoryId, StyleId};

/// Inputs for one frame of a story.
pub struct FrameJob<'a> {
    pub story: StoryId,
    pub kind: FrameKind,
    pub area: Area,
    pub columns: u32,
    pub headline_columns: u32,
    /// Display lines of the headline block: (style, part, text).
    pub head: Vec<(StyleId, HeadPart, &'a str)>,
    /// Jump line opening the frame (continuations).
    pub jump_in: Option<String>,
    /// Jump line closing the frame if the story continues.
    pub jump_out: Option<String>,
    /// Blank body lines above the headline block.
    pub space_above: u32,
    pub photos: Vec<&'a Photo>,
}

/// What filling one frame produced.
#[derive(Clone)]
pub struct FilledFrame {
    pub frame: Frame,
    /// The frame's lines in paint order: headline block, then column by column.
    pub lines: Vec<TextLine>,
    /// Empty body-line slots left in the frame (underset) — only meaningful for the last.
    pub empty_slots: usize,
    /// Body lines set in the frame.
    pub body_lines: usize,
    /// Boxes around editor's notes, and their rules.
    pub boxes: Vec<BoxItem>,
    pub rules: Vec<Rule>,
    /// Body lines broken inside a unit or overflowing, for the forced-break warnings.
    pub forced: Vec<ForcedBreak>,
    /// The headline block was taller than the frame: the body lines it needs and the
    /// frame has (its lines below the frame are not printed).
    pub head_overset: Option<(u32, u32)>,
    /// Rows from the frame's top to below its headline block (the space above it, the
    /// block and its blank lines; 0 without a headline).
    pub head_rows: u32,
}

/// A body line broken by force: (paragraph, text range, measure, why).
pub type ForcedBreak = (usize, Range<usize>, f64, BreakReason);

/// Fill one frame from the body stream.
pub fn fill_frame(
    issue: &Issue,
    setter: &mut Setter,
    job: &FrameJob<'_>,
    body: &mut BodyStream<'_>,
    blocks: &[Prepared],
    origin: &Origin<'_>,
) -> Result<FilledFrame, Diagnostics> {
    let area = job.area;
    let (col_w, xs) = story_columns(issue, &area, job.columns);

    // 1. Headline block: whole body lines over the first columns.
    let top_row = area.row + job.space_above;
    let head = head_block(issue, setter, job, (&xs, col_w), top_row, origin)?;
    let starts = body_starts(xs.len(), &head, top_row);
    let slots = free_slots(issue, &area, &xs, col_w, &starts, &job.photos);

    // 2–3. Which entries go here and where, and whether the story jumps on.
    let reserved_in = usize::from(job.jump_in.is_some());
    let (used, packed, continues) =
        pack_frame(body, col_w, &slots[reserved_in.min(slots.len())..], job);

    // 4. The lines on the grid, with the jump lines in the first and last slot.
    let at = FrameAt {
        issue,
        story: job.story,
        xs: &xs,
        col_w,
        origin,
    };
    let placed = Body {
        blocks,
        entries: &used,
        packed: &packed,
    };
    let set = place_body(setter, &at, placed, &Jumps::of(job, &slots, continues))?;
    let occupied = rows_used(&used, &packed) + usize::from(continues) + reserved_in;
    let mut all = head.lines;
    all.extend(set.columns.into_iter().flatten());
    all.extend(set.labels);
    // Kept until the page is built: without the growth's slack.
    all.shrink_to_fit();
    Ok(FilledFrame {
        frame: frame_of(issue, job, &xs, col_w),
        lines: all,
        boxes: set.boxes,
        rules: set.rules,
        empty_slots: slots.len().saturating_sub(occupied),
        body_lines: set.body_lines,
        forced: set.forced,
        head_overset: head.overset,
        head_rows: if head.rows > 0 {
            job.space_above + head.rows
        } else {
            0
        },
    })
}

/// The row each of `columns` columns starts its body on: below the headline block in the
/// columns it spans, at the top row in the others.
fn body_starts(columns: usize, head: &HeadBlock, top_row: u32) -> Vec<u32> {
    (0..columns)
        .map(|c| {
            if c < head.columns {
                top_row + head.rows
            } else {
                top_row
            }
        })
        .collect()
}

/// Body lines taken by the placed entries.
fn rows_used(used: &[Entry], packed: &Packed) -> usize {
    packed
        .placed
        .iter()
        .filter_map(|p| used.get(p.entry))
        .map(|e| e.rows as usize)
        .sum()
}

/// The frame of `job`: its area on the grid, and its columns (left edge, width).
fn frame_of(issue: &Issue, job: &FrameJob<'_>, xs: &[f64], col_w: f64) -> Frame {
    let g = &issue.layout.grid;
    let area = job.area;
    Frame {
        kind: job.kind,
        story: Some(job.story),
        rect: crate::geom::Rect::new(
            g.col_x(area.col),
            g.row_y(area.row),
            g.span_width(area.cols),
            f64::from(area.rows) * g.line_pitch,
        ),
        columns: xs.iter().map(|&x| (x, col_w)).collect(),
    }
}

/// A frame's headline block, set and measured against the frame.
struct HeadBlock {
    lines: Vec<TextLine>,
    /// Body lines it takes, blank lines below it included.
    rows: u32,
    /// Columns it spans.
    columns: usize,
    /// Taller than the frame: the body lines it needs and the frame has.
    overset: Option<(u32, u32)>,
}

/// Set the headline block of `job` from `top_row` over its columns (`xs`, `col_w`). A
/// block taller than its frame is overset, and what lies below the frame is not printed
/// over the neighbour.
fn head_block(
    issue: &Issue,
    setter: &mut Setter,
    job: &FrameJob<'_>,
    (xs, col_w): (&[f64], f64),
    top_row: u32,
    origin: &Origin<'_>,
) -> Result<HeadBlock, Diagnostics> {
    let g = &issue.layout.grid;
    let area = job.area;
    let (mut lines, rows, columns) =
        set_head_block(issue, setter, job, xs, col_w, top_row, origin)?;
    let frame_bottom = g.row_y(area.row) + f64::from(area.rows) * g.line_pitch;
    let frame_rows = area.rows.saturating_sub(job.space_above);
    // The headline's own lines, without the blank lines below it.
    let text_rows = rows.saturating_sub(issue.layout.article.head_space);
    let overset = (text_rows > frame_rows).then_some((text_rows, frame_rows));
    if overset.is_some() {
        lines.retain(|l| l.baseline <= frame_bottom);
    }
    Ok(HeadBlock {
        lines,
        rows,
        columns,
        overset,
    })
}

/// Which entries of the stream go into `body_slots` and where: everything that fits,
/// balanced when the story ends here; when it continues elsewhere, what fits above the
/// last slot (the jump line takes it), in order. The stream moves past them. Returns
/// the entries, where they went, and whether the story continues.
fn pack_frame(
    body: &mut BodyStream<'_>,
    col_w: f64,
    body_slots: &[Slot],
    job: &FrameJob<'_>,
) -> (Vec<Entry>, Packed, bool) {
    let entries = body.entries(col_w);
    let whole = pack(&entries, &by_column(body_slots));
    let continues = job.jump_out.is_some() && whole.consumed < entries.len();
    let ends_here = !continues && whole.consumed == entries.len();
    let packed = if ends_here {
        balanced(body_slots, &entries)
    } else if continues {
        let n = body_slots.len().saturating_sub(1);
        pack(&entries, &by_column(body_slots.get(..n).unwrap_or(&[])))
    } else {
        whole
    };
    let used: Vec<Entry> = entries.into_iter().take(packed.consumed).collect();
    // The stream moves past what was used (the same entries, set again).
    for _ in 0..packed.consumed {
        body.next_entry(col_w);
    }
    (used, packed, continues)
}

/// The headline block: each part set over the first `headline_columns` columns in whole
/// body lines, then `[article] head_space` blank lines. Returns the lines, the rows they take and how many
/// columns they span.
#[allow(clippy::too_many_arguments)] // the issue, the setter, and where in the frame the head block goes
fn set_head_block(
    issue: &Issue,
    setter: &mut Setter,
    job: &FrameJob<'_>,
    xs: &[f64],
    col_w: f64,
    top_row: u32,
    origin: &Origin<'_>,
) -> Result<(Vec<TextLine>, u32, usize), Diagnostics> {
    let g = &issue.layout.grid;
    let head_cols = (job.headline_columns as usize).min(xs.len()).max(1);
    let head_x = xs.first().copied().unwrap_or(0.0);
    let head_w = xs.get(head_cols - 1).map_or(col_w, |x| x + col_w - head_x);
    let mut lines = Vec::new();
    let mut rows = 0;
    for &(style, part, text) in &job.head {
        let at = DisplayAt {
            style,
            role: Role::Head {
                story: job.story,
                part,
            },
            x: head_x,
            width: head_w,
            top: g.row_y(top_row + rows),
        };
        let block = set_display(setter, &issue.layout, at, None, text, origin)?;
        rows += block.rows;
        lines.extend(block.lines);
    }
    if rows > 0 {
        // The blank lines between the headline block and the body.
        rows = rows.saturating_add(issue.layout.article.head_space);
    }
    Ok((lines, rows, head_cols))
}

/// The jump lines of a frame and the slots they take.
struct Jumps<'a> {
    into: Option<(&'a str, &'a Slot)>,
    out: Option<(&'a str, &'a Slot)>,
}

impl<'a> Jumps<'a> {
    /// The jump lines of `job` in the first and last of `slots`: the jump out only when
    /// the story `continues`.
    fn of(job: &'a FrameJob<'_>, slots: &'a [Slot], continues: bool) -> Self {
        Jumps {
            into: job.jump_in.as_deref().zip(slots.first()),
            out: job
                .jump_out
                .as_deref()
                .filter(|_| continues)
                .zip(slots.last()),
        }
    }
}

/// The entries of a frame with where they went.
struct Body<'b> {
    blocks: &'b [Prepared],
    entries: &'b [Entry],
    packed: &'b Packed,
}

/// What placing the body produced.
#[derive(Default)]
struct SetBody {
    /// The body and jump lines, column by column.
    columns: Vec<Vec<TextLine>>,
    /// List numbers (in the hanging indent of an item's first line).
    labels: Vec<TextLine>,
    boxes: Vec<BoxItem>,
    rules: Vec<Rule>,
    body_lines: usize,
    forced: Vec<ForcedBreak>,
}

/// Where a frame's body and jump lines go: the story, its columns (left edges, width),
/// and the origin named in messages.
struct FrameAt<'a, 'o> {
    issue: &'a Issue,
    story: StoryId,
    xs: &'a [f64],
    col_w: f64,
    origin: &'a Origin<'o>,
}

impl FrameAt<'_, '_> {
    /// The left edge of `slot`'s column.
    fn x_of(&self, slot: &Slot) -> f64 {
        self.xs.get(slot.column).copied().unwrap_or(0.0)
    }
}

/// Place the body lines in their slots and the jump lines in theirs, column by column.
fn place_body(
    setter: &mut Setter,
    at: &FrameAt<'_, '_>,
    body: Body<'_>,
    jumps: &Jumps<'_>,
) -> Result<SetBody, Diagnostics> {
    let mut set = SetBody {
        columns: vec![Vec::new(); at.xs.len()],
        ..SetBody::default()
    };
    if let Some(jump) = jumps.into {
        push_jump(setter, at, jump, false, &mut set.columns)?;
    }
    let mut notes = NoteRuns::default();
    for p in &body.packed.placed {
        place_entry(at, &body, p, &mut set, &mut notes);
    }
    if let Some(jump) = jumps.out {
        push_jump(setter, at, jump, true, &mut set.columns)?;
    }
    let (boxes, rules) = notes.frames(at.issue, at.story, at.xs, at.col_w);
    set.boxes = boxes;
    set.rules = rules;
    Ok(set)
}

/// Set a jump line (`out`: closing the frame) in its slot, after the lines of the
/// slot's column.
fn push_jump(
    setter: &mut Setter,
    at: &FrameAt<'_, '_>,
    (text, slot): (&str, &Slot),
    out: bool,
    columns: &mut [Vec<TextLine>],
) -> Result<(), Diagnostics> {
    let line = set_jump(
        at.issue,
        setter,
        at.story,
        text,
        at.x_of(slot),
        at.col_w,
        slot.row,
        out,
        at.origin,
    )?;
    if let Some(c) = columns.get_mut(slot.column) {
        c.push(line);
    }
    Ok(())
}

/// Place one packed entry: a blank line only tells the note frames about its slot; a
/// body line goes on its slot's baseline in its column (its list label with it), is
/// counted, and noted when it was broken by force.
fn place_entry(
    at: &FrameAt<'_, '_>,
    body: &Body<'_>,
    p: &PackedEntry,
    set: &mut SetBody,
    notes: &mut NoteRuns,
) {
    let layout = &at.issue.layout;
    let g = &layout.grid;
    let Some(entry) = body.entries.get(p.entry) else {
        return;
    };
    let Some(b) = body.blocks.get(entry.block) else {
        return;
    };
    let slot = &p.slot;
    let Some(bl) = entry.line() else {
        notes.blank(slot);
        return;
    };
    // Half a line lower after a half-line stanza break.
    let top = g.row_y(slot.row) + if p.half { g.line_pitch / 2.0 } else { 0.0 };
    let baseline = g.band_baseline(top, entry.rows.max(1), layout.style(b.style).size);
    let (placed, label) = place_body_line(layout, at.story, b, bl, at.x_of(slot), baseline);
    set.labels.extend(label);
    if matches!(b.kind, BlockKind::Note) {
        notes.line(slot, bl.paragraph);
    } else {
        notes.other(slot);
    }
    set.forced.extend(forced_break(bl));
    set.body_lines += 1;
    if let Some(c) = set.columns.get_mut(slot.column) {
        c.push(placed);
    }
}

/// The body line `bl` as a forced break, when it was broken inside a unit or overflows.
fn forced_break(bl: &BodyLine) -> Option<ForcedBreak> {
    matches!(
        bl.line.reason,
        BreakReason::Emergency | BreakReason::Overflow
    )
    .then(|| {
        (
            bl.paragraph,
            bl.line.text.clone(),
            bl.line.measure,
            bl.line.reason,
        )
    })
}

/// One body line `bl` of block `b`, in a column whose left edge is at `x`, on
/// `baseline`: the line (a display block's line aligned in its measure), and on the
/// block's first line its list label.
fn place_body_line(
    layout: &crate::spec::Layout,
    story: StoryId,
    b: &Prepared,
    bl: &BodyLine,
    x: f64,
    baseline: f64,
) -> (TextLine, Option<TextLine>) {
    let measure = bl.line.measure;
    let shift = if b.is_display() {
        match b.align {
            Align::Center => ((measure - bl.line.width) / 2.0).max(0.0),
            Align::Right => (measure - bl.line.width).max(0.0),
            Align::Left | Align::Justify => 0.0,
        }
    } else {
        0.0
    };
    let line = place_marked(
        &bl.line,
        b.para.text(),
        layout,
        Placement {
            role: Role::Body {
                story,
                paragraph: bl.paragraph,
                line: bl.index,
            },
            style: b.style,
            x: x + bl.x,
            shift,
            baseline,
            on_grid: !b.is_display(),
        },
        &b.inlines,
    );
    let label = b.label.as_ref().filter(|_| bl.index == 0).map(|label| {
        place_line(
            &label.line,
            &label.text,
            layout,
            Placement {
                role: Role::Label {
                    story,
                    paragraph: bl.paragraph,
                },
                style: b.style,
                x: x + label.x,
                shift: 0.0,
                baseline,
                on_grid: true,
            },
        )
    });
    (line, label)
}

/// Set a jump line in one body line of a column, kept together on one line
/// (docs/cjk-rules.md §6.4; T34). A jump out is aligned to the column's end.
#[allow(clippy::too_many_arguments)] // the issue, the setter, and where the jump line goes
fn set_jump(
    issue: &Issue,
    setter: &mut Setter,
    story: StoryId,
    text: &str,
    x: f64,
    width: f64,
    row: u32,
    out: bool,
    origin: &Origin<'_>,
) -> Result<TextLine, Diagnostics> {
    let layout = &issue.layout;
    let style_id = layout.roles.jump;
    let whole = std::slice::from_ref(&(0..text.len())).to_vec();
    let para = setter.prepare(layout.style(style_id), text, &whole, origin)?;
    let lines = para.lines(width);
    let (Some(line), 1) = (lines.first(), lines.len()) else {
        return Err(Diagnostics::from(
            Diagnostic::error(format!(
                "the jump line “{text}” does not fit on one line of a {:.0}-pt column",
                width
            ))
            .in_file(origin.file)
            .with_hint("jump lines are never broken (docs/cjk-rules.md §6.4): widen the column"),
        ));
    };
    let shift = if out {
        (width - line.width).max(0.0)
    } else {
        0.0
    };
    Ok(place_line(
        line,
        para.text(),
        layout,
        Placement {
            role: Role::Jump { story, out },
            style: style_id,
            x,
            shift,
            baseline: layout.grid.baseline(row),
            on_grid: true,
        },
    ))
}
