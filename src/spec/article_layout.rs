//! `[article]`: how the blocks of an article body are set — blank lines
//! around intertitles, notes and poems, indents, the number form of lists, verse
//! turnovers and emphasis dots — and the optional styles the blocks use, found by name.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::spec::keys::TableAt;
use crate::spec::load_toml::SourceFile;
use crate::spec::markup::TextFormat;
use crate::spec::model::{RuleStyle, Style, StyleId, IDEO_ASCENT};
use crate::spec::raw::ArticleLayoutSpec;
use crate::spec::wording::{circled, han_number};

/// Most blank lines any spacing key may ask for.
pub(crate) const MAX_SPACE_LINES: u32 = 10;

/// The resolved `[article]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLayout {
    /// How a body is read when its front matter does not say (`format`).
    pub format: TextFormat,
    /// The text that makes a `>` block an editor's note.
    pub note_marker: String,
    pub intertitle_above: u32,
    pub intertitle_below: u32,
    pub note_space: u32,
    /// Indents in em of the body size.
    pub note_indent: f64,
    pub note_frame: NoteFrame,
    pub quote_indent: f64,
    pub list_number: ListNumber,
    pub list_bullet: String,
    pub list_indent: f64,
    pub verse_indent: f64,
    pub verse_hang: f64,
    pub stanza_space: u32,
    /// Half a line more between stanzas: the lines after the break sit half a line
    /// off the grid until the next half-line break.
    pub stanza_half_line: bool,
    pub poem_space: u32,
    /// A story whose last frame has more empty body lines than this per column is
    /// reported underset (its area is too big for its text).
    pub underset_lines: u32,
    /// Blank body lines between a story's headline block and its body.
    pub head_space: u32,
    /// Body lines after an intertitle that stay in its column with it (an intertitle
    /// never ends a column in any case).
    pub intertitle_keep: u32,
    /// Emphasis dot diameter and gap below the em box, in em of the text.
    pub dot_diameter: f64,
    pub dot_gap: f64,
    pub styles: BlockStyles,
}

/// How an editor's note is set off.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteFrame {
    None,
    /// A rule above and below, in this style.
    Rules(RuleStyle),
    /// A box around it (`[box_style.note-box]`), per column.
    Box,
}

/// The keyword of `note_frame` (a rule style is added to `rules` when resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteFrameKind {
    None,
    Rules,
    Box,
}

/// The words of `note_frame`.
pub(crate) const NOTE_FRAMES: &[(&str, NoteFrameKind)] = &[
    ("none", NoteFrameKind::None),
    ("rules", NoteFrameKind::Rules),
    ("box", NoteFrameKind::Box),
];

/// The values of `format` (the layout's `[article]` and an article's front matter).
pub const TEXT_FORMATS: &[(&str, TextFormat)] =
    &[("plain", TextFormat::Plain), ("markup", TextFormat::Markup)];

/// The number form of a numbered list (the house styles of GB/T 15834 §4.x enumerations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListNumber {
    /// `1.`
    Dot,
    /// `1)`
    Paren,
    /// `(1)`
    Parens,
    /// `①` (circled, 1–20; plain `21.` beyond)
    Circled,
    /// `（一）`
    HanParens,
    /// `一、`
    HanComma,
}

pub(crate) const LIST_NUMBERS: &[(&str, ListNumber)] = &[
    ("1.", ListNumber::Dot),
    ("1)", ListNumber::Paren),
    ("(1)", ListNumber::Parens),
    ("①", ListNumber::Circled),
    ("（一）", ListNumber::HanParens),
    ("一、", ListNumber::HanComma),
];

impl ListNumber {
    /// The label of item `n` (1-based).
    pub fn label(self, n: u32) -> String {
        match self {
            ListNumber::Dot => format!("{n}."),
            ListNumber::Paren => format!("{n})"),
            ListNumber::Parens => format!("({n})"),
            ListNumber::Circled => circled(n).map_or_else(|| format!("{n}."), String::from),
            ListNumber::HanParens => format!("（{}）", han_number(n)),
            ListNumber::HanComma => format!("{}、", han_number(n)),
        }
    }
}

/// The styles article blocks use, by their fixed names; `None` when the layout has no
/// such style (an article that needs it is then an error naming the style).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BlockStyles {
    pub intertitle: Option<StyleId>,
    pub note: Option<StyleId>,
    pub quote: Option<StyleId>,
    /// List items (the body style when absent).
    pub list: Option<StyleId>,
    pub verse: Option<StyleId>,
    pub poem_title: Option<StyleId>,
    pub poem_author: Option<StyleId>,
    /// `**…**`.
    pub strong: Option<StyleId>,
    /// `*…*`.
    pub emphasis: Option<StyleId>,
}

impl BlockStyles {
    /// The style names, for messages and docs.
    pub const NAMES: &'static [&'static str] = &[
        "intertitle",
        "note",
        "quote",
        "list",
        "verse",
        "poem-title",
        "poem-author",
        "strong",
        "emphasis",
    ];

    fn find(ids: &BTreeMap<String, StyleId>) -> BlockStyles {
        let get = |n: &str| ids.get(n).copied();
        BlockStyles {
            intertitle: get("intertitle"),
            note: get("note"),
            quote: get("quote"),
            list: get("list"),
            verse: get("verse"),
            poem_title: get("poem-title"),
            poem_author: get("poem-author"),
            strong: get("strong"),
            emphasis: get("emphasis"),
        }
    }
}

