//! Tests of the article body format (`markup.rs`).

use super::*;
use crate::linebreak::normalize::normalize_wire_pieces;
use crate::spec::model::Inline;

/// Three lines of front matter: body line 1 is file line 4.
const HEAD: &str = "+++\nheadline = \"x\"\n+++\n";

fn parse_with(body: &str, format: BodyFormat) -> ParsedBody {
    let file = format!("{HEAD}{body}");
    parse_body(&file, HEAD.len(), format, Path::new("a.txt"))
}

/// The blocks of a body that has nothing outside the format.
fn parse(body: &str) -> Vec<BodyBlock> {
    let parsed = parse_with(body, BodyFormat::default());
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    parsed.blocks
}

fn verse(body: &str) -> Vec<BodyBlock> {
    let format = BodyFormat {
        kind: ArticleKind::Verse,
        ..BodyFormat::default()
    };
    let parsed = parse_with(body, format);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    parsed.blocks
}

/// (line, column, message) of each warning.
fn warnings(body: &str) -> Vec<(usize, usize, String)> {
    parse_with(body, BodyFormat::default())
        .warnings
        .iter()
        .map(|d| {
            assert_eq!(d.file.as_deref(), Some(Path::new("a.txt")));
            assert!(!d.is_error(), "{d}");
            let pos = d.pos.unwrap();
            (pos.line, pos.col, d.message.clone())
        })
        .collect()
}

/// The one warning of `body` (its line, column, and that its message has `what`), and
/// the texts of the blocks: the construct set as the literal text it is.
fn literal(body: &str, line: usize, col: usize, what: &str, texts_want: &[&str]) {
    let e = warnings(body);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].0, e[0].1), (line, col), "{e:?}");
    assert!(e[0].2.contains(what), "{e:?}");
    assert!(
        e[0].2.contains("set as") || e[0].2.contains("set in"),
        "{e:?}"
    );
    let blocks = parse_with(body, BodyFormat::default()).blocks;
    assert_eq!(texts(&blocks), texts_want, "{body}");
}

fn texts(blocks: &[BodyBlock]) -> Vec<&str> {
    blocks.iter().map(|b| &*b.text).collect()
}

fn kinds(blocks: &[BodyBlock]) -> Vec<BlockKind> {
    blocks.iter().map(|b| b.kind).collect()
}

/// Each inline of a block as (its text, face, dots).
fn runs(b: &BodyBlock) -> Vec<(&str, Face, bool)> {
    b.inlines
        .iter()
        .map(|i| (&b.text[i.range.clone()], i.face, i.dots))
        .collect()
}

const fn verse_kind(stanza_break: bool, poem_start: bool) -> BlockKind {
    BlockKind::Verse {
        stanza_break,
        poem_start,
    }
}

#[test]
fn paragraphs_are_joined_as_wire_copy() {
    let b = parse("第一段\n文字。\n\n\n第二段 text\n  more。\n");
    assert_eq!(texts(&b), ["第一段文字。", "第二段 text more。"]);
    assert_eq!(kinds(&b), [BlockKind::Paragraph, BlockKind::Paragraph]);
    assert_eq!((b[0].line, b[1].line), (4, 8));
    assert!(b.iter().all(|b| b.inlines.is_empty()));
}

#[test]
fn a_line_of_ideographic_spaces_separates_paragraphs() {
    let b = parse("\u{3000}\u{3000}甲段。\n\u{3000}\u{3000}\n\u{3000}\u{3000}乙段。\n");
    assert_eq!(texts(&b), ["甲段。", "乙段。"]);
    assert_eq!(b[1].line, 6);
}

#[test]
fn empty_blocks_are_dropped() {
    let b = parse("\u{200B}\n\n- \u{200B}\n- 乙\n");
    assert_eq!(texts(&b), ["乙"]);
    assert_eq!(b[0].kind, BlockKind::ListItem { number: None });
}

#[test]
fn escapes_and_entities_are_literal_text() {
    let b = parse("A&amp;B \\*星\\* \\[1\\] [2] a_b_c &page=2\n");
    assert_eq!(texts(&b), ["A&B *星* [1] [2] a_b_c &page=2"]);
}

