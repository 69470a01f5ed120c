//! The body text of a story as a stream of lines: paragraphs prepared once, then broken
//! line by line at whatever measure the current frame asks for (the linebreak stage's
//! resumable cursor), so a story can continue in a frame of another width.

use crate::linebreak::{Checkpoint, Line, Paragraph};

/// A body line with the paragraph it belongs to.
#[derive(Debug, Clone)]
pub struct BodyLine {
    pub paragraph: usize,
    /// The line is the first of its paragraph.
    pub first: bool,
    pub line: Line,
}

/// Position in the stream: paragraph index and the cursor inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamPos {
    pub paragraph: usize,
    pub at: Option<Checkpoint>,
}

/// Paragraphs of one story, and where the next line starts.
pub struct BodyStream<'a> {
    paragraphs: &'a [Paragraph],
    pos: StreamPos,
}

impl<'a> BodyStream<'a> {
    pub fn new(paragraphs: &'a [Paragraph]) -> Self {
        BodyStream {
            paragraphs,
            pos: StreamPos {
                paragraph: 0,
                at: None,
            },
        }
    }

    pub fn position(&self) -> StreamPos {
        self.pos
    }

    pub fn seek(&mut self, pos: StreamPos) {
        self.pos = pos;
    }

    pub fn is_done(&self) -> bool {
        self.pos.paragraph >= self.paragraphs.len()
    }

    /// The next line at measure `width`, or `None` at the end of the story.
    pub fn next_line(&mut self, width: f64) -> Option<BodyLine> {
        while let Some(para) = self.paragraphs.get(self.pos.paragraph) {
            let index = self.pos.paragraph;
            let first = self.pos.at.is_none();
            let mut cursor = para.cursor();
            if let Some(cp) = self.pos.at {
                cursor.revert_to(cp);
            }
            let line = cursor.next_line(width);
            self.pos = if cursor.is_done() {
                StreamPos {
                    paragraph: index + 1,
                    at: None,
                }
            } else {
                StreamPos {
                    paragraph: index,
                    at: Some(cursor.checkpoint()),
                }
            };
            if let Some(line) = line {
                return Some(BodyLine {
                    paragraph: index,
                    first,
                    line,
                });
            }
        }
        None
    }

    /// How many lines the rest of the story takes at `width`, without moving.
    pub fn count_lines(&self, width: f64) -> usize {
        let mut probe = BodyStream {
            paragraphs: self.paragraphs,
            pos: self.pos,
        };
        let mut n = 0;
        while probe.next_line(width).is_some() {
            n += 1;
        }
        n
    }

    /// The text not yet set: (characters, first few characters).
    pub fn rest_text(&self) -> (usize, String) {
        let mut chars = 0;
        let mut first = String::new();
        for (i, p) in self.paragraphs.iter().enumerate().skip(self.pos.paragraph) {
            let start = if i == self.pos.paragraph {
                self.pos.at.map_or(0, |cp| {
                    let mut c = p.cursor();
                    c.revert_to(cp);
                    c.text_offset()
                })
            } else {
                0
            };
            let rest = p.text().get(start..).unwrap_or("");
            chars += rest.chars().filter(|c| !c.is_whitespace()).count();
            if first.chars().count() < 12 {
                first.extend(rest.chars().take(12 - first.chars().count()));
            }
        }
        (chars, first)
    }
}
