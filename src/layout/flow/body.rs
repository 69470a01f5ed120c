//! The body of a story as a stream of entries: its lines and the blank lines between
//! blocks, broken at whatever measure the current frame asks for (the
//! linebreak stage's resumable cursor keeps its total-fit tables per measure), so a
//! story can continue in a frame of another width.
//!
//! Each entry says whether it must stay in one column with the next ([`Keep`]): an
//! intertitle with the two lines after it, a verse line with its turnovers, the first
//! and last two lines of a stanza, and (more weakly) a whole poem.

use std::collections::VecDeque;

use crate::layout::flow::blocks::Prepared;
use crate::linebreak::classes::classify;
use crate::linebreak::{Line, LineCursor};
use crate::spec::BlockKind;

/// A body line with the block it belongs to.
#[derive(Debug, Clone)]
pub struct BodyLine {
    /// Index of the block in the article ("paragraph" in the dump).
    pub paragraph: usize,
    /// The line is the first of its block.
    pub first: bool,
    /// The line's number within its block (0-based).
    pub index: usize,
    pub line: Line,
    /// Left edge of the line's measure from the column's left edge.
    pub x: f64,
}

/// What an entry is.
#[derive(Debug, Clone)]
pub enum EntryKind {
    Line(BodyLine),
    /// A blank body line between blocks; dropped at the top of a column.
    Space,
    /// Half a blank body line (a half-line stanza break): the lines after it in the
    /// column are set half a line lower, until the next one; dropped at a column top.
    HalfSpace,
}

/// How strongly an entry stays in one column with the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Keep {
    None,
    /// A short poem kept whole: given up when the poem does not fit a column.
    Weak,
    /// Intertitle with what follows, verse line with its turnovers, stanza ends.
    Strong,
}

/// One entry of the stream: a line or a blank line, taking `rows` body lines.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    /// Index into the prepared blocks.
    pub block: usize,
    pub rows: u32,
    pub keep: Keep,
}

impl Entry {
    /// A whole blank line.
    pub fn is_space(&self) -> bool {
        matches!(self.kind, EntryKind::Space)
    }

    pub fn is_half_space(&self) -> bool {
        matches!(self.kind, EntryKind::HalfSpace)
    }

    pub fn line(&self) -> Option<&BodyLine> {
        match &self.kind {
            EntryKind::Line(l) => Some(l),
            EntryKind::Space | EntryKind::HalfSpace => None,
        }
    }
}

/// Where the stream is inside a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Blank lines above the block, this many given.
    Above(u32),
    Lines,
    /// Blank lines below the block, this many given.
    Below(u32),
}

/// The prepared blocks of one story, each with its cursor, and the position.
#[derive(Clone)]
pub struct BodyStream<'a> {
    blocks: &'a [Prepared],
    cursors: Vec<LineCursor<'a>>,
    block: usize,
    phase: Phase,
    /// Lines of the current block already given out.
    given: usize,
    /// A verse line's lines, set together (its turnovers depend on each other).
    pending: VecDeque<Line>,
}

impl<'a> BodyStream<'a> {
    pub fn new(blocks: &'a [Prepared]) -> Self {
        BodyStream {
            blocks,
            cursors: blocks.iter().map(|b| b.para.cursor()).collect(),
            block: 0,
            phase: Phase::Above(0),
            given: 0,
            pending: VecDeque::new(),
        }
    }

    /// No text is left (blank lines that would follow do not count).
    pub fn is_done(&self) -> bool {
        self.pending.is_empty()
            && self
                .cursors
                .get(self.block..)
                .is_none_or(|rest| rest.iter().all(LineCursor::is_done))
    }