#[test]
fn intertitle_in_prose() {
    let b = parse("## 铁路：加开临客 ##\n正文。\n");
    assert_eq!(kinds(&b), [BlockKind::Intertitle, BlockKind::Paragraph]);
    assert_eq!(texts(&b), ["铁路：加开临客", "正文。"]);
    assert_eq!((b[0].line, b[1].line), (4, 5));
}

#[test]
fn editors_note_by_its_opening_words() {
    let b = parse("> 【编者按】春运是\n> 一场大考。\n>\n> 本报推出专栏。\n\n正文。\n");
    assert_eq!(
        kinds(&b),
        [BlockKind::Note, BlockKind::Note, BlockKind::Paragraph]
    );
    assert_eq!(
        texts(&b),
        ["【编者按】春运是一场大考。", "本报推出专栏。", "正文。"]
    );
    assert_eq!((b[0].line, b[1].line), (4, 7));
}

#[test]
fn quote_unless_the_header_says_note() {
    let body = "> 旅客说：“回家真好。”\n\n> 第二处引文。\n";
    let b = parse(body);
    assert_eq!(kinds(&b), [BlockKind::Quote, BlockKind::Quote]);
    let note = BodyFormat {
        blockquote: BlockquoteAs::Note,
        ..BodyFormat::default()
    };
    let b = parse_with(body, note).blocks;
    assert_eq!(kinds(&b), [BlockKind::Note, BlockKind::Note]);
}

#[test]
fn numbered_items_carry_their_ordinal() {
    let b = parse("导语：\n\n3. 甲\n3. 乙\n   续行\n3. 丙\n\n另起：\n\n1. 新表\n");
    let n = |n| BlockKind::ListItem { number: Some(n) };
    assert_eq!(
        kinds(&b),
        [
            BlockKind::Paragraph,
            n(3),
            n(4),
            n(5),
            BlockKind::Paragraph,
            n(1)
        ]
    );
    assert_eq!(
        texts(&b),
        ["导语：", "甲", "乙续行", "丙", "另起：", "新表"]
    );
    assert_eq!(b[2].line, 7);
}

#[test]
fn loose_and_bullet_lists() {
    let b = parse("1. 甲\n\n2. **乙**\n\n- 子\n+ 丑\n* 寅\n");
    let bullet = BlockKind::ListItem { number: None };
    assert_eq!(
        kinds(&b),
        [
            BlockKind::ListItem { number: Some(1) },
            BlockKind::ListItem { number: Some(2) },
            bullet,
            bullet,
            bullet
        ]
    );
    assert_eq!(runs(&b[1]), [("乙", Face::Strong, false)]);
}

#[test]
fn inline_faces_and_dots() {
    let b = parse(
        "前**粗体**中*楷体*后[着重](dots)尾[**粗着**](dots)，**[粗着](dots)**，_也是楷体_。\n",
    );
    assert_eq!(&*b[0].text, "前粗体中楷体后着重尾粗着，粗着，也是楷体。");
    assert_eq!(
        runs(&b[0]),
        [
            ("粗体", Face::Strong, false),
            ("楷体", Face::Emphasis, false),
            ("着重", Face::Regular, true),
            ("粗着", Face::Strong, true),
            ("粗着", Face::Strong, true),
            ("也是楷体", Face::Emphasis, false),
        ]
    );
}

#[test]
fn runs_index_the_normalised_text_across_soft_breaks() {
    let b = parse("前*衡阳\n市区*后 a *b\n  c* d [ 字 ](dots)\n");
    assert_eq!(&*b[0].text, "前衡阳市区后 a b c d 字");
    assert_eq!(
        runs(&b[0]),
        [
            ("衡阳市区", Face::Emphasis, false),
            ("b c", Face::Emphasis, false),
            ("字", Face::Regular, true),
        ]
    );
}

#[test]
fn adjacent_equal_runs_merge() {
    let b = parse("**衡**\n**阳**与*甲*[乙](dots)\n");
    assert_eq!(&*b[0].text, "衡阳与甲乙");
    assert_eq!(
        runs(&b[0]),
        [
            ("衡阳", Face::Strong, false),
            ("甲", Face::Emphasis, false),
            ("乙", Face::Regular, true),
        ]
    );
    // Mixed inside a run: dots over part of a bold run split it.
    let b = parse("**甲[乙](dots)丙**\n");
    assert_eq!(
        runs(&b[0]),
        [
            ("甲", Face::Strong, false),
            ("乙", Face::Strong, true),
            ("丙", Face::Strong, false),
        ]
    );
}