/// Resolve `[article]`. `body` is the body style (emphasis dots must clear the next
/// body line), `pitch` the body line pitch.
#[allow(clippy::too_many_arguments)] // the table, and the styles, body line and rule styles it refers to
pub fn resolve_article_layout(
    src: &SourceFile,
    spec: &ArticleLayoutSpec,
    style_ids: &BTreeMap<String, StyleId>,
    body: Option<&Style>,
    pitch: f64,
    between: &RuleStyle,
    rules: &BTreeMap<String, RuleStyle>,
    diags: &mut Diagnostics,
) -> ArticleLayout {
    let at = TableAt::new(src, "[article]");
    let note_frame = match spec.note_frame(&at, diags) {
        NoteFrameKind::None => NoteFrame::None,
        NoteFrameKind::Box => NoteFrame::Box,
        NoteFrameKind::Rules => NoteFrame::Rules(match &spec.note_rule {
            None => between.clone(),
            Some(name) => match rules.get(name.get_ref()) {
                Some(r) => r.clone(),
                None => {
                    diags.push(crate::spec::furniture::unknown_rule(src, name, rules));
                    between.clone()
                }
            },
        }),
    };
    let (dot_diameter, dot_gap) = emphasis_dots(&at, spec, body, pitch, diags);
    ArticleLayout {
        format: spec.format(&at, diags),
        note_marker: spec.note_marker(&at, diags),
        intertitle_above: spec.intertitle_above(&at, diags),
        intertitle_below: spec.intertitle_below(&at, diags),
        note_space: spec.note_space(&at, diags),
        note_indent: spec.note_indent_em(&at, diags),
        note_frame,
        quote_indent: spec.quote_indent_em(&at, diags),
        list_number: spec.list_number(&at, diags),
        list_bullet: spec.list_bullet(&at, diags),
        list_indent: spec.list_indent_em(&at, diags),
        verse_indent: spec.verse_indent_em(&at, diags),
        verse_hang: spec.verse_hang_em(&at, diags),
        stanza_space: spec.stanza_space(&at, diags),
        stanza_half_line: spec.stanza_half_line(),
        poem_space: spec.poem_space(&at, diags),
        underset_lines: spec.underset_lines(&at, diags),
        head_space: spec.head_space(&at, diags),
        intertitle_keep: spec.intertitle_keep(&at, diags),
        dot_diameter,
        dot_gap,
        styles: BlockStyles::find(style_ids),
    }
}

/// Whether emphasis dots (`gap` and `diameter` in em) under a line of type `size` that
/// takes a band of `band` points clear the next line's characters: the dot's bottom,
/// `(1 − ascent + gap + diameter)` em below the baseline, is above the next em box's
/// top, `band − ascent × size` below it.
pub fn dots_clear(size: f64, band: f64, gap: f64, diameter: f64) -> bool {
    size * (1.0 + gap + diameter) <= band + 1e-9
}

/// Default emphasis dot diameter and gap, in em.
pub(crate) const DOT_EM: f64 = 0.2;
pub(crate) const DOT_GAP_EM: f64 = 0.12;

/// The emphasis dots' diameter and gap (em). Dots hang below the em box and must clear
/// the next body line's characters ("counted in the line's depth so they never
/// touch the next line"): sizes the layout gives that do not fit are an error at the key;
/// the defaults shrink to fit a tight line pitch (leaving a tenth of the gap clear). A
/// pitch with no gap at all leaves no room: an article that asks for dots is then an
/// error at its block (`layout::flow::blocks`).
fn emphasis_dots(
    at: &TableAt<'_>,
    spec: &ArticleLayoutSpec,
    body: Option<&Style>,
    pitch: f64,
    diags: &mut Diagnostics,
) -> (f64, f64) {
    let diameter = spec.emphasis_dot_em(at, diags);
    let gap = spec.emphasis_gap_em(at, diags);
    let Some(body) = body else {
        return (diameter, gap);
    };
    if dots_clear(body.size, pitch, gap, diameter) {
        return (diameter, gap);
    }
    // Room between the em box's bottom and the next line's em box top, in em.
    let room = pitch / body.size - 1.0;
    let given = spec
        .emphasis_dot_em
        .as_ref()
        .or(spec.emphasis_gap_em.as_ref())
        .map(|v| v.span());
    let Some(span) = given else {
        // Defaults: scaled into 90 % of the room.
        let k = (room * 0.9).max(0.0) / (DOT_EM + DOT_GAP_EM);
        return (DOT_EM * k, DOT_GAP_EM * k);
    };
    let depth = body.size * ((1.0 - IDEO_ASCENT) + gap + diameter);
    let next = pitch - body.size * IDEO_ASCENT;
    diags.push(
        at.src.error_at(
            span,
            format!(
                "emphasis dots reach {depth:.2} pt below the baseline; the next body line's characters start {next:.2} pt below it"
            ),
        )
        .with_hint("make emphasis_dot_em + emphasis_gap_em smaller, or the line pitch larger"),
    );
    (diameter, gap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_labels_in_every_form() {
        assert_eq!(ListNumber::Dot.label(3), "3.");
        assert_eq!(ListNumber::Paren.label(12), "12)");
        assert_eq!(ListNumber::Parens.label(2), "(2)");
        assert_eq!(ListNumber::Circled.label(1), "①");
        assert_eq!(ListNumber::Circled.label(20), "⑳");
        assert_eq!(ListNumber::Circled.label(21), "21.");
        assert_eq!(ListNumber::HanParens.label(1), "（一）");
        assert_eq!(ListNumber::HanComma.label(10), "十、");
    }
}