    /// The next entry at column width `width`, or `None` at the end of the story.
    pub fn next_entry(&mut self, width: f64) -> Option<Entry> {
        loop {
            let b = self.blocks.get(self.block)?;
            match self.phase {
                Phase::Above(n) if n < b.above && self.block > 0 => {
                    self.phase = Phase::Above(n + 1);
                    return Some(self.space());
                }
                Phase::Above(n) if n == b.above && b.half_above && self.block > 0 => {
                    self.phase = Phase::Above(n + 1);
                    let mut e = self.space();
                    e.kind = EntryKind::HalfSpace;
                    return Some(e);
                }
                Phase::Above(_) => self.phase = Phase::Lines,
                Phase::Lines => {
                    if let Some(line) = self.next_line(width) {
                        return Some(Entry {
                            kind: EntryKind::Line(line),
                            block: self.block,
                            rows: b.rows,
                            keep: Keep::None,
                        });
                    }
                    self.phase = Phase::Below(0);
                }
                Phase::Below(n) if n < b.below && self.block + 1 < self.blocks.len() => {
                    self.phase = Phase::Below(n + 1);
                    return Some(self.space());
                }
                Phase::Below(_) => {
                    self.block += 1;
                    self.phase = Phase::Above(0);
                    self.given = 0;
                    self.pending.clear();
                }
            }
        }
    }

    fn space(&self) -> Entry {
        Entry {
            kind: EntryKind::Space,
            block: self.block,
            rows: 1,
            keep: Keep::None,
        }
    }

    /// The next line of the current block, or `None` when the block is done.
    fn next_line(&mut self, width: f64) -> Option<BodyLine> {
        let b = self.blocks.get(self.block)?;
        let cursor = self.cursors.get_mut(self.block)?;
        let first = cursor.text_offset() == 0 && self.pending.is_empty() && self.given == 0;
        let measure = (width - b.left - b.right).max(0.0);
        let line = if b.is_verse() || b.is_display() {
            if self.pending.is_empty() && !cursor.is_done() {
                self.pending = if b.is_verse() {
                    verse_lines(cursor, b, measure).into()
                } else {
                    heading_lines(cursor, b, measure).into()
                };
            }
            self.pending.pop_front()?
        } else {
            cursor.next_line(measure)?
        };
        let index = self.given;
        self.given += 1;
        let x = if b.is_verse() && index > 0 {
            b.left + b.hang
        } else {
            b.left
        };
        Some(BodyLine {
            paragraph: b.block,
            first,
            index,
            line,
            x,
        })
    }

    /// Every entry left at `width`, with their keeps, without moving (the line breaks
    /// the probe computed are kept, so setting the entries breaks nothing again).
    pub fn entries(&mut self, width: f64) -> Vec<Entry> {
        let mut probe = self.clone();
        let mut out = Vec::new();
        while let Some(e) = probe.next_entry(width) {
            out.push(e);
        }
        assign_keeps(&mut out, self.blocks);
        for (mine, theirs) in self.cursors.iter_mut().zip(probe.cursors) {
            mine.adopt_tables(theirs);
        }
        out
    }

    /// How many lines the rest of the story takes at `width`, without moving.
    pub fn count_lines(&self, width: f64) -> usize {
        let mut probe = self.clone();
        let mut n = 0;
        while let Some(e) = probe.next_entry(width) {
            n += usize::from(e.line().is_some());
        }
        n
    }

    /// The text not yet set: (characters without whitespace, first few characters).
    pub fn rest_text(&self) -> (usize, String) {
        let mut chars = 0;
        let mut first = String::new();
        for (i, b) in self.blocks.iter().enumerate().skip(self.block) {
            let start = if i == self.block && !self.pending.is_empty() {
                self.pending.front().map_or(0, |l| l.text.start)
            } else {
                self.cursors.get(i).map_or(0, LineCursor::text_offset)
            };
            let rest = b.para.text().get(start..).unwrap_or("");
            chars += rest.chars().filter(|c| !c.is_whitespace()).count();
            let have = first.chars().count();
            if have < 12 {
                first.extend(rest.chars().filter(|c| !c.is_whitespace()).take(12 - have));
            }
        }
        (chars, first)
    }
}