#[test]
fn verse_article_stanzas_and_poems() {
    let b = verse(
        "## 雁城春早\n\n### 周晓岚\n\n回雁峰下，\n第一声  雁鸣\n\n湘江的水\n\n## 归途\n\n高铁\n\n### 无名\n\n乡音\n",
    );
    assert_eq!(
        kinds(&b),
        [
            BlockKind::PoemTitle,
            BlockKind::PoemAuthor,
            verse_kind(false, false),
            verse_kind(false, false),
            verse_kind(true, false),
            BlockKind::PoemTitle,
            verse_kind(false, false),
            BlockKind::PoemAuthor,
            verse_kind(false, true),
        ]
    );
    assert_eq!(
        texts(&b),
        [
            "雁城春早",
            "周晓岚",
            "回雁峰下，",
            "第一声 雁鸣",
            "湘江的水",
            "归途",
            "高铁",
            "无名",
            "乡音"
        ]
    );
    assert_eq!(
        b.iter().map(|b| b.line).collect::<Vec<_>>(),
        [4, 6, 8, 9, 11, 13, 15, 17, 19]
    );
}

#[test]
fn verse_without_title_starts_a_poem_and_runs_split_at_lines() {
    let b = verse("*甲\n乙*丙  \n丁\n\n戊\n");
    assert_eq!(
        kinds(&b),
        [
            verse_kind(false, true),
            verse_kind(false, false),
            verse_kind(false, false),
            verse_kind(true, false),
        ]
    );
    assert_eq!(texts(&b), ["甲", "乙丙", "丁", "戊"]);
    assert_eq!(runs(&b[0]), [("甲", Face::Emphasis, false)]);
    assert_eq!(runs(&b[1]), [("乙", Face::Emphasis, false)]);
    assert!(b[2].inlines.is_empty());
}

#[test]
fn verse_fence_in_prose_is_one_literal_poem() {
    let b = parse(
        "正文。\n\n```verse\n甲 *x* [y](z)\n\n\n乙\n  丙\n```\n\n```verse\n丁\n```\n后文。\n",
    );
    assert_eq!(
        kinds(&b),
        [
            BlockKind::Paragraph,
            verse_kind(false, true),
            verse_kind(true, false),
            verse_kind(false, false),
            verse_kind(false, true),
            BlockKind::Paragraph,
        ]
    );
    assert_eq!(
        texts(&b),
        ["正文。", "甲 *x* [y](z)", "乙", "丙", "丁", "后文。"]
    );
    assert_eq!(
        b.iter().map(|b| b.line).collect::<Vec<_>>(),
        [4, 7, 10, 11, 15, 17]
    );
}

#[test]
fn verse_fence_after_a_poem_title_has_no_poem_start() {
    let b = verse("## 题\n\n```verse\n甲\n```\n");
    assert_eq!(kinds(&b), [BlockKind::PoemTitle, verse_kind(false, false)]);
}

#[test]
fn headings_other_than_the_format_are_literal_text() {
    literal(
        "正文。\n\n# 一级\n",
        6,
        1,
        "level-1 heading",
        &["正文。", "# 一级"],
    );
    literal("#### 四级\n", 4, 1, "level-4 heading", &["#### 四级"]);
    literal("### 三级\n", 4, 1, "level-3 heading", &["### 三级"]);
    literal(
        "小标题\n---\n",
        4,
        1,
        "underlined heading",
        &["小标题", "---"],
    );
    let e = parse_with(
        "#### 四级\n",
        BodyFormat {
            kind: ArticleKind::Verse,
            ..BodyFormat::default()
        },
    );
    assert!(
        e.warnings[0].hints[0].contains("`### ` its author"),
        "{e:?}"
    );
}

