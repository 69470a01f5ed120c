//! The frame of an editor's note (编者按): a box around it, or a rule above and below
//! (`[article] note_frame`), drawn per column the note occupies, across the column's
//! width. Where a blank line (`note_space`) is next to the note, the frame takes half
//! of it, so the text does not touch the frame.

use crate::geom::Rect;
use crate::layout::flow::columns::Slot;
use crate::page::{BoxItem, BoxRole, Rule};
use crate::spec::{Issue, NoteFrame, StoryId};

/// One column's run of note lines.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    column: usize,
    first: u32,
    last: u32,
    paragraph: usize,
    pad_above: bool,
    pad_below: bool,
}

/// What was placed where, in placing order (column by column, top to bottom).
#[derive(Debug, Default)]
pub struct NoteRuns {
    runs: Vec<Run>,
    open: Option<Run>,
    /// The previous event: (slot, was a blank line).
    prev: Option<(Slot, bool)>,
}

impl NoteRuns {
    /// A line of an editor's note went into `slot`.
    pub fn line(&mut self, slot: &Slot, paragraph: usize) {
        match &mut self.open {
            Some(r) if r.column == slot.column && slot.row == r.last + 1 => r.last = slot.row,
            _ => {
                self.close(None);
                let pad_above = self.prev.is_some_and(|(p, blank)| {
                    blank && p.column == slot.column && p.row + 1 == slot.row
                });
                self.open = Some(Run {
                    column: slot.column,
                    first: slot.row,
                    last: slot.row,
                    paragraph,
                    pad_above,
                    pad_below: false,
                });
            }
        }
        self.prev = Some((*slot, false));
    }

    /// A blank line went into `slot`.
    pub fn blank(&mut self, slot: &Slot) {
        self.close(Some(slot));
        self.prev = Some((*slot, true));
    }

    /// Any other line went into `slot`.
    pub fn other(&mut self, slot: &Slot) {
        self.close(None);
        self.prev = Some((*slot, false));
    }

    fn close(&mut self, blank_at: Option<&Slot>) {
        if let Some(mut r) = self.open.take() {
            r.pad_below = blank_at.is_some_and(|s| s.column == r.column && s.row == r.last + 1);
            self.runs.push(r);
        }
    }

    /// The boxes or rules of every run.
    pub fn frames(
        mut self,
        issue: &Issue,
        story: StoryId,
        xs: &[f64],
        col_w: f64,
    ) -> (Vec<BoxItem>, Vec<Rule>) {
        self.close(None);
        let g = &issue.layout.grid;
        let half = g.line_pitch / 2.0;
        let mut boxes = Vec::new();
        let mut rules = Vec::new();
        for r in &self.runs {
            let x = xs.get(r.column).copied().unwrap_or(0.0);
            let top = g.row_y(r.first) - if r.pad_above { half } else { 0.0 };
            let bottom = g.row_y(r.last + 1) + if r.pad_below { half } else { 0.0 };
            match &issue.layout.article.note_frame {
                NoteFrame::None => {}
                NoteFrame::Box => boxes.push(BoxItem {
                    rect: Rect::new(x, top, col_w, bottom - top),
                    style: issue.layout.paint.note_box.clone(),
                    role: BoxRole::Note {
                        story,
                        paragraph: r.paragraph,
                    },
                }),
                NoteFrame::Rules(style) => {
                    for y in [top, bottom] {
                        rules.push(Rule {
                            x0: x,
                            y0: y,
                            x1: x + col_w,
                            y1: y,
                            style: style.clone(),
                        });
                    }
                }
            }
        }
        (boxes, rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(column: usize, row: u32) -> Slot {
        Slot { column, row }
    }

    #[test]
    fn runs_split_at_a_column_and_take_half_the_blank_lines() {
        let mut n = NoteRuns::default();
        n.blank(&slot(0, 4));
        n.line(&slot(0, 5), 0);
        n.line(&slot(0, 6), 0);
        n.line(&slot(1, 1), 0);
        n.blank(&slot(1, 2));
        n.other(&slot(1, 3));
        n.close(None);
        assert_eq!(
            n.runs,
            [
                Run {
                    column: 0,
                    first: 5,
                    last: 6,
                    paragraph: 0,
                    pad_above: true,
                    pad_below: false
                },
                Run {
                    column: 1,
                    first: 1,
                    last: 1,
                    paragraph: 0,
                    pad_above: false,
                    pad_below: true
                }
            ]
        );
    }
}
