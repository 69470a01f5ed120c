//! The markup article format (`format = "markup"`; README "Articles"): a small subset of
//! CommonMark read with `pulldown-cmark`, turned into [`BodyBlock`]s.
//!
//! | markup | block / run |
//! |---|---|
//! | paragraphs separated by a blank line | [`BlockKind::Paragraph`] (wire line breaks joined by [`normalize_wire_text`]) |
//! | `## …` | [`BlockKind::Intertitle`] (prose), [`BlockKind::PoemTitle`] (verse) |
//! | `### …` | [`BlockKind::PoemAuthor`] (verse only) |
//! | `> …` | [`BlockKind::Note`] (header `blockquote = "note"` or text opening with 【编者按】), else [`BlockKind::Quote`]; one block per paragraph |
//! | `1.` `2.` … / `-` `*` `+` | [`BlockKind::ListItem`] with the item's ordinal / `None` |
//! | a paragraph in a `kind = "verse"` article | a stanza: one [`BlockKind::Verse`] per source line |
//! | a ```` ```verse ```` fence | one poem: one [`BlockKind::Verse`] per line, blank lines between stanzas, no inline markup |
//! | `**…**` / `*…*` / `[…](dots)` | [`Face::Strong`] / [`Face::Emphasis`] / emphasis dots (着重号) |
//!
//! Text is never an error for being text. Everything else CommonMark knows (other
//! headings, code, HTML, images, links and autolinks, link reference definitions,
//! thematic breaks, a `\\` hard line break in prose, nested lists or quotations, an
//! unmatched `*`) is set as the literal text it is — its source, markup characters
//! included — with a warning located at its source position (`--strict` and `check` make
//! the warnings errors). A `*` or `_` between two digits (`2*3元`, `5*3*2米`) is never a
//! delimiter: it is a multiplication sign, not emphasis. No parser option is enabled, so
//! tables, footnotes and strikethrough are plain text.
//!
//! Inline runs are byte ranges of the block's final, normalised text: the pieces of a
//! block (text of one face between markup) are normalised together by
//! [`normalize_wire_pieces`](crate::linebreak::normalize::normalize_wire_pieces), which also says where each piece landed.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Diagnostics};
use crate::linebreak::normalize_wire_text;
use crate::spec::model::{BlockKind, BodyBlock, Face};
use crate::spec::pieces::{set_pieces, Piece};
use crate::spec::plain::plain_blocks;

/// How the body is read: `kind` in the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleKind {
    /// Paragraphs of prose (default).
    #[default]
    Prose,
    /// Poems: `##` title, `###` author, each paragraph a stanza of lines.
    Verse,
}

/// What a `>` block is: `blockquote` in the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockquoteAs {
    /// A quotation, unless its text opens with 【编者按】 (default).
    #[default]
    Quote,
    /// An editor's note (编者按).
    Note,
}

/// How the body's characters are read: `format` in the front matter, the layout's
/// `[article] format` when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextFormat {
    /// Wire copy: no character is markup ([`crate::spec::plain`]). The default: it is
    /// what a desk pasting agency copy expects.
    #[default]
    Plain,
    /// The CommonMark subset of this module.
    Markup,
}

/// The front matter settings that decide how the body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFormat {
    pub format: TextFormat,
    pub kind: ArticleKind,
    pub blockquote: BlockquoteAs,
    /// The text that makes a `>` block an editor's note (the layout's
    /// `[article] note_marker`).
    pub note_marker: String,
}

impl Default for BodyFormat {
    fn default() -> Self {
        let reading = ArticleReading::default();
        BodyFormat {
            format: reading.format,
            kind: ArticleKind::default(),
            blockquote: BlockquoteAs::default(),
            note_marker: reading.note_marker,
        }
    }
}

/// What the layout says about reading an article whose front matter does not: its
/// `[article] format` and `note_marker`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleReading {
    pub format: TextFormat,
    pub note_marker: String,
}

impl Default for ArticleReading {
    fn default() -> Self {
        ArticleReading {
            format: TextFormat::Plain,
            note_marker: EDITORS_NOTE.to_string(),
        }
    }
}

/// The blocks of a body and the warnings about text set literally.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedBody {
    /// The non-empty blocks in reading order.
    pub blocks: Vec<BodyBlock>,
    /// One per construct outside the format (set as text), in source order.
    pub warnings: Diagnostics,
}