#[test]
fn block_constructs_outside_the_format_are_literal_text() {
    literal(
        "甲。\n\n***\n\n乙。\n",
        6,
        1,
        "thematic break",
        &["甲。", "***", "乙。"],
    );
    literal(
        "甲。\n\n    缩进\n",
        6,
        5,
        "indented by four spaces",
        &["甲。", "缩进"],
    );
    literal(
        "甲。\n\n    缩进一\n    缩进二\n",
        6,
        5,
        "indented by four spaces",
        &["甲。", "缩进一", "缩进二"],
    );
    literal(
        "甲。\n\n```rust\nfn x() {}\n```\n",
        6,
        1,
        "code block (```rust)",
        &["甲。", "```rust fn x() {} ```"],
    );
    literal("```verse\n甲\n乙\n", 4, 1, "not closed", &["甲", "乙"]);
    literal(
        "甲。\n\n<div>\n乙\n</div>\n",
        6,
        1,
        "HTML",
        &["甲。", "<div>乙</div>"],
    );
    literal(
        "[1]: http://example.com\n\n甲。\n",
        4,
        1,
        "link reference definition",
        &["[1]: http://example.com", "甲。"],
    );
    literal(
        "甲。\n\n[1]: http://example.com\n",
        6,
        1,
        "link reference definition",
        &["甲。", "[1]: http://example.com"],
    );
    literal(
        "- 甲\n  - 乙\n",
        5,
        3,
        "list inside a list item",
        &["甲", "- 乙"],
    );
    literal(
        "1. 甲\n\n   乙\n",
        6,
        4,
        "more than one paragraph",
        &["甲", "乙"],
    );
    literal("> - 甲\n", 4, 3, "list inside a `>` quotation", &["- 甲"]);
    literal("> ## 甲\n", 4, 3, "heading inside a quotation", &["## 甲"]);
    literal("> > 甲\n", 4, 3, "quotation inside a quotation", &["> 甲"]);
    literal(
        "- ```verse\n  甲\n  ```\n",
        4,
        3,
        "inside a quotation or a list item",
        &["```verse", "甲", "```"],
    );
}

#[test]
fn inline_constructs_outside_the_format_are_literal_text() {
    literal("甲`乙`丙\n", 4, 2, "inline code", &["甲`乙`丙"]);
    literal("甲![图](a.jpg)丙\n", 4, 2, "image", &["甲![图](a.jpg)丙"]);
    literal(
        "甲[乙](http://example.com)丙\n",
        4,
        2,
        "link (to `http://example.com`)",
        &["甲[乙](http://example.com)丙"],
    );
    literal(
        "甲[乙](dots \"t\")丙\n",
        4,
        2,
        "link (to `dots`)",
        &["甲[乙](dots \"t\")丙"],
    );
    literal(
        "甲<http://example.com>丙\n",
        4,
        2,
        "link",
        &["甲<http://example.com>丙"],
    );
    literal(
        "Santiago Vila <sanvila@debian.org>\n",
        4,
        15,
        "link (to `sanvila@debian.org`)",
        &["Santiago Vila <sanvila@debian.org>"],
    );
    literal("甲\\\n乙\n", 4, 2, "hard line break", &["甲\\乙"]);
    literal(
        "*甲**乙**丙*\n",
        4,
        3,
        "a run of text has one face",
        &["甲乙丙"],
    );
    literal("甲<br>乙\n", 4, 2, "HTML", &["甲<br>乙"]);
    // Two trailing spaces are a line break like any other: nothing to report.
    assert_eq!(texts(&parse("甲  \n乙\n")), ["甲乙"]);
    let e = warnings("甲<b>乙</b>\n");
    assert_eq!(
        e.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
        [(4, 2), (4, 6)]
    );
}

#[test]
fn a_star_between_digits_is_a_multiplication_sign() {
    for (src, want) in [
        ("单价为2*3元，总价为4*5元\n", "单价为2*3元，总价为4*5元"),
        ("规格为5*3*2米\n", "规格为5*3*2米"),
        ("2**10与3_4\n", "2**10与3_4"),
    ] {
        let b = parse(src);
        assert_eq!(texts(&b), [want]);
        assert!(b[0].inlines.is_empty(), "{:?}", b[0]);
    }
    // Markup is still markup next to digits that are not on both sides.
    let b = parse("共**3**人\n");
    assert_eq!(runs(&b[0]), [("3", Face::Strong, false)]);
}

