//! The blocks of a story's body prepared for flow: each block's style, its
//! text shaped once (with bold and 楷体 runs in their own fonts), its indents, list label
//! and the blank lines around it. What a block is decides all of it:
//!
//! * paragraph — the body style, as before;
//! * intertitle (小标题) — its style, whole body lines, `[article] intertitle_above/below`;
//! * editor's note / quotation — their styles, indented both sides, `note_space` around a
//!   run of them;
//! * list item — the number (or bullet) in the first line's hanging indent, every line of
//!   the item aligned after it (the indent rounded up to whole characters so the text
//!   stays on the character grid);
//! * verse — not justified, no first-line indent; a turnover (转行) indented by
//!   `verse_hang`; stanzas and poems spaced in whole body lines.

use crate::diag::{Diagnostic, Diagnostics, LineCol};
use crate::layout::setter::{Origin, Setter};
use crate::linebreak::{Line, Paragraph};
use crate::spec::{Align, Article, BlockKind, BodyBlock, Face, Inline, Issue, Style, StyleId};

/// A block ready to be broken into lines.
pub struct Prepared {
    /// Index of the block in the article.
    pub block: usize,
    pub kind: BlockKind,
    pub style: StyleId,
    pub para: Paragraph,
    /// A list item's label, set once at its natural width (its measure), placed on
    /// the item's first line at this x from the column's edge; with its text.
    pub label: Option<Label>,
    /// The measure's left and right inset from the column's edges (points).
    pub left: f64,
    pub right: f64,
    /// Further inset of every line after the first (verse turnovers).
    pub hang: f64,
    /// Blank body lines before and after the block.
    pub above: u32,
    pub below: u32,
    /// Half a blank line more before the block (a half-line stanza break).
    pub half_above: bool,
    /// Body lines after the block kept in its column with it (an intertitle's
    /// `[article] intertitle_keep`).
    pub keep_after: u32,
    /// Body lines one line of the block takes (display styles take more than one).
    pub rows: u32,
    pub align: Align,
    /// Emphasis runs of the text (faces and dots).
    pub inlines: Vec<Inline>,
}

/// A list item's number or bullet, set.
pub struct Label {
    pub line: Line,
    pub text: String,
    pub x: f64,
}

impl Prepared {
    pub fn is_verse(&self) -> bool {
        matches!(self.kind, BlockKind::Verse { .. })
    }

    /// The block is set like a heading: each line centred (or aligned) in whole body
    /// lines of its style.
    pub fn is_display(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Intertitle | BlockKind::PoemTitle | BlockKind::PoemAuthor
        )
    }
}

/// A poem's blocks: title and author lines and verse.
fn in_poem(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::PoemTitle | BlockKind::PoemAuthor | BlockKind::Verse { .. }
    )
}

