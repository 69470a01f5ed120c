//! `[article]`: how the blocks of an article body are set — blank lines
//! around intertitles, notes and poems, indents, the number form of lists, verse
//! turnovers and emphasis dots — and the optional styles the blocks use, found by name.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::load_toml::SourceFile;
use crate::spec::markup::TextFormat;
use crate::spec::model::{RuleStyle, Style, StyleId, IDEO_ASCENT};
use crate::spec::numbers::{opt_float_in, opt_int_in, MAX_INDENT_EM};
use crate::spec::raw::ArticleLayoutSpec;
use crate::spec::style::keyword;
use crate::spec::wording::{circled, han_number};

/// Most blank lines any spacing key may ask for.
const MAX_SPACE_LINES: u32 = 10;

/// The resolved `[article]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLayout {
    /// How a body is read when its front matter does not say (`format`).
    pub format: TextFormat,
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

const LIST_NUMBERS: &[(&str, ListNumber)] = &[
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
#[allow(clippy::too_many_arguments)]
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
    let lines = |v: &Option<Spanned<u32>>, default: u32, key: &str, diags: &mut Diagnostics| {
        opt_int_in(
            src,
            v,
            default,
            0..=MAX_SPACE_LINES,
            &format!("[article] {key}"),
            diags,
        )
    };
    let em = |v: &Option<Spanned<f64>>, default: f64, key: &str, diags: &mut Diagnostics| {
        opt_float_in(
            src,
            v,
            default,
            0.0..=MAX_INDENT_EM,
            &format!("[article] {key}"),
            diags,
        )
    };
    let note_frame = match &spec.note_frame {
        None => NoteFrame::None,
        Some(v) => match v.get_ref().as_str() {
            "none" => NoteFrame::None,
            "box" => NoteFrame::Box,
            "rules" => {
                let rule = match &spec.note_rule {
                    None => between.clone(),
                    Some(name) => match rules.get(name.get_ref()) {
                        Some(r) => r.clone(),
                        None => {
                            diags.push(crate::spec::furniture::unknown_rule(src, name, rules));
                            between.clone()
                        }
                    },
                };
                NoteFrame::Rules(rule)
            }
            other => {
                diags.push(
                    src.error_at(v.span(), format!("unknown note frame `{other}`"))
                        .with_hint("expected one of: none, rules, box"),
                );
                NoteFrame::None
            }
        },
    };
    let list_number = match &spec.list_number {
        None => ListNumber::Dot,
        Some(v) => match LIST_NUMBERS
            .iter()
            .find(|(k, _)| *k == v.get_ref().as_str())
        {
            Some((_, n)) => *n,
            None => {
                let forms: Vec<&str> = LIST_NUMBERS.iter().map(|(k, _)| *k).collect();
                diags.push(
                    src.error_at(
                        v.span(),
                        format!("unknown list number form `{}`", v.get_ref()),
                    )
                    .with_hint(format!("expected one of: {}", forms.join(" "))),
                );
                ListNumber::Dot
            }
        },
    };
    let list_bullet = match &spec.list_bullet {
        None => "●".to_string(),
        Some(v) => {
            let n = v.get_ref().chars().count();
            if !(1..=3).contains(&n) || v.get_ref().chars().any(char::is_whitespace) {
                diags.push(src.error_at(
                    v.span(),
                    "[article] list_bullet must be one to three characters, no spaces",
                ));
            }
            v.get_ref().clone()
        }
    };
    let (dot_diameter, dot_gap) = emphasis_dots(src, spec, body, pitch, diags);
    ArticleLayout {
        format: keyword(
            src,
            &spec.format,
            TEXT_FORMATS,
            "[article] format",
            TextFormat::Plain,
            diags,
        ),
        intertitle_above: lines(&spec.intertitle_above, 1, "intertitle_above", diags),
        intertitle_below: lines(&spec.intertitle_below, 0, "intertitle_below", diags),
        note_space: lines(&spec.note_space, 1, "note_space", diags),
        note_indent: em(&spec.note_indent_em, 0.0, "note_indent_em", diags),
        note_frame,
        quote_indent: em(&spec.quote_indent_em, 2.0, "quote_indent_em", diags),
        list_number,
        list_bullet,
        list_indent: em(&spec.list_indent_em, 2.0, "list_indent_em", diags),
        verse_indent: em(&spec.verse_indent_em, 2.0, "verse_indent_em", diags),
        verse_hang: em(&spec.verse_hang_em, 2.0, "verse_hang_em", diags),
        stanza_space: lines(&spec.stanza_space, 1, "stanza_space", diags),
        stanza_half_line: spec.stanza_half_line,
        poem_space: lines(&spec.poem_space, 2, "poem_space", diags),
        underset_lines: lines(&spec.underset_lines, 3, "underset_lines", diags),
        head_space: lines(&spec.head_space, 1, "head_space", diags),
        intertitle_keep: lines(&spec.intertitle_keep, 2, "intertitle_keep", diags),
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
const DOT_EM: f64 = 0.2;
const DOT_GAP_EM: f64 = 0.12;

/// The emphasis dots' diameter and gap (em). Dots hang below the em box and must clear
/// the next body line's characters ("counted in the line's depth so they never
/// touch the next line"): sizes the layout gives that do not fit are an error at the key;
/// the defaults shrink to fit a tight line pitch (leaving a tenth of the gap clear). A
/// pitch with no gap at all leaves no room: an article that asks for dots is then an
/// error at its block (`layout::flow::blocks`).
fn emphasis_dots(
    src: &SourceFile,
    spec: &ArticleLayoutSpec,
    body: Option<&Style>,
    pitch: f64,
    diags: &mut Diagnostics,
) -> (f64, f64) {
    let diameter = opt_float_in(
        src,
        &spec.emphasis_dot_em,
        DOT_EM,
        0.05..=0.5,
        "[article] emphasis_dot_em",
        diags,
    );
    let gap = opt_float_in(
        src,
        &spec.emphasis_gap_em,
        DOT_GAP_EM,
        0.0..=0.5,
        "[article] emphasis_gap_em",
        diags,
    );
    let Some(body) = body else {
        return (diameter, gap);
    };
    if dots_clear(body.size, pitch, gap, diameter) {
        return (diameter, gap);
    }
    // Room between the em box's bottom and the next line's em box top, in em.
    let room = pitch / body.size - 1.0;
    let at = spec
        .emphasis_dot_em
        .as_ref()
        .or(spec.emphasis_gap_em.as_ref())
        .map(|v| v.span());
    let Some(span) = at else {
        // Defaults: scaled into 90 % of the room.
        let k = (room * 0.9).max(0.0) / (DOT_EM + DOT_GAP_EM);
        return (DOT_EM * k, DOT_GAP_EM * k);
    };
    let depth = body.size * ((1.0 - IDEO_ASCENT) + gap + diameter);
    let next = pitch - body.size * IDEO_ASCENT;
    diags.push(
        src.error_at(
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