#[test]
fn unmatched_asterisks_are_literal_escaped_ones_text() {
    literal("甲*乙\n", 4, 2, "unmatched `*`", &["甲*乙"]);
    literal("甲\n乙 ** 丙\n", 5, 3, "unmatched `**`", &["甲乙 ** 丙"]);
    literal("甲\\\\*乙\n", 4, 4, "unmatched `*`", &["甲\\*乙"]);
    literal("*ST金泰\n", 4, 1, "unmatched `*`", &["*ST金泰"]);
    // CommonMark's flanking rule: `**` between a Han character and punctuation
    // inside the run neither opens nor closes; with the punctuation outside it does.
    assert_eq!(warnings("他说**“你好”**。\n").len(), 2);
    let b = parse("他说“**你好**”。\n");
    assert_eq!(runs(&b[0]), [("你好", Face::Strong, false)]);
    assert_eq!(texts(&parse("甲\\*乙 2\\*3\n")), ["甲*乙 2*3"]);
    // Inside a ```verse fence the text is literal.
    assert_eq!(texts(&parse("```verse\n*甲\n```\n")), ["*甲"]);
}

#[test]
fn every_warning_of_the_body_is_reported_in_order() {
    let e = warnings("# 一\n\n甲`乙`\n\n丙*丁\n\n***\n");
    assert_eq!(
        e.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
        [(4, 1), (6, 2), (8, 2), (10, 1)]
    );
}

#[test]
fn pieces_map_to_the_normalised_text() {
    let (text, ranges) =
        normalize_wire_pieces(&["  前", "衡阳\n", "\n", " 市区 ", "\u{200B}", "b\u{A0} c"])
            .unwrap();
    assert_eq!(text, "前衡阳市区 b\u{A0}c");
    let slices: Vec<Option<&str>> = ranges.iter().map(|r| r.clone().map(|r| &text[r])).collect();
    assert_eq!(
        slices,
        [
            Some("前"),
            Some("衡阳"),
            None,
            Some("市区"),
            None,
            Some("b\u{A0}c")
        ]
    );
    // A combining mark composed with the base of the piece before it.
    assert!(normalize_wire_pieces(&["e", "\u{301}x"]).is_none());
}

proptest::proptest! {
    /// Any mix of markup, Han, Latin, spaces and line breaks gives blocks and located
    /// warnings, never an error or a panic, and loses no Han character; inline runs are non-empty byte ranges on character
    /// boundaries of their block's text, sorted, apart, and merged when touching.
    #[test]
    fn inline_runs_are_well_formed(
        body in proptest::collection::vec(
            proptest::sample::select(vec![
                "*", "**", "_", "[", "](dots)", "](x)", "\\", "`", "<b>", "#", "## ", "> ",
                "- ", "1. ", "```verse\n", "```\n", "\n", "\n\n", " ", "  ", "\u{3000}",
                "衡阳", "。", "“", "”", "ab", "\u{200B}", "e\u{301}", "\u{301}", "&amp;",
            ]),
            0..40,
        ),
        verse_article in proptest::bool::ANY,
    ) {
        let format = BodyFormat {
            kind: if verse_article { ArticleKind::Verse } else { ArticleKind::Prose },
            ..BodyFormat::default()
        };
        let source = body.concat();
        let parsed = parse_with(&source, format);
        for b in &parsed.blocks {
            proptest::prop_assert!(!b.text.is_empty());
            let mut end = 0;
            let mut last: Option<&Inline> = None;
            for i in &b.inlines {
                proptest::prop_assert!(i.range.start < i.range.end, "{b:?}");
                proptest::prop_assert!(i.range.start >= end, "{b:?}");
                proptest::prop_assert!(b.text.get(i.range.clone()).is_some(), "{b:?}");
                proptest::prop_assert!(i.face != Face::Regular || i.dots, "{b:?}");
                if let Some(l) = last {
                    proptest::prop_assert!(
                        l.range.end < i.range.start || l.face != i.face || l.dots != i.dots,
                        "{b:?}"
                    );
                }
                end = i.range.end;
                last = Some(i);
            }
        }
        for d in &parsed.warnings {
            proptest::prop_assert!(!d.is_error(), "{d}");
            proptest::prop_assert!(d.pos.is_some_and(|p| p.line >= 4), "{d}");
        }
        // Text is never lost: every Han character of the source is set, once.
        let han = |t: &str| t.matches('衡').count();
        let set: usize = parsed.blocks.iter().map(|b| han(&b.text)).sum();
        proptest::prop_assert_eq!(set, han(&source), "{:?}", parsed.blocks);
    }
}