/// The lines of one verse line: the first at the measure, each turnover (转行) at the
/// measure less the hanging indent. A turnover of a single character is never left
/// (the verse counterpart of 孤字, CLReq "Widows and Orphans"): the line
/// before it is shortened, one character at a time, until the turnover has two.
fn verse_lines(cursor: &mut LineCursor<'_>, b: &Prepared, measure: f64) -> Vec<Line> {
    let em = b.para.size();
    let turnover = (measure - b.hang).max(em);
    let start = cursor.checkpoint();
    let mut shorten = 0.0;
    let mut best = Vec::new();
    for _ in 0..8 {
        cursor.revert_to(start);
        let mut lines: Vec<Line> = Vec::new();
        while let Some(line) = {
            let w = if lines.is_empty() { measure } else { turnover };
            // Shorten the line before the last (found on the previous try).
            let w = if shorten > 0.0 && lines.len() + 2 == best.len() {
                (w - shorten).max(em)
            } else {
                w
            };
            cursor.next_line(w)
        } {
            lines.push(line);
        }
        let lone = lines.len() >= 2
            && lines
                .last()
                .is_some_and(|l| visible_chars(b.para.text(), l) < 2);
        if !lone || shorten > 4.0 * em {
            return lines;
        }
        best = lines;
        shorten += em;
    }
    best
}

/// The lines of a heading (an intertitle, a poem's title or author line) that does
/// not fit on one line, set together as headlines are (`layout/display.rs`): broken at
/// the spaces that separate its phrases where the line count allows — UAX #14 and the
/// kinsoku rules decide the breaks inside a phrase — and balanced, at the narrowest
/// measure (in half-em steps) that keeps the count, so `铁路公路双线发力 暖心服务伴您回家`
/// is `铁路公路双线发力` / `暖心服务伴您回家`, not a full line and a short tail.
fn heading_lines(cursor: &mut LineCursor<'_>, b: &Prepared, measure: f64) -> Vec<Line> {
    let start = cursor.checkpoint();
    let set = |cursor: &mut LineCursor<'_>, w: f64| {
        cursor.revert_to(start);
        std::iter::from_fn(|| cursor.next_line(w)).collect::<Vec<Line>>()
    };
    let full = set(cursor, measure);
    let n = full.len();
    if n <= 1 {
        return full;
    }
    let text = b.para.text();
    // Breaks that fall inside a phrase (not at a space).
    let inner_breaks = |lines: &[Line]| {
        lines
            .iter()
            .take(lines.len().saturating_sub(1))
            .filter(|l| {
                let before = text.get(..l.text.end).unwrap_or("");
                let after = text.get(l.text.end..).unwrap_or("");
                !(before.ends_with(char::is_whitespace) || after.starts_with(char::is_whitespace))
            })
            .count()
    };
    let em = b.para.size();
    let mut best = (inner_breaks(&full), measure);
    let mut w = measure - em / 2.0;
    while w > measure / n as f64 {
        let lines = set(cursor, w);
        if lines.len() != n || lines.iter().any(|l| l.width > w + 0.01) {
            break;
        }
        let inner = inner_breaks(&lines);
        if inner <= best.0 {
            best = (inner, w);
        }
        w -= em / 2.0;
    }
    set(cursor, best.1)
}

/// Characters of a line that are neither punctuation nor space.
fn visible_chars(text: &str, line: &Line) -> usize {
    text.get(line.text.clone())
        .unwrap_or("")
        .chars()
        .filter(|&c| !c.is_whitespace() && !classify(c).is_punct())
        .count()
}

/// Which entries stay in one column with the next (see [`Keep`]).
fn assign_keeps(entries: &mut [Entry], blocks: &[Prepared]) {
    keep_headings(entries, blocks);
    keep_verse(entries, blocks);
    keep_poems(entries, blocks);
}