/// The text that makes a `>` block an editor's note unless the layout names another
/// (`[article] note_marker`).
pub const EDITORS_NOTE: &str = "【编者按】";

/// Parse the markup body of an article: `file` is the whole (LF-only) file text, the
/// body starts at byte `body_start`. Returns the non-empty blocks in reading order and
/// a warning for each construct set as literal text (located in `path` at its source).
pub fn parse_body(file: &str, body_start: usize, format: BodyFormat, path: &Path) -> ParsedBody {
    let body = file.get(body_start..).unwrap_or("");
    let prepared = mask_multiplication(&blank_whitespace_lines(body));
    let mut p = BodyParser {
        src: &prepared,
        file,
        base: body_start,
        path,
        format,
        line_starts: std::iter::once(0)
            .chain(file.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        blocks: Vec::new(),
        warnings: Vec::new(),
        stars: Vec::new(),
        skip: 0,
        literal: Literal::Block,
        quote: None,
        list: None,
        item: None,
        block: None,
        verse_fence: None,
        poem: Poem::default(),
    };
    let parser = Parser::new_ext(&prepared, Options::empty());
    let mut covered: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser.into_offset_iter() {
        match &event {
            Event::Start(_) => {
                if depth == 0 {
                    covered.push(range.clone());
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => covered.push(range.clone()),
            _ => {}
        }
        p.event(event, range);
    }
    if let Some(block) = p.block.take() {
        p.finish(block);
    }
    p.dropped_text(&covered);
    p.star_warnings();
    p.warnings.sort_by_key(|(offset, _)| *offset);
    p.warnings.dedup_by(|a, b| a.0 == b.0);
    ParsedBody {
        blocks: p.blocks,
        warnings: p.warnings.into_iter().map(|(_, d)| d).collect(),
    }
}

/// Stand-ins for a `*` and a `_` that are text: one byte each, so every offset stays
/// the same, and control characters the body cannot contain (they are refused before
/// the body is read).
const TEXT_STAR: char = '\u{1A}';
const TEXT_UNDERSCORE: char = '\u{1B}';

/// A run of `*` or `_` with an ASCII digit right before and after it (`2*3元`,
/// `5*3*2米`, `2**10`) is a multiplication or a figure, never emphasis: it is masked
/// with [`TEXT_STAR`] / [`TEXT_UNDERSCORE`] before parsing and given back by [`unmask`].
fn mask_multiplication(body: &str) -> String {
    let bytes = body.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c != b'*' && c != b'_' {
            i += 1;
            continue;
        }
        let end = i + bytes[i..].iter().take_while(|&&b| b == c).count();
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let digit_after = bytes.get(end).is_some_and(u8::is_ascii_digit);
        if digit_before && digit_after {
            let mask = if c == b'*' {
                TEXT_STAR
            } else {
                TEXT_UNDERSCORE
            };
            for b in &mut out[i..end] {
                *b = mask as u8;
            }
        }
        i = end;
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(out).unwrap_or_else(|_| body.to_string())
}

/// The source text of a masked string.
fn unmask(s: &str) -> String {
    s.replace(TEXT_STAR, "*").replace(TEXT_UNDERSCORE, "_")
}

/// A line of only white space (U+3000 and other Unicode spaces included) ended a
/// paragraph in the plain format before the article format; CommonMark only knows spaces and
/// tabs as blank. Such lines become ASCII spaces of the same byte length, so they stay
/// blank lines and every offset stays the same.
fn blank_whitespace_lines(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if !content.is_empty() && content.chars().all(char::is_whitespace) {
            out.extend(std::iter::repeat_n(' ', content.len()));
            out.push_str(&line[content.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Face and dots of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attr {
    face: Face,
    dots: bool,
}

/// The inline content of the block being read.
#[derive(Debug)]
struct OpenBlock {
    kind: BlockKind,
    /// Body offset where the current block (or verse line) starts.
    start: usize,
    /// Text of one attribute each, in order (`\n` at soft breaks).
    pieces: Vec<(String, Attr)>,
    /// Open `*…*` / `**…**` (innermost last).
    faces: Vec<Face>,
    /// Open `[…](dots)` links.
    dots: usize,
    /// A stanza in a verse article: each source line is a block.
    verse: bool,
    /// The first non-empty line of this stanza is still to come.
    stanza_first: bool,
}

impl OpenBlock {
    fn new(kind: BlockKind, start: usize) -> OpenBlock {
        OpenBlock {
            kind,
            start,
            pieces: Vec::new(),
            faces: Vec::new(),
            dots: 0,
            verse: false,
            stanza_first: false,
        }
    }

    fn attr(&self) -> Attr {
        Attr {
            face: self.faces.last().copied().unwrap_or(Face::Regular),
            dots: self.dots > 0,
        }
    }

    fn push(&mut self, text: &str) {
        let attr = self.attr();
        match self.pieces.last_mut() {
            Some((t, a)) if *a == attr => t.push_str(text),
            _ => self.pieces.push((text.to_string(), attr)),
        }
    }
}

#[derive(Debug)]
struct QuoteState {
    /// Decided by the first paragraph of the `>` block.
    kind: Option<BlockKind>,
}

#[derive(Debug)]
struct ItemState {
    paragraphs: usize,
}

#[derive(Debug)]
struct VerseFence {
    /// Body offset of the first content line.
    start: Option<usize>,
    text: String,
}

/// Where verse stands: inside a poem (a verse line set), and whether the poem being
/// set has a title block.
#[derive(Debug, Default)]
struct Poem {
    in_poem: bool,
    titled: bool,
}

/// What a construct outside the format becomes once its events are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Literal {
    /// Its source, as paragraphs of their own (the plain format's rules).
    Block,
    /// Its source, as text of the block it stands in.
    Inline,
}

struct BodyParser<'a> {
    /// The body as parsed (see [`blank_whitespace_lines`]); offsets are body offsets.
    src: &'a str,
    /// The whole file, for locating.
    file: &'a str,
    base: usize,
    path: &'a Path,
    format: BodyFormat,
    line_starts: Vec<usize>,
    blocks: Vec<BodyBlock>,
    warnings: Vec<(usize, Diagnostic)>,
    /// Body offsets of unescaped `*` left as text (unmatched delimiters).
    stars: Vec<usize>,
    /// Depth inside a construct outside the format (its events are not read; its
    /// source is set as text when it ends).
    skip: usize,
    literal: Literal,
    quote: Option<QuoteState>,
    /// The next item's number in an open list (`None` inside a bullet list).
    list: Option<Option<u64>>,
    item: Option<ItemState>,
    block: Option<OpenBlock>,
    verse_fence: Option<VerseFence>,
    poem: Poem,
}

impl BodyParser<'_> {
    /// A warning at body offset `offset`: `message` says what was found, and that it
    /// is set as text.
    fn warn(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        let at = self.base + offset;
        self.warnings.push((
            at,
            Diagnostic::warning(message)
                .in_file(self.path)
                .at_offset(self.file, at)
                .with_hint(hint),
        ));
    }

    /// A block construct that is not part of the format: warn, skip its events and set
    /// its source as paragraphs when it ends.
    fn reject(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        self.warn(offset, message, hint);
        self.skip = 1;
        self.literal = Literal::Block;
    }

    /// An inline construct that is not part of the format: warn, skip its events and
    /// set its source as text of the block when it ends.
    fn reject_inline(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.warn(offset, message, hint);
        self.skip = 1;
        self.literal = Literal::Inline;
    }

    /// The source of `range` as text of the open block (one is opened if none is).
    fn literal_inline(&mut self, range: Range<usize>) {
        let text = unmask(self.src.get(range.clone()).unwrap_or(""));
        self.block
            .get_or_insert_with(|| OpenBlock::new(BlockKind::Paragraph, range.start))
            .push(&text);
    }

    /// The source of `range` as paragraphs of their own, after the open block.
    fn literal_block(&mut self, range: Range<usize>) {
        if let Some(block) = self.block.take() {
            self.finish(block);
        }
        let text = unmask(self.src.get(range.clone()).unwrap_or(""));
        let blocks = plain_blocks(&text, false, |o| self.line_of(range.start + o));
        for b in blocks {
            self.push_block(b);
        }
    }

    /// 1-based line in the file of a body offset.
    fn line_of(&self, offset: usize) -> usize {
        let at = self.base + offset;
        self.line_starts.partition_point(|&s| s <= at).max(1)
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.skip > 0 {
            match event {
                Event::Start(_) => self.skip += 1,
                Event::End(_) => {
                    self.skip -= 1;
                    if self.skip == 0 {
                        match self.literal {
                            Literal::Block => self.literal_block(range),
                            Literal::Inline => self.literal_inline(range),
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text(&text, range),
            Event::SoftBreak => self.line_break(range, false),
            Event::HardBreak => self.line_break(range, true),
            Event::Code(_) => {
                self.warn(
                    range.start,
                    "inline code (`…`) is not part of the article format: set as text",
                    "write \\` for a literal backquote",
                );
                self.literal_inline(range);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.warn(
                    range.start,
                    "HTML is not part of the article format: set as text",
                    "write `\\<` for a literal `<`, or remove the tag",
                );
                self.literal_inline(range);
            }
            Event::Rule => {
                self.warn(
                    range.start,
                    "a thematic break (a line of `-`, `*` or `_`) is not part of the article format: set as text",
                    "remove the line, or escape its first character (`\\-`)",
                );
                self.literal_block(range);
            }
            Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {
                self.warn(
                    range.start,
                    "this markup is not part of the article format: set as text",
                    "see README \"Articles\" for the markup an article may use",
                );
                self.literal_inline(range);
            }
        }
    }

    /// The start of a construct: the ones of the format open their block or run (each
    /// in its own method below); anything else is set as text with a warning.
    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let at = range.start;
        match tag {
            Tag::Paragraph => self.start_paragraph(at),
            Tag::Heading { level, .. } => self.heading(level, at),
            Tag::BlockQuote(_) => self.start_quote(at),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => self.start_fence(&info, at),
            Tag::CodeBlock(CodeBlockKind::Indented) => self.reject(
                at,
                "a line indented by four spaces or a tab starts a code block, which is not part of the article format: set as text",
                "remove the indentation (the engine indents paragraphs itself)",
            ),
            Tag::HtmlBlock => self.reject(
                at,
                "HTML is not part of the article format: set as text",
                "write `\\<` for a literal `<` at the start of a line",
            ),
            Tag::List(first) => self.start_list(first, at),
            Tag::Item => self.start_item(at),
            Tag::Emphasis => self.start_face(Face::Emphasis, at),
            Tag::Strong => self.start_face(Face::Strong, at),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => self.start_link(link_type, &dest_url, &title, at),
            Tag::Image { .. } => self.reject_inline(
                at,
                "an image is not part of the article format: set as text",
                "photos are placed in the issue file ([[page.photo]]); write `!\\[` for literal text",
            ),
            _ => self.reject(
                at,
                "this markup is not part of the article format: set as text",
                "see README \"Articles\" for the markup an article may use",
            ),
        }
    }

    /// A paragraph: a list item's (its second is a body paragraph, with a warning), a
    /// quotation's, a verse line in a verse article, or a body paragraph.
    fn start_paragraph(&mut self, at: usize) {
        if let Some(item) = &mut self.item {
            item.paragraphs += 1;
            if item.paragraphs > 1 {
                self.warn(
                    at,
                    "a list item with more than one paragraph: the second is set as a body paragraph",
                    "make each paragraph its own item, or join them into one",
                );
                if let Some(block) = self.block.take() {
                    self.finish(block);
                }
                self.block = Some(OpenBlock::new(BlockKind::Paragraph, at));
            }
        } else if self.quote.is_some() {
            self.block = Some(OpenBlock::new(BlockKind::Quote, at));
        } else {
            let mut b = OpenBlock::new(BlockKind::Paragraph, at);
            if self.format.kind == ArticleKind::Verse {
                b.kind = BlockKind::Verse {
                    stanza_break: false,
                    poem_start: false,
                };
                b.verse = true;
                b.stanza_first = true;
            }
            self.block = Some(b);
        }
    }

    /// A `>` quotation; nested in a quotation or a list item, it is set as text.
    fn start_quote(&mut self, at: usize) {
        if self.quote.is_some() || self.item.is_some() {
            self.reject(
                at,
                "a `>` quotation inside a quotation or a list item: set as text",
                "only paragraphs may stand inside a `>` block or a list item",
            );
        } else {
            self.quote = Some(QuoteState { kind: None });
        }
    }

    /// A fenced block: a ```verse poem at the top level; any other fence is text.
    fn start_fence(&mut self, info: &str, at: usize) {
        if info.trim() != "verse" {
            self.reject(
                at,
                format!("a code block (```{info}) is not part of the article format: set as text"),
                "a fence marked ```verse holds a poem; escape the backquotes (\\`) for literal text",
            );
        } else if self.quote.is_some() || self.item.is_some() {
            self.reject(
                at,
                "a ```verse poem inside a quotation or a list item: set as text",
                "put the poem at the top level of the article",
            );
        } else {
            self.verse_fence = Some(VerseFence {
                start: None,
                text: String::new(),
            });
        }
    }

    /// A list, one level deep and not inside a quotation.
    fn start_list(&mut self, first: Option<u64>, at: usize) {
        if self.list.is_some() {
            self.reject(
                at,
                "a list inside a list item is not part of the article format: set as text",
                "lists are one level deep; write the items at the top level",
            );
        } else if self.quote.is_some() {
            self.reject(
                at,
                "a list inside a `>` quotation is not part of the article format: set as text",
                "only paragraphs may stand inside a `>` block",
            );
        } else {
            self.list = Some(first);
        }
    }

    /// A list item, numbered from the list's start.
    fn start_item(&mut self, at: usize) {
        let next = self.list.flatten();
        let number = match next.map(u32::try_from) {
            None => None,
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => {
                self.reject(
                    at,
                    "list item number out of range: set as text",
                    "number items from 1",
                );
                return;
            }
        };
        if let Some(Some(n)) = &mut self.list {
            *n = n.saturating_add(1);
        }
        self.item = Some(ItemState { paragraphs: 0 });
        self.block = Some(OpenBlock::new(BlockKind::ListItem { number }, at));
    }

    /// A bold or 楷体 emphasis run; one face inside the other is warned about.
    fn start_face(&mut self, face: Face, at: usize) {
        let block = self
            .block
            .get_or_insert_with(|| OpenBlock::new(BlockKind::Paragraph, at));
        let outer = block.faces.last().copied();
        block.faces.push(face);
        if outer.is_some_and(|o| o != face) {
            self.warn(
                at,
                "bold inside emphasis or emphasis inside bold: a run of text has one face, the inner run is set in its own",
                "close the first run before opening the other (`**黑体***楷体*`)",
            );
        }
    }

    /// A link: only `[text](dots)` (emphasis dots) is part of the format.
    fn start_link(&mut self, link_type: LinkType, dest_url: &str, title: &str, at: usize) {
        let dots = link_type == LinkType::Inline && dest_url == "dots" && title.is_empty();
        if dots {
            self.block
                .get_or_insert_with(|| OpenBlock::new(BlockKind::Paragraph, at))
                .dots += 1;
        } else {
            self.reject_inline(
                at,
                format!("a link (to `{dest_url}`) is not part of the article format: set as text"),
                "only `[text](dots)` (emphasis dots, 着重号) is; write `\\[` for a literal bracket",
            );
        }
    }

    fn heading(&mut self, level: HeadingLevel, at: usize) {
        if self.quote.is_some() || self.item.is_some() {
            return self.reject(
                at,
                "a heading inside a quotation or a list item: set as text",
                "only paragraphs may stand inside a `>` block or a list item",
            );
        }
        let atx = self
            .src
            .get(at..)
            .is_some_and(|s| s.trim_start_matches(' ').starts_with('#'));
        if !atx {
            return self.reject(
                at,
                "an underlined heading (text over a line of `=` or `-`) is not part of the article format: set as text",
                "write `## ` before an intertitle; otherwise escape the line's first character (`\\-`)",
            );
        }
        let verse = self.format.kind == ArticleKind::Verse;
        let kind = match (level, verse) {
            (HeadingLevel::H2, false) => BlockKind::Intertitle,
            (HeadingLevel::H2, true) => BlockKind::PoemTitle,
            (HeadingLevel::H3, true) => BlockKind::PoemAuthor,
            _ => {
                let hint = if verse {
                    "in a verse article `## ` is a poem's title and `### ` its author"
                } else {
                    "`## ` is an intertitle (小标题); a prose article has no other heading"
                };
                return self.reject(
                    at,
                    format!(
                        "a level-{} heading (`{} `) is not part of the article format: set as text",
                        level as usize,
                        "#".repeat(level as usize)
                    ),
                    hint,
                );
            }
        };
        self.block = Some(OpenBlock::new(kind, at));
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph if self.item.is_some() => {}
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item => {
                if let Some(block) = self.block.take() {
                    self.finish(block);
                }
                if tag == TagEnd::Item {
                    self.item = None;
                }
            }
            TagEnd::BlockQuote(_) => self.quote = None,
            TagEnd::List(_) => self.list = None,
            TagEnd::CodeBlock => {
                if let Some(fence) = self.verse_fence.take() {
                    self.finish_verse_fence(fence, range);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                if let Some(b) = &mut self.block {
                    b.faces.pop();
                }
            }
            TagEnd::Link => {
                if let Some(b) = &mut self.block {
                    b.dots = b.dots.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some(fence) = &mut self.verse_fence {
            fence.start.get_or_insert(range.start);
            fence.text.push_str(text);
            return;
        }
        self.find_stars(range.clone());
        let text = unmask(text);
        self.block
            .get_or_insert_with(|| OpenBlock::new(BlockKind::Paragraph, range.start))
            .push(&text);
    }

    /// Unescaped `*` in the source of a text event: a delimiter that matched nothing.
    fn find_stars(&mut self, range: Range<usize>) {
        let bytes = self.src.as_bytes();
        for o in range {
            if bytes.get(o) != Some(&b'*') {
                continue;
            }
            let backslashes = bytes
                .get(..o)
                .unwrap_or(&[])
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if backslashes % 2 == 0 {
                self.stars.push(o);
            }
        }
    }

    fn star_warnings(&mut self) {
        let mut stars = std::mem::take(&mut self.stars);
        stars.sort_unstable();
        stars.dedup();
        let mut i = 0;
        while let Some(&first) = stars.get(i) {
            let mut n = 1;
            while stars.get(i + n) == Some(&(first + n)) {
                n += 1;
            }
            let run = "*".repeat(n);
            self.warn(
                first,
                format!("unmatched `{run}`: set as text"),
                "write `\\*` for a literal asterisk; `*…*` (emphasis) and `**…**` (bold) close in the same paragraph, and a run between a Chinese character and punctuation inside it does not open or close (CommonMark's flanking rule: `说**“你好”**`): put the punctuation outside (`说“**你好**”`)",
            );
            i += n;
        }
    }

    /// Source that no event covers at the top level: link reference definitions the
    /// parser took (`[label]: …`) are set as paragraphs where they stood.
    fn dropped_text(&mut self, covered: &[Range<usize>]) {
        let mut at = 0;
        let mut gaps = Vec::new();
        for r in covered {
            if r.start > at {
                gaps.push(at..r.start);
            }
            at = at.max(r.end);
        }
        gaps.push(at..self.src.len());
        for gap in gaps {
            let Some(text) = self.src.get(gap.clone()) else {
                continue;
            };
            let Some(pos) = text.find(|c: char| !c.is_whitespace()) else {
                continue;
            };
            self.warn(
                gap.start + pos,
                "a link reference definition (`[label]: …`) is not part of the article format: set as text",
                "write `\\[` for a literal bracket at the start of a line",
            );
            let literal = unmask(text);
            let blocks = plain_blocks(&literal, false, |o| self.line_of(gap.start + o));
            for b in blocks {
                // In reading order: before the first block that starts on a later line.
                let at = self.blocks.partition_point(|x| x.line <= b.line);
                self.blocks.insert(at, b);
            }
        }
    }

    fn line_break(&mut self, range: Range<usize>, hard: bool) {
        let Some(mut block) = self.block.take() else {
            return;
        };
        if block.verse {
            // A line of a stanza is a block; faces and dots go on to the next line.
            let mut next = OpenBlock::new(block.kind, range.end);
            next.faces = block.faces.clone();
            next.dots = block.dots;
            next.verse = true;
            let stanza_first = block.stanza_first;
            let emitted = self.finish(block);
            next.stanza_first = stanza_first && !emitted;
            self.block = Some(next);
            return;
        }
        // A hard break of two trailing spaces is a wire line break like any other; a
        // trailing `\\` is text.
        if hard
            && self
                .src
                .get(range.clone())
                .is_some_and(|s| s.starts_with('\\'))
        {
            self.warn(
                range.start,
                "a hard line break (`\\` at the end of a line) is not part of prose: the `\\` is set as text",
                "remove the backslash; a blank line starts a new paragraph",
            );
            block.push("\\");
        }
        block.push("\n");
        self.block = Some(block);
    }

    /// Normalise a finished block and add it (unless empty); `true` when added.
    fn finish(&mut self, block: OpenBlock) -> bool {
        let pieces: Vec<Piece<'_>> = block
            .pieces
            .iter()
            .map(|(t, a)| (t.as_str(), a.face, a.dots))
            .collect();
        let (text, inlines, dropped) = set_pieces(&pieces);
        if dropped {
            self.warn(
                block.start,
                "a combining mark right after inline markup joins a character across it: the block is set without its faces",
                "put the markup before the base character, not between it and its mark",
            );
        }
        if text.is_empty() {
            return false;
        }
        let kind = match block.kind {
            BlockKind::Quote => {
                let marker = self.format.note_marker.as_str();
                let note = self.format.blockquote == BlockquoteAs::Note
                    || (!marker.is_empty() && text.starts_with(marker));
                let quote = self.quote.get_or_insert(QuoteState { kind: None });
                *quote.kind.get_or_insert(if note {
                    BlockKind::Note
                } else {
                    BlockKind::Quote
                })
            }
            BlockKind::Verse { .. } => self.verse_kind(block.stanza_first),
            kind => kind,
        };
        let line = self.line_of(block.start);
        self.push_block(BodyBlock {
            kind,
            text: text.into(),
            inlines,
            line,
        });
        true
    }

    /// The kind of a verse line: the first line of a stanza opens a poem (no title
    /// before it: `poem_start`) or follows a blank line inside one (`stanza_break`).
    fn verse_kind(&mut self, stanza_first: bool) -> BlockKind {
        if !stanza_first {
            return BlockKind::Verse {
                stanza_break: false,
                poem_start: false,
            };
        }
        let kind = BlockKind::Verse {
            stanza_break: self.poem.in_poem,
            poem_start: !self.poem.in_poem && !self.poem.titled,
        };
        self.poem.in_poem = true;
        kind
    }

    /// Add a block, keeping track of poems: a title opens one, an author line opens
    /// one unless it follows its title; any prose block ends the poem.
    fn push_block(&mut self, block: BodyBlock) {
        match block.kind {
            BlockKind::Verse { .. } => {}
            BlockKind::PoemTitle => {
                self.poem = Poem {
                    in_poem: false,
                    titled: true,
                }
            }
            BlockKind::PoemAuthor => {
                let after_title = self
                    .blocks
                    .last()
                    .is_some_and(|b| b.kind == BlockKind::PoemTitle);
                if !after_title {
                    self.poem = Poem::default();
                }
            }
            _ => self.poem = Poem::default(),
        }
        self.blocks.push(block);
    }

    /// A ```` ```verse ```` fence: one poem, a block per line, blank lines between
    /// stanzas; the text is literal.
    fn finish_verse_fence(&mut self, fence: VerseFence, range: Range<usize>) {
        let closed = self.src.get(range.clone()).is_some_and(|s| {
            let s = s.trim_end();
            let last = s.rsplit('\n').next().unwrap_or("").trim();
            s.contains('\n') && (last.starts_with("```") || last.starts_with("~~~"))
        });
        if !closed {
            self.warn(
                range.start,
                "the ```verse fence is not closed: the rest of the article is set as the poem",
                "end the poem with a line of ``` (as many backquotes as opened it)",
            );
        }
        let Some(start) = fence.start else { return };
        let first_line = self.line_of(start);
        self.poem.in_poem = false;
        let mut blank_before = false;
        for (i, raw) in fence.text.split('\n').enumerate() {
            let text = normalize_wire_text(raw);
            if text.is_empty() {
                blank_before = self.poem.in_poem;
                continue;
            }
            let kind = BlockKind::Verse {
                stanza_break: blank_before,
                poem_start: !self.poem.in_poem && !self.poem.titled,
            };
            self.poem.in_poem = true;
            blank_before = false;
            self.push_block(BodyBlock {
                kind,
                text: text.into(),
                inlines: Vec::new(),
                line: first_line + i,
            });
        }
        self.poem = Poem::default();
    }
}

#[cfg(test)]
#[path = "markup_tests.rs"]
mod tests;
