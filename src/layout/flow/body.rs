//! The body text of a story as a stream of lines: paragraphs prepared once, then broken
//! line by line at whatever measure the current frame asks for (the linebreak stage's
//! resumable cursor, which keeps its total-fit tables per measure), so a story can
//! continue in a frame of another width.

use crate::linebreak::{Line, LineCursor, Paragraph};

/// A body line with the paragraph it belongs to.
#[derive(Debug, Clone)]
pub struct BodyLine {
    pub paragraph: usize,
    /// The line is the first of its paragraph.
    pub first: bool,
    /// The line's number within its paragraph (0-based).
    pub index: usize,
    pub line: Line,
}

/// Paragraphs of one story, each with its cursor, and the paragraph being set.
#[derive(Clone)]
pub struct BodyStream<'a> {
    cursors: Vec<LineCursor<'a>>,
    paragraph: usize,
    /// Lines of the current paragraph already given out.
    given: usize,
}

impl<'a> BodyStream<'a> {
    pub fn new(paragraphs: &'a [Paragraph]) -> Self {
        BodyStream {
            cursors: paragraphs.iter().map(Paragraph::cursor).collect(),
            paragraph: 0,
            given: 0,
        }
    }

    pub fn is_done(&self) -> bool {
        self.cursors
            .get(self.paragraph..)
            .is_none_or(|rest| rest.iter().all(LineCursor::is_done))
    }

    /// The next line at measure `width`, or `None` at the end of the story.
    pub fn next_line(&mut self, width: f64) -> Option<BodyLine> {
        while let Some(cursor) = self.cursors.get_mut(self.paragraph) {
            let first = cursor.text_offset() == 0;
            if let Some(line) = cursor.next_line(width) {
                let index = self.given;
                self.given += 1;
                return Some(BodyLine {
                    paragraph: self.paragraph,
                    first,
                    index,
                    line,
                });
            }
            self.paragraph += 1;
            self.given = 0;
        }
        None
    }

    /// How many lines the rest of the story takes at `width`, without moving.
    pub fn count_lines(&self, width: f64) -> usize {
        let mut probe = self.clone();
        let mut n = 0;
        while probe.next_line(width).is_some() {
            n += 1;
        }
        n
    }

    /// The text not yet set: (characters without whitespace, first few characters).
    pub fn rest_text(&self, paragraphs: &[String]) -> (usize, String) {
        let mut chars = 0;
        let mut first = String::new();
        for (i, text) in paragraphs.iter().enumerate().skip(self.paragraph) {
            let start = self.cursors.get(i).map_or(0, LineCursor::text_offset);
            let rest = text.get(start..).unwrap_or("");
            chars += rest.chars().filter(|c| !c.is_whitespace()).count();
            let have = first.chars().count();
            if have < 12 {
                first.extend(rest.chars().filter(|c| !c.is_whitespace()).take(12 - have));
            }
        }
        (chars, first)
    }
}