/// The kind of the block an entry belongs to.
fn entry_kind(e: &Entry, blocks: &[Prepared]) -> Option<BlockKind> {
    blocks.get(e.block).map(|b| b.kind)
}

/// Intertitles and poem titles keep with what follows; an intertitle also with the
/// first `keep_after` lines after it (`[article] intertitle_keep`).
fn keep_headings(entries: &mut [Entry], blocks: &[Prepared]) {
    let kind = |e: &Entry| entry_kind(e, blocks);
    let n = entries.len();
    let mut i = 0;
    while i < n {
        let k = kind(&entries[i]);
        let heading = matches!(
            k,
            Some(BlockKind::Intertitle | BlockKind::PoemTitle | BlockKind::PoemAuthor)
        );
        if heading && i + 1 < n {
            entries[i].keep = Keep::Strong;
            let next_is_heading = entries
                .get(i + 1)
                .is_some_and(|e| kind(e) == k && e.block == entries[i].block);
            if !next_is_heading && k == Some(BlockKind::Intertitle) {
                // Everything up to its last kept line (blank lines included) keeps
                // with what follows.
                let keep_after = blocks
                    .get(entries[i].block)
                    .map_or(0, |b| b.keep_after as usize);
                let mut lines = 0;
                let mut j = i + 1;
                while j < n && lines < keep_after {
                    lines += usize::from(entries[j].line().is_some());
                    entries[j - 1].keep = Keep::Strong;
                    j += 1;
                }
            }
        }
        i += 1;
    }
}

/// Verse: a line with its turnovers; a stanza's first and last two lines.
fn keep_verse(entries: &mut [Entry], blocks: &[Prepared]) {
    let n = entries.len();
    let mut stanza: Vec<usize> = Vec::new();
    let flush = |stanza: &mut Vec<usize>, entries: &mut [Entry]| {
        if stanza.len() >= 2 {
            for k in [stanza[0], stanza[stanza.len() - 2]] {
                entries[k].keep = Keep::Strong;
            }
        }
        stanza.clear();
    };
    for i in 0..n {
        let Some(BlockKind::Verse {
            stanza_break,
            poem_start,
        }) = entry_kind(&entries[i], blocks)
        else {
            flush(&mut stanza, entries);
            continue;
        };
        if entries[i].line().is_none() {
            flush(&mut stanza, entries);
            continue;
        }
        let first_of_block = entries[i].line().is_some_and(|l| l.index == 0);
        if first_of_block && (stanza_break || poem_start) {
            flush(&mut stanza, entries);
        }
        stanza.push(i);
        let same_block_next = entries
            .get(i + 1)
            .is_some_and(|e| e.block == entries[i].block && e.line().is_some());
        if same_block_next {
            entries[i].keep = Keep::Strong;
        }
    }
    flush(&mut stanza, entries);
}

/// A poem (title, author, stanzas) keeps whole when it can.
fn keep_poems(entries: &mut [Entry], blocks: &[Prepared]) {
    let kind = |e: &Entry| entry_kind(e, blocks);
    let n = entries.len();
    for i in 0..n.saturating_sub(1) {
        let poem = |e: &Entry| {
            matches!(
                kind(e),
                Some(BlockKind::PoemTitle | BlockKind::PoemAuthor | BlockKind::Verse { .. })
            )
        };
        let next_starts_poem = matches!(
            kind(&entries[i + 1]),
            Some(
                BlockKind::PoemTitle
                    | BlockKind::Verse {
                        poem_start: true,
                        ..
                    }
            )
        ) && entries[i + 1].block != entries[i].block
            && !(kind(&entries[i]) == Some(BlockKind::PoemTitle));
        if poem(&entries[i]) && poem(&entries[i + 1]) && !next_starts_poem {
            entries[i].keep = entries[i].keep.max(Keep::Weak);
        }
    }
}