/// Prepare every block of `article`; every character no font has, and every construct
/// whose style the layout lacks, is an error naming the article and line.
pub fn prepare_blocks(
    issue: &Issue,
    setter: &mut Setter,
    article: &Article,
) -> Result<Vec<Prepared>, Diagnostics> {
    let mut out = Vec::with_capacity(article.blocks.len());
    let mut errors = Vec::new();
    // Blank lines of neighbours do not add up: the larger of the two is kept.
    let mut prev_below = 0;
    for i in 0..article.blocks.len() {
        match prepare_block(issue, setter, article, i, prev_below) {
            Ok(p) => {
                prev_below = p.below;
                out.push(p);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Block `i` of `article`: its style, its spacing by kind, its text prepared in its
/// faces, and its list label; `prev_below` is the blank lines the block before it asks
/// for below itself.
fn prepare_block(
    issue: &Issue,
    setter: &mut Setter,
    article: &Article,
    i: usize,
    prev_below: u32,
) -> Result<Prepared, Diagnostics> {
    let layout = &issue.layout;
    let em = layout.grid.char_size;
    let block = &article.blocks[i];
    let origin = Origin {
        file: &article.path,
        what: format!("article `{}`, paragraph {}", article.id, i + 1),
    };
    // A block's errors are located at its first line.
    let at_block = |d: Diagnostic| {
        Diagnostics::from(d.in_file(&article.path).at(LineCol {
            line: block.line,
            col: 1,
        }))
    };
    let style_id = block_style(issue, block).map_err(at_block)?;
    let base = layout.style(style_id);
    let mut style = base.clone();
    let mut sp = spacing(&layout.article, em, &article.blocks, i, &mut style);
    sp.above = sp.above.saturating_sub(prev_below);
    let faces = face_styles(issue, block).map_err(at_block)?;
    if block.inlines.iter().any(|i| i.dots) && !dots_fit(issue, &style, base.lines) {
        return Err(at_block(
            Diagnostic::error(format!(
                "emphasis dots (着重号) in style `{}` would touch the next line: the line pitch leaves no room under the characters",
                style.name
            ))
            .with_hint("give the layout a larger line pitch, or set [article] emphasis_dot_em and emphasis_gap_em that fit"),
        ));
    }
    let para = setter.prepare_faces(&style, &faces, &block.text, &[], &origin)?;
    let label = match sp.label_text.take() {
        None => None,
        Some(text) => {
            let x = layout.article.list_indent * em;
            let label = list_label(setter, &style, &origin, text, x).map_err(|e| match e {
                LabelError::Empty(d) => at_block(d),
                LabelError::Prepare(d) => d,
            })?;
            // The item's text starts after the label, on the character grid.
            let cells = (label.line.width / em - 1e-6).ceil().max(1.0);
            sp.left = x + cells * em;
            Some(label)
        }
    };
    Ok(Prepared {
        block: i,
        kind: block.kind,
        style: style_id,
        para,
        label,
        left: sp.left,
        right: sp.right,
        hang: sp.hang,
        above: sp.above,
        below: sp.below,
        half_above: sp.half_above,
        keep_after: sp.keep_after,
        rows: base.lines.max(1),
        align: base.align,
        inlines: block.inlines.clone(),
    })
}

/// Where a block sits by its kind (the `[article]` keys): indents in points, blank lines
/// above and below, and the text of its list label.
struct Spacing {
    left: f64,
    right: f64,
    hang: f64,
    above: u32,
    below: u32,
    half_above: bool,
    keep_after: u32,
    label_text: Option<String>,
}

/// The spacing of block `i` of `blocks` by its kind and its neighbours' (`em`: the body
/// size); `style` takes the kind's composition changes (no first-line indent in lists
/// and verse; verse ragged and set first-fit).
fn spacing(
    al: &crate::spec::ArticleLayout,
    em: f64,
    blocks: &[BodyBlock],
    i: usize,
    style: &mut Style,
) -> Spacing {
    let kind = blocks[i].kind;
    let next = blocks.get(i + 1).map(|b| b.kind);
    let prev = i.checked_sub(1).and_then(|p| blocks.get(p)).map(|b| b.kind);
    let mut sp = Spacing {
        left: 0.0,
        right: 0.0,
        hang: 0.0,
        above: 0,
        below: 0,
        half_above: false,
        keep_after: 0,
        label_text: None,
    };
    match kind {
        BlockKind::Paragraph => {}
        BlockKind::Intertitle => {
            sp.above = al.intertitle_above;
            sp.below = al.intertitle_below;
            sp.keep_after = al.intertitle_keep;
        }
        BlockKind::Note | BlockKind::Quote => {
            let indent = if kind == BlockKind::Note {
                al.note_indent
            } else {
                al.quote_indent
            };
            sp.left = indent * em;
            sp.right = indent * em;
            if prev != Some(kind) {
                sp.above = al.note_space;
            }
            if next != Some(kind) {
                sp.below = al.note_space;
            }
        }
        BlockKind::ListItem { number } => {
            style.composition.indent = 0.0;
            sp.label_text = Some(match number {
                Some(n) => al.list_number.label(n),
                None => al.list_bullet.clone(),
            });
        }
        BlockKind::PoemTitle | BlockKind::PoemAuthor => {
            if kind == BlockKind::PoemTitle && i > 0 {
                sp.above = al.poem_space;
            }
        }
        BlockKind::Verse {
            stanza_break,
            poem_start,
        } => {
            style.composition.indent = 0.0;
            style.composition.justify = false;
            style.composition.first_fit = true;
            sp.left = al.verse_indent * em;
            sp.hang = al.verse_hang * em;
            if poem_start && i > 0 {
                sp.above = al.poem_space;
            } else if stanza_break {
                sp.above = al.stanza_space;
                sp.half_above = al.stanza_half_line;
            }
        }
    }
    if in_poem(kind) && !next.is_some_and(in_poem) && next.is_some() {
        sp.below = al.stanza_space;
    }
    sp
}

/// Why a list label could not be set.
enum LabelError {
    /// It set no line (an error at the block).
    Empty(Diagnostic),
    /// Preparing its text failed (errors already located).
    Prepare(Diagnostics),
}

/// A list item's number or bullet `text`, set unjustified in the item's `style` at `x`.
fn list_label(
    setter: &mut Setter,
    style: &Style,
    origin: &Origin<'_>,
    text: String,
    x: f64,
) -> Result<Label, LabelError> {
    let mut lstyle = style.clone();
    lstyle.composition.justify = false;
    let what = Origin {
        file: origin.file,
        what: format!("{} (its list number)", origin.what),
    };
    let whole = std::slice::from_ref(&(0..text.len())).to_vec();
    let p = setter
        .prepare(&lstyle, &text, &whole, &what)
        .map_err(LabelError::Prepare)?;
    let Some(mut line) = p.lines(f64::MAX / 4.0).into_iter().next() else {
        return Err(LabelError::Empty(Diagnostic::error(format!(
            "the list label “{text}” sets no line"
        ))));
    };
    line.measure = line.width;
    Ok(Label {
        line,
        text: p.text().to_string(),
        x,
    })
}

/// The style of a block, or an error naming the style the layout lacks.
fn block_style(issue: &Issue, block: &BodyBlock) -> Result<StyleId, Diagnostic> {
    let layout = &issue.layout;
    let s = &layout.article.styles;
    let (want, name, what) = match block.kind {
        BlockKind::Paragraph => return Ok(layout.roles.body),
        BlockKind::ListItem { .. } => return Ok(s.list.unwrap_or(layout.roles.body)),
        BlockKind::Intertitle => (s.intertitle, "intertitle", "an intertitle (`## …`)"),
        BlockKind::Note => (s.note, "note", "an editor's note (`> 【编者按】…`)"),
        BlockKind::Quote => (s.quote, "quote", "a quotation (`> …`)"),
        BlockKind::PoemTitle => (s.poem_title, "poem-title", "a poem title (`## …` in verse)"),
        BlockKind::PoemAuthor => (
            s.poem_author,
            "poem-author",
            "a poem's author line (`### …` in verse)",
        ),
        BlockKind::Verse { .. } => (s.verse, "verse", "verse"),
    };
    want.ok_or_else(|| missing_style(layout, name, what))
}

/// The font styles of a block's bold and emphasis runs.
fn face_styles<'a>(
    issue: &'a Issue,
    block: &BodyBlock,
) -> Result<Vec<(std::ops::Range<usize>, &'a Style)>, Diagnostic> {
    let layout = &issue.layout;
    let s = &layout.article.styles;
    let mut out = Vec::new();
    for inline in &block.inlines {
        let id = match inline.face {
            Face::Regular => continue,
            Face::Strong => s
                .strong
                .ok_or_else(|| missing_style(layout, "strong", "bold text (`**…**`)"))?,
            Face::Emphasis => s
                .emphasis
                .ok_or_else(|| missing_style(layout, "emphasis", "emphasis (`*…*`)"))?,
        };
        out.push((inline.range.clone(), layout.style(id)));
    }
    Ok(out)
}

fn missing_style(layout: &crate::spec::Layout, name: &str, what: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "the article uses {what}, but the layout has no style `{name}`"
    ))
    .with_hint(format!("add [style.{name}] to {}", layout.path.display()))
}

/// Whether emphasis dots under a line of `style` (taking `lines` body lines) clear the
/// next line's characters ([`crate::spec::article_layout::dots_clear`]).
fn dots_fit(issue: &Issue, style: &Style, lines: u32) -> bool {
    let al = &issue.layout.article;
    let band = f64::from(lines.max(1)) * issue.layout.grid.line_pitch;
    al.dot_diameter >= 0.05
        && crate::spec::article_layout::dots_clear(style.size, band, al.dot_gap, al.dot_diameter)
}
